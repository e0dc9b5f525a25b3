#include "frame.h"

#include <algorithm>

#include "det_math.h"

namespace hpiano {

bool IsFlat(const std::array<double, kPitchClasses>& pitch_classes) {
  return Likeliest(pitch_classes.data(), kPitchClasses) < 0;
}

int ExpectedPitchClass(const std::array<double, kPitchClasses>& pitch_classes) {
  return Likeliest(pitch_classes.data(), kPitchClasses);
}

int Likeliest(const double* p, int count) {
  const auto [lowest, highest] = std::minmax_element(p, p + count);
  return *highest - *lowest < kFlatSpread ? -1 : static_cast<int>(highest - p);
}

int Frame::Step(Network& network, int key, bool learn) {
  BeforeStep(network);
  return AfterStep(network, network.Step(key, learn));
}

int Frame::Step(Network& network, int key, int rhythm_class, bool learn) {
  BeforeStep(network);
  return AfterStep(network, network.StepTimed(key, rhythm_class, learn));
}

void Frame::BeforeStep(const Network& network) {
  TakeDrive(network);
  notes.expected_before = ExpectedPitchClass(network.PitchClassPrediction());
  rhythm.expected_before = Likeliest(network.rhythm_prediction().data(), kRhythmClasses);
}

int Frame::AfterStep(const Network& network, int midi) {
  notes.fired = network.fired();
  notes.inhibited = network.inhibited();
  notes.chosen = network.NeuronForMidi(midi);
  fired_midi.assign(network.fired_midi().begin(), network.fired_midi().end());
  stepped = true;
  // The rhythm neurons have no k-winners: the class heard or chosen fires, and
  // every other that had crossed its threshold (c - theta > kCandidateMargin)
  // lost to it. With no IOI ended here (chosen -1) none fired and none lost.
  rhythm.chosen = network.last_rhythm();
  for (int i = 0; i < kRhythmClasses; ++i) {
    rhythm.fired[i] = i == rhythm.chosen;
    rhythm.inhibited[i] =
        rhythm.chosen >= 0 && !rhythm.fired[i] && rhythm.centred[i] - rhythm.thresholds[i] > kCandidateMargin;
  }
  TakeExpectation(network);
  return midi;
}

void Frame::Show(const Network& network) {
  TakeDrive(network);
  notes.ShowNoStep();
  rhythm.ShowNoStep();
  fired_midi.clear();
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

void Frame::Neurons::ShowNoStep() {
  expected_before = -1;
  std::fill(fired.begin(), fired.end(), 0);
  std::fill(inhibited.begin(), inhibited.end(), 0);
  chosen = -1;
}

void Frame::TakeDrive(const Network& network) {
  notes.activation = network.activation();
  notes.centred = network.centred();
  notes.thresholds = network.thresholds();
  notes.mean = network.mean_activation();
  notes.fired.resize(network.note_count());
  notes.inhibited.resize(network.note_count());

  // The rhythm neurons' a = ln p and its mean as Population::centred() sums them.
  const Population& rhythms = network.key_rhythm().rhythms();
  rhythm.enabled = network.key_rhythm().enabled();
  rhythm.activation.resize(kRhythmClasses);
  rhythm.mean = 0;
  for (int i = 0; i < kRhythmClasses; ++i) {
    rhythm.activation[i] = det_log(rhythms.prediction()[i]);
    rhythm.mean += rhythm.activation[i] / kRhythmClasses;
  }
  rhythm.centred = rhythms.centred();
  rhythm.thresholds = rhythms.thresholds();
  rhythm.fired.resize(kRhythmClasses);
  rhythm.inhibited.resize(kRhythmClasses);
}

void Frame::TakeExpectation(const Network& network) {
  const int count = network.note_count();
  const std::vector<double>& prediction = notes.prediction = network.prediction();
  pitch_classes = network.PitchClassPrediction();
  expected_pitch_class = ExpectedPitchClass(pitch_classes);
  flat = expected_pitch_class < 0;
  neuron_midi.resize(count);
  for (int i = 0; i < count; ++i) neuron_midi[i] = network.MidiForNeuron(i);
  if (flat) {
    expected_midi = -1;
    expected_midi_probability = 0;
  } else if (network.config().octaves == 1 && network.key_rhythm().intervals_learned()) {
    const std::array<double, kMidiKeys> keys = network.KeyPrediction();
    expected_midi = static_cast<int>(std::max_element(keys.begin(), keys.end()) - keys.begin());
    expected_midi_probability = keys[expected_midi];
  } else {
    const int likeliest = static_cast<int>(std::max_element(prediction.begin(), prediction.end()) - prediction.begin());
    expected_midi = neuron_midi[likeliest];
    expected_midi_probability = prediction[likeliest];
  }
  rhythm.prediction = network.rhythm_prediction();
  rhythm.expected = Likeliest(rhythm.prediction.data(), kRhythmClasses);

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
