#include "key_rhythm.h"

#include <algorithm>
#include <cstdlib>

#include "bytes.h"
#include "det_math.h"

namespace hpiano {

namespace {

constexpr uint64_t kKeyPoolTag = 0x4000, kRhythmPoolTag = 0x5000, kJointPoolTag = 0x6000, kGeneratorTag = 0x7000,
                   kIntervalPoolTag = 0x8000, kTunePoolTag = 0x9000;
// Symbols: a key 0..127 (start 128); a rhythm class 0..11, 12 for none (start 13);
// an interval 0..2 * range (-range..+range), 2 * range + 1 for none or out of range
// (start 2 * range + 2); a joint (interval, rhythm) 13 * interval + rhythm (start 13 * the interval start).
constexpr int kKeyStart = kMidiKeys;
// The tune pool hears pitch classes (music_tune_chain 1) or (key, rhythm symbol) pairs, 13 * key + rhythm;
// its start symbol is past both.
constexpr int kTuneStart = kMidiKeys * (kRhythmClasses + 1);
constexpr int kRhythmNone = kRhythmClasses, kRhythmSymbols = kRhythmClasses + 1, kRhythmStart = kRhythmSymbols;
// Share of each pitch class's probability spread over all its keys, so a key
// beyond interval_range of the previous one is unlikely but possible.
constexpr double kOutOfRangeShare = 1e-3;

// Entropy, bits, floored so that a certain prediction gets a large but finite mixing weight.
double EntropyBits(const double* p, int count) {
  double bits = 0;
  for (int i = 0; i < count; ++i)
    if (p[i] > 0) bits -= p[i] * det_log2(p[i]);
  return std::max(bits, 1e-6);
}

int RhythmSymbol(int rhythm) { return rhythm >= 0 ? rhythm : kRhythmNone; }

// Pool m of a family: the generalising readouts read it up to their orders,
// the fast weights up to theirs, the recall readout beyond the slow orders.
PoolView View(const HashedChain& chain, int pool, int slow_orders, int short_slow_orders, int recall_orders,
              int fast_orders = 16) {
  return {&chain.code(pool), pool <= std::min(slow_orders, short_slow_orders), pool <= slow_orders, pool <= fast_orders,
          pool > slow_orders && pool <= recall_orders};
}

// Twelfths of a beat in each rhythm class.
constexpr int kClassTwelfths[kRhythmClasses] = {2, 3, 4, 6, 8, 9, 12, 18, 24, 36, 48, 72};

}  // namespace

void KeyRhythm::Reset(const Config& config) {
  learned_in_tune_ = false;
  views_owner_ = nullptr;
  enabled_ = config.keys_and_rhythm != 0;
  range_ = config.interval_range;
  // Disabled: no pools, one always-on cell that never learns (uniform predictions).
  const int size = enabled_ ? config.music_pool_size : 0, k = config.music_k_context;
  const int orders = enabled_ ? 1 : 0;  // 0 drops every pool
  key_pools_.Reset(orders * config.key_orders, size, k, config.seed, kKeyPoolTag, 1);
  interval_pools_.Reset(orders * config.interval_orders, size, k, config.seed, kIntervalPoolTag,
                        1 + config.key_orders * size);
  phase_period_ = 12 * std::max(config.phase_beats, 1);
  rhythm_pools_.Reset(orders * config.rhythm_orders, size, k, config.seed, kRhythmPoolTag, 1);
  joint_pools_.Reset(orders * config.joint_orders, size, k, config.seed, kJointPoolTag,
                     1 + config.rhythm_orders * size);
  // The tune pool's cells come last in both populations' numbering.
  const int interval_cells = 1 + (config.key_orders + config.interval_orders) * size;
  const int rhythm_cells = 1 + (config.rhythm_orders + config.joint_orders) * size;
  const int tune_pool_size = orders * config.music_tune_pool_size;
  tune_pool_.ResetTunePool(tune_pool_size, config.music_tune_k_context > 0 ? config.music_tune_k_context : k,
                           config.seed, kTunePoolTag, 0);
  tune_chains_on_pitch_classes_ = config.music_tune_chain == 1;
  interval_tune_base_ = interval_cells;
  rhythm_tune_base_ = rhythm_cells;
  // One neuron per interval, and one for "the tune ended here".
  // The fast weights never read the tune pool: they span the other cells only.
  intervals_.Reset(2 * range_ + 2, interval_cells + tune_pool_size, interval_cells);
  rhythms_.Reset(kRhythmClasses, rhythm_cells + tune_pool_size, rhythm_cells);
  Reseed(config.seed);
  last_key_ = 60;
  NewTune(config);
}

void KeyRhythm::Reseed(uint64_t seed) { generator_.Seed(mix64(seed ^ kGeneratorTag)); }

// A tune or phrase heard with learning ends (a new tune, or a rest): the
// contexts of its last note learn that nothing followed, so its last key, too,
// counts as heard when playing.
void KeyRhythm::LearnEnd(const Config& config) {
  if (enabled_ && learned_in_tune_ && previous_key_ >= 0) {
    BuildViews(config);
    intervals_.Learn(2 * range_ + 1, interval_views_, config);
  }
  learned_in_tune_ = false;
}

void KeyRhythm::NewTune(const Config& config) {
  LearnEnd(config);
  intervals_.NewTune();
  rhythms_.NewTune();
  Rest(config);
}

void KeyRhythm::Rest(const Config& config) {
  LearnEnd(config);
  previous_key_ = -1;
  last_rhythm_ = kNoRhythm;
  ClearCodes(config);
}

void KeyRhythm::ClearCodes(const Config& config) {
  key_pools_.Clear(kKeyStart);
  interval_pools_.Clear(IntervalStart());
  phase_ = 0;
  rhythm_pools_.Clear(kRhythmStart * phase_period_);
  joint_pools_.Clear(IntervalStart() * kRhythmSymbols);
  tune_pool_.Clear(kTuneStart);
  Predict(config);
}

// The views point into the pools' codes (whose contents change in place), so
// they are built once per object: a copied network builds its own.
void KeyRhythm::BuildViews(const Config& config) {
  if (views_owner_ == this) return;
  views_owner_ = this;
  interval_views_.clear();
  // At each order the interval pool (transposition-invariant) before the key pool (the same with the register).
  for (int pool = 1; pool <= std::max(key_pools_.orders(), interval_pools_.orders()); ++pool) {
    if (pool <= interval_pools_.orders())
      interval_views_.push_back(View(interval_pools_, pool, config.key_slow_orders, config.key_short_slow_orders,
                                     config.music_recall_orders));
    if (pool <= key_pools_.orders())
      interval_views_.push_back(
          View(key_pools_, pool, config.key_slow_orders, config.key_short_slow_orders, config.music_recall_orders));
  }
  // Rhythm contexts from the shortest to the longest: at each order the rhythm
  // pool, then the joint pool (the same rhythms with their pitch classes).
  rhythm_views_.clear();
  for (int pool = 1; pool <= std::max(rhythm_pools_.orders(), joint_pools_.orders()); ++pool) {
    if (pool <= rhythm_pools_.orders())
      rhythm_views_.push_back(View(rhythm_pools_, pool, config.rhythm_slow_orders, config.rhythm_short_slow_orders,
                                   config.music_recall_orders, config.rhythm_fast_orders));
    if (pool <= joint_pools_.orders())
      rhythm_views_.push_back(View(joint_pools_, pool, config.joint_slow_orders, config.rhythm_short_slow_orders,
                                   config.music_recall_orders));
  }
  // The tune pool last, the most specific context: slow weights only, read by their recall readout.
  if (tune_pool_.orders() > 0) {
    interval_views_.push_back({&interval_tune_code_, false, false, false, true});
    rhythm_views_.push_back({&rhythm_tune_code_, false, false, false, true});
  }
}

// The tune pool's code (numbered from 0) placed after each population's other cells.
void KeyRhythm::PlaceTuneCode() {
  interval_tune_code_.clear();
  rhythm_tune_code_.clear();
  if (tune_pool_.orders() == 0) return;
  for (int cell : tune_pool_.code(1)) {
    interval_tune_code_.push_back(interval_tune_base_ + cell);
    rhythm_tune_code_.push_back(rhythm_tune_base_ + cell);
  }
}

void KeyRhythm::Predict(const Config& config) {
  PlaceTuneCode();
  BuildViews(config);
  intervals_.Predict(interval_views_, config, config.key_slow_escape);
  rhythms_.Predict(rhythm_views_, config, config.rhythm_slow_escape);
}

void KeyRhythm::Hear(int midi, int rhythm, bool learn, const Config& config) {
  if (!enabled_) {
    previous_key_ = last_key_ = midi;
    return;
  }
  const int interval = previous_key_ >= 0 ? midi - previous_key_ : 0;
  const bool has_interval = previous_key_ >= 0 && std::abs(interval) <= range_;
  learned_in_tune_ = learned_in_tune_ || learn;
  if (learn) {
    BuildViews(config);
    if (has_interval) intervals_.Learn(interval + range_, interval_views_, config);
    if (rhythm >= 0) rhythms_.Learn(rhythm, rhythm_views_, config);
  }
  if (has_interval) intervals_.Fired(interval + range_, config);
  if (rhythm >= 0) rhythms_.Fired(rhythm, config);
  previous_key_ = last_key_ = midi;
  last_rhythm_ = rhythm;
  key_pools_.Advance(midi);
  interval_pools_.Advance(IntervalSymbol(has_interval, interval));
  // The onset's position within phase_period_ twelfths of a beat, counted from the tune's first note.
  phase_ = rhythm >= 0 && config.phase_beats > 0 ? (phase_ + kClassTwelfths[rhythm]) % phase_period_ : 0;
  rhythm_pools_.Advance(RhythmSymbol(rhythm) * phase_period_ + phase_);
  joint_pools_.Advance(IntervalSymbol(has_interval, interval) * kRhythmSymbols + RhythmSymbol(rhythm));
  tune_pool_.Advance(tune_chains_on_pitch_classes_ ? midi % 12 : midi * kRhythmSymbols + RhythmSymbol(rhythm));
  Predict(config);
}

int KeyRhythm::ChooseKey(int pitch_class, double temperature) {
  const int reference = reference_key();
  // Keys it has heard (their key-pool-1 cells have learned) come first: it
  // plays only those, so a long play stays within the range it heard instead
  // of wandering off by chance. A pitch class with no heard key in reach goes
  // to its heard key nearest the last one; a pitch class never heard, to its key
  // nearest the last one within the range heard (MIDI 0-127 before anything was heard).
  allowed_.clear();
  for (int interval = -range_; interval <= range_; ++interval) {
    const int key = reference + interval;
    if (key >= 0 && key < kMidiKeys && key % 12 == pitch_class && KeyHeard(key)) allowed_.push_back(interval + range_);
  }
  if (!allowed_.empty()) return reference + intervals_.Choose(allowed_, temperature, generator_) - range_;
  int lowest = 0, highest = kMidiKeys - 1;
  while (lowest < kMidiKeys - 1 && !KeyHeard(lowest)) ++lowest;
  while (highest > 0 && !KeyHeard(highest)) --highest;
  if (lowest > highest) lowest = 0, highest = kMidiKeys - 1;  // nothing heard yet
  int nearest = -1;
  const auto consider = [&nearest, reference](int key) {
    if (nearest < 0 || std::abs(key - reference) < std::abs(nearest - reference)) nearest = key;
  };
  for (int key = pitch_class; key < kMidiKeys; key += 12)
    if (KeyHeard(key)) consider(key);
  for (int pass = 0; pass < 2 && nearest < 0; ++pass)  // within the range heard, else anywhere
    for (int key = pitch_class; key < kMidiKeys; key += 12)
      if (pass == 1 || (key >= lowest && key <= highest)) consider(key);
  return nearest;
}

bool KeyRhythm::KeyHeard(int key) {
  key_pools_.FirstPoolCode(key, key_cells_);
  return intervals_.Familiar(key_cells_);
}

int KeyRhythm::ChooseRhythm(double temperature) {
  if (!enabled_) return kNoRhythm;
  static const std::vector<int> kAll;
  return rhythms_.Choose(kAll, temperature, generator_);
}

std::array<double, kMidiKeys> KeyRhythm::KeyPrediction(const std::array<double, 12>& pitch_classes,
                                                       const Config& config) const {
  std::array<double, kMidiKeys> keys{};
  const int reference = reference_key();
  if (!enabled_) {
    // Each pitch class where the network plays it: its key nearest the reference
    // key (MidiForNeuron), with kOutOfRangeShare of its mass over all its keys.
    for (int key = 0; key < kMidiKeys; ++key)
      keys[key] = kOutOfRangeShare * pitch_classes[key % 12] / ((kMidiKeys - 1 - key % 12) / 12 + 1);
    for (int pc = 0; pc < 12; ++pc) {
      int nearest = pc;
      for (int key = pc; key < kMidiKeys; key += 12)
        if (std::abs(key - reference) < std::abs(nearest - reference)) nearest = key;
      keys[nearest] += (1 - kOutOfRangeShare) * pitch_classes[pc];
    }
    return keys;
  }
  const std::vector<double>& p = intervals_.prediction();
  std::array<double, 12> reachable{};  // sum of p(interval) over the intervals reaching each pitch class
  for (int interval = -range_; interval <= range_; ++interval) {
    const int key = reference + interval;
    if (key >= 0 && key < kMidiKeys) reachable[key % 12] += p[interval + range_];
  }
  // In range: p(pitch class) * p(interval) * reach^(interval_vote - 1), normalised.
  std::array<double, 12> factor{};
  double in_range_total = 0;
  for (int pc = 0; pc < 12; ++pc) {
    if (reachable[pc] <= 0) continue;
    factor[pc] = pitch_classes[pc] * det_exp((config.interval_vote - 1) * det_log(reachable[pc]));
    in_range_total += factor[pc] * reachable[pc];
  }
  double out_of_range_total = 0;  // pitch classes no interval reaches keep their own mass
  for (int pc = 0; pc < 12; ++pc)
    if (reachable[pc] <= 0) out_of_range_total += pitch_classes[pc];
  const double in_range_mass = 1 - out_of_range_total;
  for (int key = 0; key < kMidiKeys; ++key) {
    const int pc = key % 12;
    const int keys_of_pc = (kMidiKeys - 1 - pc) / 12 + 1;
    const int interval = key - reference;
    if (reachable[pc] <= 0) {
      keys[key] = pitch_classes[pc] / keys_of_pc;
      continue;
    }
    const double in_range =
        std::abs(interval) <= range_ ? in_range_mass * factor[pc] * p[interval + range_] / in_range_total : 0;
    const double spread = in_range_mass * factor[pc] * reachable[pc] / in_range_total;  // this pitch class's mass
    keys[key] = (1 - kOutOfRangeShare) * in_range + kOutOfRangeShare * spread / keys_of_pc;
  }
  if (config.key_mix) MixOwnKeyPrediction(keys, config);
  return keys;
}

// keys = (w_placed * keys + w_own * own) / (w_placed + w_own), with own(key) =
// p(key - reference key) of the interval neurons (plus the out-of-range share
// spread over all keys) and each w = entropy_bits^-mix_sharpness, as the readouts are mixed.
void KeyRhythm::MixOwnKeyPrediction(std::array<double, kMidiKeys>& keys, const Config& config) const {
  const int reference = reference_key();
  const std::vector<double>& p = intervals_.prediction();
  std::array<double, kMidiKeys> own;
  for (int key = 0; key < kMidiKeys; ++key) {
    const int interval = key - reference;
    own[key] = kOutOfRangeShare / kMidiKeys +
               (std::abs(interval) <= range_ ? (1 - kOutOfRangeShare) * p[interval + range_] : 0);
  }
  const double placed_weight = det_exp(-config.mix_sharpness * det_log(EntropyBits(keys.data(), kMidiKeys)));
  const double own_weight = det_exp(-config.mix_sharpness * det_log(EntropyBits(own.data(), kMidiKeys)));
  const double own_share = own_weight / (placed_weight + own_weight);
  double total = 0;
  for (int key = 0; key < kMidiKeys; ++key) {
    keys[key] = (1 - own_share) * keys[key] + own_share * own[key];
    total += keys[key];
  }
  for (double& value : keys) value /= total;
}

void KeyRhythm::WriteState(ByteWriter& writer) const {
  if (!enabled_) return;
  for (const HashedChain* chain : {&key_pools_, &interval_pools_, &rhythm_pools_, &joint_pools_, &tune_pool_})
    chain->WriteState(writer);
  intervals_.WriteState(writer);
  rhythms_.WriteState(writer);
  writer.U64(generator_.state());
  writer.U64(generator_.increment());
  writer.I32(phase_);
  writer.I32(previous_key_);
  writer.I32(last_key_);
  writer.I32(last_rhythm_);
  writer.U8(learned_in_tune_ ? 1 : 0);
}

std::string KeyRhythm::ReadState(ByteReader& reader, const Config& config, uint32_t format) {
  if (!enabled_) return "";
  for (HashedChain* chain : {&key_pools_, &interval_pools_, &rhythm_pools_, &joint_pools_, &tune_pool_})
    chain->ReadState(reader);
  std::string error = intervals_.ReadState(reader, format);
  if (error.empty()) error = rhythms_.ReadState(reader, format);
  if (!error.empty()) return error;
  const uint64_t state = reader.U64(), increment = reader.U64();
  generator_.Restore(state, increment);
  phase_ = reader.I32();
  previous_key_ = reader.I32();
  last_key_ = reader.I32();
  last_rhythm_ = reader.I32();
  const uint8_t learned = reader.U8();
  if (!reader.ok()) return "truncated key and rhythm state";
  if (phase_ < 0 || phase_ >= phase_period_ || previous_key_ < -1 || previous_key_ >= kMidiKeys || last_key_ < 0 ||
      last_key_ >= kMidiKeys || last_rhythm_ < kNoRhythm || last_rhythm_ >= kRhythmClasses || learned > 1)
    return "key and rhythm state out of range";
  learned_in_tune_ = learned == 1;
  views_owner_ = nullptr;
  Predict(config);
  return "";
}

}  // namespace hpiano
