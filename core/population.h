// The pieces the key and rhythm neurons are built from, each the same idea as
// the note neurons' (MODEL.md), for any number of output neurons:
//  - HashedChain: context pools 1..orders over a stream of symbols; pool m's k
//    firing cells stand for the last m symbols. Its code chains from pool m-1's
//    last code taken whole, as the tune pool's does (a fixed random projection of
//    the conjunction "new symbol and what pool m-1 held"), so it costs k hashes a pool.
//  - Population: output neurons with slow and fast outstar weights from context
//    cells, learned by the use-paced Hebbian rule, read as MODEL.md's step 1
//    (variable-order blend, three readouts mixed by certainty and recent loss),
//    centred, with adaptive thresholds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "config.h"
#include "random.h"

namespace hpiano {

class ByteWriter;
class ByteReader;

class HashedChain {
 public:
  // Pools 1..orders of `pool_size` cells, k firing; their cells are numbered
  // base + (m-1) * pool_size + j in the population's cell space.
  void Reset(int orders, int pool_size, int k, uint64_t seed, uint64_t tag, int base);
  // A tune pool instead: one pool whose code chains from its own last code
  // taken whole, so it stands for every symbol since the last Clear.
  void ResetTunePool(int pool_size, int k, uint64_t seed, uint64_t tag, int base);
  // Every pool fires the code of `start` (the first symbol of a tune or after a rest).
  void Clear(int start);
  // Pools move on by one symbol, from the longest down.
  void Advance(int symbol);
  int orders() const { return orders_; }
  // Cells firing in pool m (1..orders), in the population's numbering.
  const std::vector<int>& code(int pool) const { return codes_[pool - 1]; }
  // The cells pool 1 fires for `symbol` (whatever came before), into `cells`.
  void FirstPoolCode(int symbol, std::vector<int>& cells) const;
  // The pools' contexts (their codes follow from them), and reading them back.
  void WriteState(ByteWriter& writer) const;
  void ReadState(ByteReader& reader);

 private:
  void Draw(int pool);
  void DrawInto(int pool, uint64_t context, std::vector<int>& code) const;
  uint64_t FirstPoolContext(int symbol) const;
  int orders_ = 0, pool_size_ = 0, k_ = 0, base_ = 0;
  bool whole_tune_ = false;
  uint64_t seed_ = 0, tag_ = 0;
  std::vector<uint64_t> context_;  // per pool: hash of the last m symbols
  std::vector<std::vector<int>> codes_;
};

// One pool as a population reads it: its firing cells and which readouts use it.
struct PoolView {
  const std::vector<int>* cells;
  bool slow_short;  // the slow weights' generalising readout
  bool slow_long;   // the slow weights' full readout
  bool fast;        // the fast weights (the tune being heard)
  bool recall;      // the slow weights' recall readout (the tune pool), after the full readout
};

// What the slow weights say of one context (MODEL.md step 1's terms, as PoolReading for the note neurons).
struct ContextReading {
  double confidence = 0;  // min usage of the cells; 0 = never heard
  int vote = -1;          // the neuron with the most evidence, -1 if unfamiliar
  double vote_share = 0;  // its evidence / confidence, 0..1
  double distinct = 0;    // how many different neurons followed
};

class Population {
 public:
  // `neurons` outputs over `cells` context cells (cell 0 the always-on cell),
  // the fast weights over the first `fast_cells` of them.
  void Reset(int neurons, int cells, int fast_cells);
  // Step 1 (evidence blended from the shortest pool to the longest, readouts mixed) and step 2.
  // `slow_escape` scales the slow readouts' escape (see Predict).
  void Predict(const std::vector<PoolView>& pools, const Config& config, double slow_escape = 1);
  // Asks the memory for the rows Predict will read (no effect on results).
  void Prefetch(const std::vector<PoolView>& pools) const;
  // Step 4: every firing cell learns `neuron` (slow set; fast set with update exclusion).
  void Learn(int neuron, const std::vector<PoolView>& pools, const Config& config);
  // After `neuron` fired: each readout's recent loss, then homeostasis (step 5).
  void Fired(int neuron, const Config& config);
  // Arg-max of c - theta over `allowed` (all when empty), or a draw from
  // softmax((c - theta) / temperature).
  int Choose(const std::vector<int>& allowed, double temperature, Pcg32& generator);
  // A new tune: fast weights and recent losses cleared.
  void NewTune();

  int neurons() const { return neurons_; }
  // True when every one of these cells has learned with the slow weights (the context was heard).
  bool Familiar(const std::vector<int>& cells) const;
  const std::vector<double>& prediction() const { return prediction_; }
  // The slow weights' reading of the context these cells stand for (for drawing).
  ContextReading SlowReading(const std::vector<int>& cells) const;
  const std::vector<double>& centred() const;
  const std::vector<double>& thresholds() const { return thresholds_; }
  size_t MemoryBytes() const;
  // Used cells' rows of both sets, thresholds, readouts and recent losses (the
  // rest is recomputed by the next Predict), and reading them back into a
  // population Reset with the same size; "" or what is wrong.
  void WriteState(ByteWriter& writer) const;
  // `format`: the file's version (format 3 files hold no recall advantage).
  [[nodiscard]] std::string ReadState(ByteReader& reader, uint32_t format);

 private:
  void LearnCell(int set, int cell, int neuron, const Config& config);
  int neurons_ = 0;
  // Slow and fast set: per cell its usage count, then its weights to the neurons.
  std::vector<float> rows_[2];
  float* Row(int set, int cell) { return &rows_[set][static_cast<size_t>(cell) * (neurons_ + 1)]; }
  const float* Row(int set, int cell) const { return &rows_[set][static_cast<size_t>(cell) * (neurons_ + 1)]; }
  std::vector<int> fast_used_cells_;
  std::vector<double> fast_evidence_;  // per pool view of the last Predict, for update exclusion
  std::vector<double> fast_confidence_;
  std::vector<double> readout_[4];  // slow short, slow long, fast, recall
  double recent_bits_[4] = {0, 0, 0, 0};
  // Decayed sum (recall_advantage_decay per note) of the bits the slow full readout lost minus those the
  // recall readout lost on this tune's notes: the recall readout's mix weight is multiplied by 2^this.
  double recall_advantage_bits_ = 0;
  std::vector<double> prediction_, thresholds_, evidence_, choice_;
  mutable std::vector<double> centred_;
  mutable bool centred_stale_ = true;
};

}  // namespace hpiano
