// The Hebbian network of MODEL.md: note neurons driven by context pools through
// outstar weights, centred on their mean, compared with adaptive thresholds,
// thinned by k-winners-take-all, and trained by use-paced Hebbian learning.
//
// No I/O and no globals: the command line tool, the tests and the WebAssembly
// page all drive it through Reset, NewTune, Rest and Step, and read the arrays
// the page draws.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "config.h"
#include "history.h"
#include "key_rhythm.h"
#include "random.h"
#include "rhythm.h"
#include "tonal.h"

namespace hpiano {

class ByteWriter;
class ByteReader;

constexpr int kPitchClasses = 12;
// Step's key argument when the network chooses the note itself.
constexpr int kPlayOwn = -1;
// A neuron is a candidate when c - theta exceeds this, nats: above the
// rounding of the mean, so a uniform prediction makes no candidate.
constexpr double kCandidateMargin = 1e-9;

// Indices of the k largest values strictly above `threshold` (fewer if fewer
// pass), largest first, ties to the lower index.
std::vector<int> KWinners(const std::vector<double>& values, int k, double threshold);
// The same into `winners`, reusing its memory (the per-step path allocates nothing).
void KWinners(const std::vector<double>& values, int k, double threshold, std::vector<int>& winners);

// Entropy of a distribution, bits.
double EntropyBits(const std::vector<double>& p);

// One pool's reading of one weight set (slow or fast), from the drive of step 1.
struct PoolReading {
  double confidence = 0;  // n_m = min usage of the firing cells; 0 = context never seen
  int vote = -1;          // note neuron with the most evidence, -1 if unfamiliar
  double vote_share = 0;  // e_m(vote) / n_m: how often that note followed, 0..1
  double distinct = 0;    // q_m: how many different notes have followed
};

enum class WeightSet { kSlow = 0, kFast = 1 };

// The predictions step 1 mixes: the slow weights read through short contexts
// (these generalise to tunes never heard), the slow weights read through all
// their contexts (these recall tunes heard before), and the fast weights (the
// tune being heard).
enum class Readout { kSlowShort = 0, kSlowLong = 1, kFast = 2 };
constexpr int kReadouts = 3;

// What a pool's code stands for: pool 0's one always-on cell (any context),
// pools 1..context_orders the last m notes, the tune pool the whole tune so far;
// the degree pools (tonal.h) the last notes as steps of the tune's scale (the
// page draws the longest familiar one as one row after the network's pools).
enum class PoolKind { kAlwaysOn = 0, kContext = 1, kTune = 2, kDegrees = 3 };

class Network {
 public:
  Network();  // default config
  // A network with no arrays yet, to Reset or load into (cheaper than a default
  // network when one is about to be replaced); unusable until then.
  struct Unset {};
  explicit Network(Unset) {}

  // A fresh network with this config. On an invalid config returns the
  // message and leaves the network as it was.
  [[nodiscard]] std::string Reset(const Config& config);

  // Changes the parameters that do not reshape the network (rates, temperature,
  // thresholds' range, k_notes, mixing) and keeps what it learned. Returns an
  // error, changing nothing, if the config is invalid or reshapes the network.
  [[nodiscard]] std::string Adjust(const Config& config);

  // A new tune: clears the context codes and the fast weights (slow weights and
  // thresholds stay); the next note follows the start symbol.
  void NewTune();

  // A pause: clears only the context codes; the fast weights keep the last tune.
  void Rest();

  // One step. `key` is a MIDI note 0..127 heard (clamped), or kPlayOwn to let
  // the network choose. `rhythm` is the rhythm class (0..11) of the IOI that
  // ended at this note (from the previous note's onset), or kNoRhythm for none (a
  // tune's first note; any value outside 0..11 is none). A note played always has
  // its rhythm chosen by the network (playing:
  // the page schedules the note that long after the previous one; read it back
  // from last_rhythm()). With `learn` the firing context cells learn the note
  // and its rhythm. Returns the MIDI note that sounded (the lowest-index one of
  // a chord first in fired_midi()).
  int StepTimed(int key, int rhythm, bool learn);
  // Untimed, as an untimed corpus line is heard: a note heard lasts one beat
  // (the IOI ending at it is of class kOneBeatClass, none for the first note of
  // a tune or after a rest); a note played has its rhythm chosen.
  int Step(int key, bool learn) {
    return StepTimed(key, key_rhythm_.previous_key() < 0 ? kNoRhythm : kOneBeatClass, learn);
  }

  // Re-seeds the generator that temperature sampling draws from.
  void Reseed(uint64_t seed);

  // Every event since the last Reset, encoded as history.h says.
  const std::vector<uint8_t>& history() const { return history_.bytes(); }
  // The rhythm class in force at the end of the history (a tail replayed onto
  // this network goes on from it: ReplayHistory).
  int history_rhythm() const { return history_.rhythm(); }

