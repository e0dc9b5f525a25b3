#include "population.h"

#include <algorithm>
#include <cmath>

#include "bytes.h"
#include "det_math.h"
#include "prefetch.h"

namespace hpiano {

namespace {

// Usage counts are kept as floats beside each cell's weights (one cache line
// for the rhythm neurons' row); they saturate where a float still counts exactly.
constexpr float kMaxUsage = 16777216.0f;
constexpr double kMinEntropyBits = 1e-6;
constexpr double kLn2 = 0.69314718055994530942;
// The recall readout's advantage stays within +-this many bits (its weight within 2^+-30).
constexpr double kMaxAdvantageBits = 30;
// Readouts: the slow weights through short contexts, through all their pools
// but the tune pool, the fast weights, and the slow weights' full readout
// continued through the tune pool (recall of taught tunes).
constexpr int kSlowShort = 0, kSlowLong = 1, kFast = 2, kRecall = 3, kReadouts = 4;
const std::vector<int> kAlwaysOn = {0};

// log2(x) for x > 0 to about 1e-9 (enough for a mixing weight), deterministic
// like det_log (only exact scaling, +, *, /): x = m 2^e with m in [sqrt(1/2),
// sqrt(2)), log(m) = 2 atanh(s), s = (m-1)/(m+1), |s| < 0.172, five terms of the series.
double RoughLog2(double x) {
  int exponent = 0;
  double mantissa = det_frexp(x, &exponent);
  if (mantissa < 0.70710678118654752440) {
    mantissa *= 2;
    exponent -= 1;
  }
  const double s = (mantissa - 1) / (mantissa + 1), s2 = s * s;
  const double log_mantissa = 2 * s * (1 + s2 * (1.0 / 3 + s2 * (1.0 / 5 + s2 * (1.0 / 7 + s2 * (1.0 / 9)))));
  return exponent + log_mantissa * 1.4426950408889634073599;
}

// Entropy, bits, floored so that a certain readout gets a large but finite weight.
double Bits(const std::vector<double>& p) {
  double bits = 0;
  for (double value : p)
    if (value > 0) bits -= value * RoughLog2(value);
  return std::max(bits, kMinEntropyBits);
}

bool Reads(const PoolView& view, int readout) {
  return readout == kSlowShort  ? view.slow_short
         : readout == kSlowLong ? view.slow_long
         : readout == kFast     ? view.fast
                                : view.recall;
}

}  // namespace

void HashedChain::Reset(int orders, int pool_size, int k, uint64_t seed, uint64_t tag, int base) {
  orders_ = orders;
  pool_size_ = pool_size;
  k_ = k;
  seed_ = seed;
  tag_ = tag;
  base_ = base;
  whole_tune_ = false;
  context_.assign(orders, 0);
  codes_.assign(orders, {});
}

void HashedChain::ResetTunePool(int pool_size, int k, uint64_t seed, uint64_t tag, int base) {
  Reset(pool_size > 0 ? 1 : 0, pool_size, k, seed, tag, base);
  whole_tune_ = true;
}

// k distinct cells of pool m drawn by hash from its context: the fixed random
// projection of that conjunction, its k largest entries.
void HashedChain::DrawInto(int pool, uint64_t context, std::vector<int>& code) const {
  code.clear();
  uint64_t h = hash_combine(seed_, tag_ + pool, context, 0);
  while (static_cast<int>(code.size()) < k_) {
    const int cell = base_ + (pool - 1) * pool_size_ + static_cast<int>(reduce(h, static_cast<uint64_t>(pool_size_)));
    if (std::find(code.begin(), code.end(), cell) == code.end()) code.push_back(cell);
    h = mix64(h);
  }
}

void HashedChain::Draw(int pool) { DrawInto(pool, context_[pool - 1], codes_[pool - 1]); }

// Pool 1's context is the last symbol alone (Advance with no shorter pool).
uint64_t HashedChain::FirstPoolContext(int symbol) const {
  return mix64(mix64(0 ^ tag_) ^ (static_cast<uint64_t>(symbol) + 1));
}

void HashedChain::FirstPoolCode(int symbol, std::vector<int>& cells) const {
  DrawInto(1, FirstPoolContext(symbol), cells);
}

void HashedChain::Clear(int start) {
  for (int pool = 1; pool <= orders_; ++pool) {
    context_[pool - 1] = mix64(tag_ ^ mix64(static_cast<uint64_t>(start) + 1));
    Draw(pool);
  }
}

void HashedChain::Advance(int symbol) {
  for (int pool = orders_; pool >= 1; --pool) {
    const bool chained = pool >= 2 || whole_tune_;
    const uint64_t shorter = whole_tune_ ? context_[pool - 1] : pool >= 2 ? context_[pool - 2] : 0;
    context_[pool - 1] =
        chained ? mix64(mix64(shorter ^ tag_) ^ (static_cast<uint64_t>(symbol) + 1)) : FirstPoolContext(symbol);
    Draw(pool);
  }
}

void HashedChain::WriteState(ByteWriter& writer) const {
  for (uint64_t context : context_) writer.U64(context);
}

void HashedChain::ReadState(ByteReader& reader) {
  for (int pool = 1; pool <= orders_; ++pool) {
    context_[pool - 1] = reader.U64();
    Draw(pool);
  }
}

void Population::Reset(int neurons, int cells, int fast_cells) {
  neurons_ = neurons;
  for (int set = 0; set < 2; ++set) {
    rows_[set].assign(static_cast<size_t>(set == 0 ? cells : fast_cells) * (neurons + 1), 0.0f);
  }
  fast_used_cells_.clear();
  for (auto& readout : readout_) readout.assign(neurons, 1.0 / neurons);
  prediction_.assign(neurons, 1.0 / neurons);
  centred_.assign(neurons, 0.0);
  thresholds_.assign(neurons, 0.0);
  NewTune();
}

bool Population::Familiar(const std::vector<int>& cells) const {
  for (int cell : cells)
    if (Row(0, cell)[0] <= 0) return false;
  return true;
}

ContextReading Population::SlowReading(const std::vector<int>& cells) const {
  ContextReading reading;
  if (cells.empty() || !Familiar(cells)) return reading;
  double inverse_usage_sum = 0;
  reading.confidence = Row(0, cells[0])[0];
  for (int cell : cells) {
    reading.confidence = std::min<double>(reading.confidence, Row(0, cell)[0]);
    inverse_usage_sum += 1 / static_cast<double>(Row(0, cell)[0]);
  }
  std::vector<double> evidence(neurons_, 0.0);
  for (int cell : cells) {
    const float* row = Row(0, cell);
    const double share = reading.confidence * (1 / static_cast<double>(row[0])) / inverse_usage_sum;
    for (int i = 0; i < neurons_; ++i) evidence[i] += share * row[1 + i];
  }
  reading.vote = 0;
  for (int i = 0; i < neurons_; ++i) {
    reading.distinct += std::min(1.0, evidence[i]);
    if (evidence[i] > evidence[reading.vote]) reading.vote = i;
  }
  reading.vote_share = evidence[reading.vote] / reading.confidence;
  return reading;
}

size_t Population::MemoryBytes() const { return (rows_[0].size() + rows_[1].size()) * sizeof(float); }

void Population::NewTune() {
  // Only their usage: the weights of a cell of usage 0 count as 0 (LearnCell
  // starts them from 0; Predict and WriteState read no unused cell's), which
  // spares a row's clearing per cell.
  for (int cell : fast_used_cells_) Row(1, cell)[0] = 0;
  fast_used_cells_.clear();
  for (double& bits : recent_bits_) bits = 0;
  recall_advantage_bits_ = 0;
}

// Predict reads the rows of every firing cell, scattered over megabytes: asking
// for them all first lets the loads overlap.
void Population::Prefetch(const std::vector<PoolView>& pools) const {
  const size_t row_bytes = (static_cast<size_t>(neurons_) + 1) * sizeof(float);
  for (const PoolView& view : pools) {
    for (int set = 0; set < 2; ++set) {
      if (set == 0 ? !(view.slow_short || view.slow_long || view.recall) : !view.fast) continue;
      for (int cell : *view.cells) {
        const char* row = reinterpret_cast<const char*>(Row(set, cell));
        for (size_t offset = 0; offset < row_bytes; offset += 64) PrefetchLine(row + offset);
        PrefetchLine(row + row_bytes - 1);
      }
    }
  }
}

void Population::Predict(const std::vector<PoolView>& pools, const Config& config, double slow_escape) {
  const int n = neurons_;
  const size_t views = pools.size() + 1;  // the always-on cell first
  // Learn reads a view's fast evidence only where its confidence is above 0,
  // which is where it is written below: no need to clear it.
  fast_evidence_.resize(views * n);
  fast_confidence_.assign(views, 0.0);
  bool familiar[kReadouts] = {false, false, false, false};
  // When the short readout's pools are a prefix (in blend order) of the long
  // one's, one pass over the slow weights gives both.
  bool short_differs = false, short_is_prefix = true, past_short = false;
  for (const PoolView& view : pools) {
    short_differs = short_differs || view.slow_short != view.slow_long;
    if (view.slow_short && (past_short || !view.slow_long)) short_is_prefix = false;
    if (view.slow_long && !view.slow_short) past_short = true;
  }
  evidence_.resize(n);
  bool has_recall = false;
  for (const PoolView& view : pools) has_recall = has_recall || view.recall;
  for (int r = 0; r < kReadouts; ++r) {
    if (r == kSlowShort && (!short_differs || short_is_prefix)) continue;
    if (r == kRecall && !has_recall) continue;
    std::vector<double>& p = readout_[r];
    if (r == kRecall)  // continues the full slow readout; has a say only when the tune pool is familiar
      p = readout_[kSlowLong];
    else
      std::fill(p.begin(), p.end(), 1.0 / n);
    const int set = r == kFast ? 1 : 0;
    bool short_taken = false;
    for (size_t v = r == kRecall ? 1 : 0; v < views; ++v) {
      if (v > 0 && !Reads(pools[v - 1], r)) continue;
      if (r == kSlowLong && short_differs && short_is_prefix && !short_taken && v > 0 && !pools[v - 1].slow_short) {
        readout_[kSlowShort] = p;
        familiar[kSlowShort] = familiar[kSlowLong];
        short_taken = true;
      }
      const std::vector<int>& cells = v == 0 ? kAlwaysOn : *pools[v - 1].cells;
      double confidence = 0;
      for (size_t c = 0; c < cells.size(); ++c) {
        const double u = Row(set, cells[c])[0];
        confidence = c == 0 ? u : std::min(confidence, u);
        if (confidence <= 0) break;
      }
      if (confidence <= 0) continue;
      double inverse_usage_sum = 0;
      for (int cell : cells) inverse_usage_sum += 1 / static_cast<double>(Row(set, cell)[0]);
      // As the note neurons: each cell speaks with weight 1/u, the context with
      // its confidence. The evidence is summed from 0 (the first cell's term
      // added to 0.0, as into a cleared array); the fast weights' is kept for Learn.
      double* evidence = r == kFast ? &fast_evidence_[v * n] : evidence_.data();
      for (size_t c = 0; c < cells.size(); ++c) {
        const float* row = Row(set, cells[c]);
        const double share = confidence * (1 / static_cast<double>(row[0])) / inverse_usage_sum;
        ++row;
        if (c == 0) {
          for (int i = 0; i < n; ++i) evidence[i] = 0.0 + share * row[i];
        } else {
          for (int i = 0; i < n; ++i) evidence[i] += share * row[i];
        }
      }
      double distinct = 0;
      for (int i = 0; i < n; ++i) distinct += std::min(1.0, evidence[i]);
      // The slow generalising readouts escape to the shorter contexts' prediction with
      // slow_escape * distinct (PPM-C's escape at 1): contexts heard in a few tunes only
      // say less against what shorter ones learned from many. Not the recall readout
      // (a taught tune's context is to be trusted) nor the fast weights (this tune's).
      if (set == 0 && r != kRecall) distinct *= slow_escape;
      // p = (e + q p) / (n + q), with one division.
      const double scale = 1 / (confidence + distinct);
      for (int i = 0; i < n; ++i) p[i] = (evidence[i] + distinct * p[i]) * scale;
      if (r == kFast) fast_confidence_[v] = confidence;
      familiar[r] = true;
    }
    if (r == kSlowLong && short_differs && short_is_prefix && !short_taken) {
      readout_[kSlowShort] = p;
      familiar[kSlowShort] = familiar[kSlowLong];
    }
  }
  if (!short_differs) familiar[kSlowShort] = false;
  double weight[kReadouts], total = 0;
  for (int r = 0; r < kReadouts; ++r) {
    const double advantage_bits = r == kRecall ? recall_advantage_bits_ : 0;
    weight[r] = familiar[r] ? det_exp(-config.mix_sharpness * det_log(Bits(readout_[r])) -
                                      (config.recent_loss_weight * recent_bits_[r] - advantage_bits) * kLn2)
                            : 0.0;
    total += weight[r];
  }
  if (total == 0) {
    for (double& w : weight) w = 1;
    total = kReadouts;
  }
  for (int i = 0; i < n; ++i) {
    double mixed = 0;
    for (int r = 0; r < kReadouts; ++r) mixed += weight[r] * readout_[r][i];
    prediction_[i] = mixed / total;
  }
  centred_stale_ = true;
}

// Step 2, when first needed after a prediction (drawing or choosing): c = ln p - mean(ln p).
const std::vector<double>& Population::centred() const {
  if (!centred_stale_) return centred_;
  double mean = 0;
  for (int i = 0; i < neurons_; ++i) {
    centred_[i] = det_log(prediction_[i]);
    mean += centred_[i] / neurons_;
  }
  for (double& c : centred_) c -= mean;
  centred_stale_ = false;
  return centred_;
}

void Population::LearnCell(int set, int cell, int neuron, const Config& config) {
  float* row = Row(set, cell);
  float& u = row[0];
  if (u == 0 && set == 1) fast_used_cells_.push_back(cell);
  // An unused cell's weights are 0, whatever an earlier tune left in the row
  // (NewTune): kept = 0 starts them from 0 (0 * w = 0 for the weights' finite w >= 0).
  const float kept = u == 0 ? 0.0f : 1.0f;
  if (u < kMaxUsage) u += 1;
  ++row;
  const float rate = static_cast<float>(std::max(1.0 / u, config.rate_floor));
  // W += rate (s - W), s one-hot, clamped to [0, 1]. Where s = 0 that is
  // W - rate W (the same float operations), already within [0, W] for a rate in
  // (0, 1] and a weight in [0, 1], so only the learned neuron's is clamped.
  const float learned = kept * row[neuron];
  for (int i = 0; i < neurons_; ++i) row[i] = kept * (row[i] - rate * row[i]);
  row[neuron] = std::clamp(learned + rate * (1.0f - learned), 0.0f, 1.0f);
}

// Call after Predict with the same pools (update exclusion reads its evidence).
void Population::Learn(int neuron, const std::vector<PoolView>& pools, const Config& config) {
  LearnCell(0, 0, neuron, config);
  for (const PoolView& view : pools)
    if (view.slow_short || view.slow_long || view.recall)
      for (int cell : *view.cells) LearnCell(0, cell, neuron, config);
  // Update exclusion: once a longer context already expected the neuron, the shorter ones are not told.
  for (size_t v = pools.size() + 1; v-- > 0;) {
    if (v > 0 && !pools[v - 1].fast) continue;
    for (int cell : v == 0 ? kAlwaysOn : *pools[v - 1].cells) LearnCell(1, cell, neuron, config);
    if (fast_confidence_[v] > 0 && fast_evidence_[v * neurons_ + neuron] >= config.exclusion_level) break;
  }
}

void Population::Fired(int neuron, const Config& config) {
  // Before the recent losses: both readouts' bits on this neuron, as they predicted it.
  if (config.recall_advantage_decay > 0) {
    recall_advantage_bits_ = std::clamp(config.recall_advantage_decay * recall_advantage_bits_ -
                                            det_log2(std::max(readout_[kSlowLong][neuron], 1e-300)) +
                                            det_log2(std::max(readout_[kRecall][neuron], 1e-300)),
                                        -kMaxAdvantageBits, kMaxAdvantageBits);
  }
  for (int r = 0; r < kReadouts; ++r)
    recent_bits_[r] = config.recent_loss_decay * recent_bits_[r] - det_log2(std::max(readout_[r][neuron], 1e-300));
  for (int i = 0; i < neurons_; ++i)
    thresholds_[i] =
        std::clamp(thresholds_[i] * (1 - config.theta_decay) + config.theta_rate * ((i == neuron) - prediction_[i]),
                   -config.theta_max, config.theta_max);
}

int Population::Choose(const std::vector<int>& allowed, double temperature, Pcg32& generator) {
  centred();
  choice_.clear();
  const auto candidate = [&](size_t index) { return allowed.empty() ? static_cast<int>(index) : allowed[index]; };
  const size_t count = allowed.empty() ? static_cast<size_t>(neurons_) : allowed.size();
  int best = candidate(0);
  for (size_t index = 1; index < count; ++index) {
    const int i = candidate(index);
    if (centred_[i] - thresholds_[i] > centred_[best] - thresholds_[best]) best = i;
  }
  if (temperature <= 0) return best;
  double total = 0;
  for (size_t index = 0; index < count; ++index) {
    const int i = candidate(index);
    choice_.push_back(det_exp((centred_[i] - thresholds_[i] - centred_[best] + thresholds_[best]) / temperature));
    total += choice_.back();
  }
  double draw = generator.Uniform() * total;
  for (size_t index = 0; index < count; ++index) {
    draw -= choice_[index];
    if (draw < 0) return candidate(index);
  }
  return best;
}

void Population::WriteState(ByteWriter& writer) const {
  const size_t row_length = static_cast<size_t>(neurons_) + 1;
  for (int set = 0; set < 2; ++set) {
    const size_t cells = rows_[set].size() / row_length;
    uint64_t used = 0;
    for (size_t cell = 0; cell < cells; ++cell) used += Row(set, static_cast<int>(cell))[0] > 0;
    writer.VarUint(used);
    for (size_t cell = 0; cell < cells; ++cell) {
      const float* row = Row(set, static_cast<int>(cell));
      if (row[0] <= 0) continue;
      writer.U32(static_cast<uint32_t>(cell));
      for (size_t i = 0; i < row_length; ++i) writer.F32(row[i]);
    }
  }
  for (double theta : thresholds_) writer.F64(theta);
  for (const std::vector<double>& readout : readout_)
    for (double p : readout) writer.F64(p);
  for (double bits : recent_bits_) writer.F64(bits);
  writer.F64(recall_advantage_bits_);
}

std::string Population::ReadState(ByteReader& reader, uint32_t format) {
  const size_t row_length = static_cast<size_t>(neurons_) + 1;
  fast_used_cells_.clear();
  for (int set = 0; set < 2; ++set) {
    const size_t cells = rows_[set].size() / row_length;
    std::fill(rows_[set].begin(), rows_[set].end(), 0.0f);
    const uint64_t used = reader.VarUint();
    if (!reader.ok() || used > cells || used * (4 + 4 * row_length) > reader.remaining())
      return "bad count of used key or rhythm cells";
    int64_t previous = -1;
    for (uint64_t entry = 0; entry < used; ++entry) {
      const uint32_t cell = reader.U32();
      if (cell >= cells || static_cast<int64_t>(cell) <= previous) return "bad key or rhythm cell";
      previous = cell;
      float* row = Row(set, static_cast<int>(cell));
      for (size_t i = 0; i < row_length; ++i) row[i] = reader.F32();
      if (!(row[0] >= 1 && row[0] <= kMaxUsage)) return "key or rhythm cell usage out of range";
      for (size_t i = 1; i < row_length; ++i)
        if (!(row[i] >= 0.0f && row[i] <= 1.0f)) return "key or rhythm weight outside [0, 1]";
      if (set == 1) fast_used_cells_.push_back(static_cast<int>(cell));
    }
  }
  for (double& theta : thresholds_)
    if (!(std::fabs(theta = reader.F64()) <= 100)) return "key or rhythm threshold out of range";
  for (std::vector<double>& readout : readout_)
    for (double& p : readout)
      if (!((p = reader.F64()) >= 0 && p <= 1)) return "key or rhythm readout out of range";
  for (double& bits : recent_bits_)
    if (!((bits = reader.F64()) >= 0 && bits < 1e6)) return "key or rhythm recent loss out of range";
  // Format 3 wrote no recall advantage (it had none).
  recall_advantage_bits_ = format >= 4 ? reader.F64() : 0;
  if (!(std::fabs(recall_advantage_bits_) <= kMaxAdvantageBits)) return "key or rhythm recall advantage out of range";
  return reader.ok() ? "" : "truncated key and rhythm neurons";
}

}  // namespace hpiano
