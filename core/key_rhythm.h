// What the twelve note neurons do not decide: which key (octave) a pitch class
// sounds in, and when the next note comes. Two populations beside the note
// neurons, each read and learned like them (population.h):
//  - interval neurons, one per melodic interval -interval_range..+interval_range
//    semitones and one for the end of a tune, driven by key pools (contexts of the last m exact keys). They
//    decide only the octave: p(key) = p(pitch class) * p(interval) / sum of
//    p(interval') over the intervals reaching the same pitch class.
//  - rhythm neurons, one per rhythm class (rhythm.h), driven by rhythm pools
//    (the last m rhythm classes, each with the onset's position in the beat)
//    and joint pools (the last m (melodic interval, rhythm class) pairs).
// At note t's onset the network has heard key t and the rhythm class of the IOI
// that ended at it; it predicts the interval to key t+1 and the class of IOI t.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "config.h"
#include "population.h"
#include "random.h"
#include "rhythm.h"

namespace hpiano {

class ByteWriter;
class ByteReader;

constexpr int kMidiKeys = 128;
inline const std::vector<int> kAlwaysOnCell = {0};

class KeyRhythm {
 public:
  // A config change (Adjust) may move the slow orders: the views are built anew.
  void ConfigChanged() { views_owner_ = nullptr; }
  // With config.keys_and_rhythm 0 there are no interval and rhythm neurons:
  // nothing is learned, rhythm_prediction() is uniform, KeyPrediction places
  // each pitch class where the network plays it, ChooseRhythm gives kNoRhythm.
  void Reset(const Config& config);
  void Reseed(uint64_t seed);
  bool enabled() const { return enabled_; }
  // A new tune: codes, fast weights and the previous key cleared.
  void NewTune(const Config& config);
  // A rest: codes and the previous key cleared (fast weights kept). Both a new
  // tune and a rest first let the interval neurons learn that the notes learned ended.
  void Rest(const Config& config);
  // Note `midi` sounded with `rhythm` (class of the IOI that ended at it, or
  // kNoRhythm): with `learn` the interval and the rhythm are learned from the
  // contexts before it; then homeostasis, the codes move on and the next
  // interval and rhythm are predicted.
  void Hear(int midi, int rhythm, bool learn, const Config& config);
  // Playing: the key of pitch class `pitch_class` the interval neurons choose
  // (within interval_range of the previous key), and the rhythm class.
  int ChooseKey(int pitch_class, double temperature);
  int ChooseRhythm(double temperature);
  // Everything Hear and the choices read (.hpn files; nothing when disabled),
  // and reading it back into a network Reset with the same config.
  void WriteState(ByteWriter& writer) const;
  [[nodiscard]] std::string ReadState(ByteReader& reader, const Config& config, uint32_t format = kFormatVersion);
  // p(next key) for all 128 keys from the note neurons' pitch-class prediction.
  std::array<double, kMidiKeys> KeyPrediction(const std::array<double, 12>& pitch_classes, const Config& config) const;

  const Population& intervals() const { return intervals_; }
  // Whether the interval neurons' slow weights have learned any interval.
  bool intervals_learned() const { return intervals_.Familiar(kAlwaysOnCell); }
  const Population& rhythms() const { return rhythms_; }
  // The key intervals are counted from: the previous key of this tune, else the last key sounded.
  int reference_key() const { return previous_key_ >= 0 ? previous_key_ : last_key_; }
  int last_rhythm() const { return last_rhythm_; }
  // The last onset's position within phase_beats beats, twelfths of a beat (0 without timing).
  int phase() const { return phase_; }
  // This tune's last key, -1 at its start or after a rest.
  int previous_key() const { return previous_key_; }
  size_t MemoryBytes() const { return intervals_.MemoryBytes() + rhythms_.MemoryBytes(); }

 private:
  void ClearCodes(const Config& config);
  void LearnEnd(const Config& config);
  void Predict(const Config& config);
  void BuildViews(const Config& config);
  int IntervalSymbol(bool has_interval, int interval) const {
    return has_interval ? interval + range_ : 2 * range_ + 1;
  }
  // Whether key pool 1's cells for `key` have learned: the key was heard (and followed by a note).
  bool KeyHeard(int key);
  int IntervalStart() const { return 2 * range_ + 2; }
  void MixOwnKeyPrediction(std::array<double, kMidiKeys>& keys, const Config& config) const;
  int range_ = 12;
  bool enabled_ = true;
  void PlaceTuneCode();
  HashedChain key_pools_, interval_pools_, rhythm_pools_, joint_pools_, tune_pool_;
  int interval_tune_base_ = 0, rhythm_tune_base_ = 0;
  bool tune_chains_on_pitch_classes_ = true;
  std::vector<int> interval_tune_code_, rhythm_tune_code_;
  int phase_ = 0, phase_period_ = 12;
  std::vector<PoolView> interval_views_, rhythm_views_;
  const KeyRhythm* views_owner_ = nullptr;  // the object the views were built for
  Population intervals_, rhythms_;
  Pcg32 generator_;
  std::vector<int> allowed_, key_cells_;
  bool learned_in_tune_ = false;  // this tune's notes were learned: its end is learned at NewTune
  int previous_key_ = -1;         // this tune's last key, -1 after a new tune or rest
  int last_key_ = 60;
  int last_rhythm_ = kNoRhythm;
};

}  // namespace hpiano