  const Config& config() const { return config_; }
  // The config of the last Reset: with history() it rebuilds this network.
  const Config& initial_config() const { return initial_config_; }
  int note_count() const { return note_count_; }
  // Pool 0 is the always-on cell, pools 1..context_orders the last m notes,
  // then the tune pool if config().tune_pool.
  int pool_count() const { return config_.context_orders + 1 + config_.tune_pool; }
  bool IsTunePool(int pool) const { return config_.tune_pool && pool == config_.context_orders + 1; }
  PoolKind KindOfPool(int pool) const {
    return pool == 0 ? PoolKind::kAlwaysOn : IsTunePool(pool) ? PoolKind::kTune : PoolKind::kContext;
  }
  // Cells in pool m >= 1: pool_size, or tune_pool_size for the tune pool.
  int PoolSize(int pool) const { return IsTunePool(pool) ? config_.tune_pool_size : config_.pool_size; }
  // Whether a weight set reads (and learns through) pool m: the slow set pools
  // 0..slow_orders and the tune pool, the fast set pools 0..context_orders.
  bool ReadsPool(WeightSet set, int pool) const {
    return set == WeightSet::kSlow ? pool <= config_.slow_orders || IsTunePool(pool) : pool <= config_.context_orders;
  }
  // MIDI note of note neuron i when the network plays it now.
  int MidiForNeuron(int neuron) const;
  int NeuronForMidi(int midi) const;

  // Step 1's output for the next note: probabilities over the note neurons.
  const std::vector<double>& prediction() const { return prediction_; }
  const std::vector<double>& prediction_of(Readout readout) const { return readout_prediction_[Index(readout)]; }
  std::array<double, kPitchClasses> PitchClassPrediction() const;
  // p(next key), all 128 MIDI keys: the pitch-class prediction, each class
  // placed in its octaves by the interval neurons.
  std::array<double, kMidiKeys> KeyPrediction() const {
    return key_rhythm_.KeyPrediction(PitchClassPrediction(), config_);
  }
  // p(rhythm class of the IOI from the last note to the next), 12 values.
  const std::vector<double>& rhythm_prediction() const { return key_rhythm_.rhythms().prediction(); }
  // Rhythm class of the IOI that ended at the last note (kNoRhythm if none).
  int last_rhythm() const { return key_rhythm_.last_rhythm(); }
  const KeyRhythm& key_rhythm() const { return key_rhythm_; }
  // Activations a = ln p (nats), their mean, and the centred values c = a - mean.
  const std::vector<double>& activation() const { return activation_; }
  double mean_activation() const { return mean_activation_; }
  const std::vector<double>& centred() const { return centred_; }
  const std::vector<double>& thresholds() const { return thresholds_; }
  // Of the last step: which note neurons fired, and which crossed their
  // threshold but were inhibited by the winners.
  const std::vector<uint8_t>& fired() const { return fired_; }
  const std::vector<uint8_t>& inhibited() const { return inhibited_; }
  const std::vector<int>& fired_midi() const { return fired_midi_; }
  // Cells (0..PoolSize(m)-1) firing in pool m now.
  const std::vector<int>& code(int pool) const { return codes_[pool]; }
  const PoolReading& reading(WeightSet set, int pool) const { return readings_[Index(set)][pool]; }
  // The longest familiar pool of the readout that weighed most in the mix
  // (the context length that decided the prediction), -1 if none.
  int deciding_pool() const { return deciding_pool_; }
  double mix_weight(Readout readout) const { return mix_weight_[Index(readout)]; }
  // The tonal readout (tonal.h; off unless tonal_orders > 0): its mixing weight beside the three.
  const Tonal& tonal() const { return tonal_; }
  double tonal_mix_weight() const { return tonal_mix_weight_; }

  // Outstar weights, row-major: cell x note_count(). Cell 0 is pool 0's cell;
  // cell 1 + (m-1) * pool_size + j is cell j of pool m (the tune pool is the last).
  const std::vector<float>& weights(WeightSet set) const { return weights_[Index(set)]; }
  const std::vector<uint32_t>& usage(WeightSet set) const { return usage_[Index(set)]; }
  int cell_count(WeightSet set) const { return static_cast<int>(usage_[Index(set)].size()); }
  // p(next = j | last = i) as the slow weights of pool 1 hold it: note_count()^2 values, row i.
  // Built when first asked for after the weights changed.
  const std::vector<float>& FirstOrderWeights() const;

  uint64_t steps() const { return steps_; }
  int last_midi() const { return last_midi_; }

  // Everything the network holds beyond its two configs (network_file.h gives
  // the layout): counters, generator, codes, thresholds, both weight sets and
  // the history. Written and read here, beside the fields, so a new field is
  // saved where it is declared.
  void WriteState(ByteWriter& writer) const;
  // Reads what WriteState wrote into a network Reset to the same configs.
  // "" or what is wrong; on error the network is left partly read, so read
  // into a scratch network.
  // `format`: the file's version (format 3 files hold no recall advantage).
  [[nodiscard]] std::string ReadState(ByteReader& reader, uint32_t format = kFormatVersion);

