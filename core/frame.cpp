#include "frame.h"

#include <algorithm>

namespace hpiano {

bool IsFlat(const std::array<double, kPitchClasses>& pitch_classes) {
  const auto [lowest, highest] = std::minmax_element(pitch_classes.begin(), pitch_classes.end());
  return *highest - *lowest < kFlatSpread;
}

int ExpectedPitchClass(const std::array<double, kPitchClasses>& pitch_classes) {
  if (IsFlat(pitch_classes)) return -1;
  return static_cast<int>(std::max_element(pitch_classes.begin(), pitch_classes.end()) - pitch_classes.begin());
}

int Frame::Step(Network& network, int key, bool learn) {
  BeforeStep(network);
  return AfterStep(network, network.Step(key, learn));
}

int Frame::Step(Network& network, int key, int rhythm, bool learn) {
  BeforeStep(network);
  return AfterStep(network, network.StepTimed(key, rhythm, learn));
}

void Frame::BeforeStep(const Network& network) {
  TakeDrive(network);
  expected_before = ExpectedPitchClass(network.PitchClassPrediction());
}

int Frame::AfterStep(const Network& network, int midi) {
  fired = network.fired();
  inhibited = network.inhibited();
  fired_midi.assign(network.fired_midi().begin(), network.fired_midi().end());
  chosen = network.NeuronForMidi(midi);
  stepped = true;
  TakeExpectation(network);
  return midi;
}

void Frame::Show(const Network& network) {
  TakeDrive(network);
  expected_before = -1;
  fired.assign(network.note_count(), 0);
  inhibited.assign(network.note_count(), 0);
  fired_midi.clear();
  chosen = -1;
  stepped = false;
  TakeExpectation(network);
}

void Frame::TakeDegreeRow(const Network& network) {
  const Tonal::Shown shown = network.tonal().LongestFamiliar(network.config());
  tonal_order = shown.order;
  pool_kind.push_back(static_cast<uint8_t>(PoolKind::kDegrees));
  pool_size.push_back(network.config().tonal_pool_size);
  cells.insert(cells.end(), shown.cells.begin(), shown.cells.end());
  cell_start.push_back(static_cast<int32_t>(cells.size()));
  for (int set = 0; set < 2; ++set) {
    const bool slow = set == static_cast<int>(WeightSet::kSlow);
    const ContextReading none, &reading = slow ? shown.reading : none;
    Readings& into = readings[set];
    into.read.push_back(slow);
    into.confidence.push_back(reading.confidence);
    into.vote_share.push_back(reading.vote_share);
    into.distinct.push_back(reading.distinct);
    into.vote.push_back(reading.vote);
  }
}

void Frame::TakeDrive(const Network& network) {
  activation = network.activation();
  centred = network.centred();
  thresholds = network.thresholds();
  mean = network.mean_activation();
}

void Frame::TakeExpectation(const Network& network) {
  const int notes = network.note_count();
  prediction = network.prediction();
  pitch_classes = network.PitchClassPrediction();
  expected_pitch_class = ExpectedPitchClass(pitch_classes);
  flat = expected_pitch_class < 0;
  neuron_midi.resize(notes);
  for (int i = 0; i < notes; ++i) neuron_midi[i] = network.MidiForNeuron(i);
  const int likeliest = static_cast<int>(std::max_element(prediction.begin(), prediction.end()) - prediction.begin());
  expected_midi = flat ? -1 : neuron_midi[likeliest];

  const int pools = network.pool_count();
  pool_kind.resize(pools);
  pool_size.resize(pools);
  cell_start.resize(pools + 1);
  cells.clear();
  for (Readings& set : readings) {
    set.read.resize(pools);
    set.confidence.resize(pools);
    set.vote_share.resize(pools);
    set.distinct.resize(pools);
    set.vote.resize(pools);
  }
  for (int pool = 0; pool < pools; ++pool) {
    pool_kind[pool] = static_cast<uint8_t>(network.KindOfPool(pool));
    pool_size[pool] = pool == 0 ? 1 : network.PoolSize(pool);
    cell_start[pool] = static_cast<int32_t>(cells.size());
    cells.insert(cells.end(), network.code(pool).begin(), network.code(pool).end());
    for (int set = 0; set < 2; ++set) {
      const PoolReading& reading = network.reading(static_cast<WeightSet>(set), pool);
      Readings& into = readings[set];
      into.read[pool] = network.ReadsPool(static_cast<WeightSet>(set), pool);
      into.confidence[pool] = reading.confidence;
      into.vote_share[pool] = reading.vote_share;
      into.distinct[pool] = reading.distinct;
      into.vote[pool] = reading.vote;
    }
  }
  cell_start[pools] = static_cast<int32_t>(cells.size());
  tonal_reference = network.tonal().reference();
  tonal_order = 0;
  if (network.tonal().enabled()) TakeDegreeRow(network);

  deciding_pool = network.deciding_pool();
  for (int r = 0; r < kReadouts; ++r) mix_weight[r] = network.mix_weight(static_cast<Readout>(r));
  // The fast weights decide when their readout weighed most (ties to the fast).
  const double fast = mix_weight[static_cast<int>(Readout::kFast)];
  deciding_set = fast >= std::max(mix_weight[static_cast<int>(Readout::kSlowShort)],
                                  mix_weight[static_cast<int>(Readout::kSlowLong)])
                     ? WeightSet::kFast
                     : WeightSet::kSlow;
  first_order_weights = network.FirstOrderWeights();
}

}  // namespace hpiano