 private:
  static int Index(WeightSet set) { return static_cast<int>(set); }
  static int Index(Readout readout) { return static_cast<int>(readout); }
  // A cell's row in a weight set: pool 0's cell is row 0, cell j of context pool m row 1 + (m-1) * pool_size + j.
  // The slow set has rows only for the pools it reads (0..slow_orders, then the tune pool); the fast set for pools
  // 0..context_orders.
  int GlobalCell(int pool, int cell) const {
    return pool == 0 ? 0 : 1 + (IsTunePool(pool) ? config_.slow_orders : pool - 1) * config_.pool_size + cell;
  }
  // Files keep the numbering of formats 1-5, where the slow set had rows for every context pool: the slow set's
  // tune pool rows sit (context_orders - slow_orders) pools further on there.
  size_t SlowRowsSkippedInFile() const {
    return static_cast<size_t>(config_.context_orders - config_.slow_orders) * config_.pool_size;
  }
  // B_m's column for a symbol: its head (the cells with the largest values,
  // largest first; as many as can win), the same cells sorted with their rank,
  // a filter of the head's cells (bit cell % kFilterBits; a clear bit: not in
  // the head), the hash prefix of its values and the scale of the cells off the head.
  struct InputColumn {
    static constexpr int kFilterBits = 2048;
    std::vector<int> head;
    std::vector<std::pair<int, int>> cells_by_index;
    uint64_t head_filter[kFilterBits / 64] = {};
    uint64_t hash_prefix = 0;
    double off_head_scale = 0;
    bool MayHoldInHead(int cell) const { return head_filter[cell % kFilterBits / 64] >> (cell % 64) & 1; }
  };
  const InputColumn& Column(int pool, int symbol) const;
  double ProjectionB(const InputColumn& column, int pool, int cell) const;
  double ProjectionBOfHead(const InputColumn& column, int pool, int rank, int cell) const;
  void OfferCandidate(int cell, double value);
  void AdvanceCodes(int symbol);
  void DrawCode(int pool, int symbol);
  void PrefetchCode(int pool) const;
  void ComputeDrive();
  void RestCodes();
  void LearnCell(WeightSet set, int cell, int note);
  void Learn(int note);
  int ChooseNote(const std::vector<double>& margin);

  Config config_;
  Config initial_config_;
  int note_count_ = 12;
  int base_midi_ = 60;
  Pcg32 generator_;

  std::vector<std::vector<int>> codes_;  // firing cells per pool
  // Per pool 1.. and input symbol (note or start); empty until Column first needs it.
  mutable std::vector<InputColumn> input_columns_;
  // Scratch of DrawCode: the cells the chain touches, in the order first touched, and their drive in an
  // open-addressed table (a power of two of slots, at least twice the touches of one update; cell -1: empty) that
  // is empty between updates, so the scratch is not a row as long as the largest pool.
  std::vector<int> chain_touched_;
  std::vector<size_t> chain_touched_slots_;  // each touched cell's slot in chain_drive_
  std::vector<std::pair<int, float>> chain_drive_;
  // The slot of `cell` in chain_drive_: its own, or the empty one where it would go.
  std::pair<int, float>& ChainSlot(int cell) {
    const size_t mask = chain_drive_.size() - 1;
    size_t slot = static_cast<size_t>(static_cast<uint32_t>(cell) * 2654435761u) & mask;
    while (chain_drive_[slot].first != cell && chain_drive_[slot].first != -1) slot = (slot + 1) & mask;
    return chain_drive_[slot];
  }
  // Scratch of the per-step path, kept to avoid allocating.
  std::vector<uint64_t> chain_sources_;
  // Codes drawn before, by (pool, symbol, chained code): entries of 4 + 2 k_context
  // ints, pool (0: empty), symbol, the two lengths, the chained code, the code drawn.
  std::vector<int> code_memo_;
  std::vector<uint64_t> fan_out_hashes_;  // mix64(t) for t < projection_fan_out
  std::vector<int> winners_;
  std::vector<double> candidate_values_, winner_values_, margin_, choice_weights_, blend_;

  std::vector<float> weights_[2];
  std::vector<uint32_t> usage_[2];
  // FirstOrderWeights' matrix, and whether a weight changed since it was built.
  mutable std::vector<float> first_order_weights_;
  mutable bool first_order_stale_ = true;
  std::vector<int> fast_used_cells_;  // cleared at NewTune

  std::vector<double> evidence_[2];  // e_m(i) per pool, pool-major
  std::vector<PoolReading> readings_[2];
  std::vector<double> readout_prediction_[kReadouts];
  double mix_weight_[kReadouts] = {1, 1, 1};
  double recent_bits_[kReadouts] = {0, 0, 0};  // decayed bits each readout lost on this tune so far
  std::vector<double> prediction_, activation_, centred_, thresholds_;
  double mean_activation_ = 0;
  std::vector<uint8_t> fired_, inhibited_;
  std::vector<int> fired_midi_;
  int deciding_pool_ = -1;

  KeyRhythm key_rhythm_;
  Tonal tonal_;
  double tonal_mix_weight_ = 0;
  double tonal_recent_bits_ = 0;  // decayed bits the tonal readout lost on this tune so far
  int last_midi_ = 60;            // register the next played note is placed near
  double register_centre_ = 60;   // slow average of heard notes, MIDI
  uint64_t steps_ = 0;
  HistoryWriter history_;
};

}  // namespace hpiano
