#include "network.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "bytes.h"
#include "det_math.h"
#include "history.h"
#include "prefetch.h"

namespace hpiano {

namespace {

// Domain tags keep the two projections' hashes apart.
constexpr uint64_t kInputProjectionTag = 0x1000;
constexpr uint64_t kChainProjectionTag = 0x2000;
constexpr uint64_t kInputHeadTag = 0x3000;
// Usage counts saturate here; the rate 1/u is then below 1e-9 anyway.
constexpr uint32_t kMaxUsage = 0xFFFFFFF0u;
// Entropy floor for the mixing weight, bits, so a certain set gets a large but finite weight.
constexpr double kMinEntropyBits = 1e-6;
constexpr double kLn2 = 0.69314718055994530942;

const std::vector<int> kNoCells;

// Length of the sorted head of B's column that is kept per pool and symbol:
// k winners among the cells the chain leaves untouched are always in it.
int InputHeadLength(const Config& c, int pool_size) {
  return std::min(pool_size, c.k_context * (1 + c.projection_fan_out));
}

}  // namespace

void KWinners(const std::vector<double>& values, int k, double threshold, std::vector<int>& winners) {
  winners.clear();
  for (int i = 0; i < static_cast<int>(values.size()); ++i)
    if (values[i] > threshold) winners.push_back(i);
  const auto larger = [&values](int a, int b) { return values[a] > values[b] || (values[a] == values[b] && a < b); };
  const int keep = std::min<int>(k, static_cast<int>(winners.size()));
  std::partial_sort(winners.begin(), winners.begin() + keep, winners.end(), larger);
  winners.resize(keep);
}

std::vector<int> KWinners(const std::vector<double>& values, int k, double threshold) {
  std::vector<int> winners;
  KWinners(values, k, threshold, winners);
  return winners;
}

double EntropyBits(const std::vector<double>& p) {
  double bits = 0;
  for (double value : p)
    if (value > 0) bits -= value * det_log2(value);
  return bits;
}

Network::Network() {
  const std::string error = Reset(Config());
  if (!error.empty()) std::abort();  // the defaults are valid (config_test checks them)
}

std::string Network::Reset(const Config& config) {
  const std::string error = Validate(config);
  if (!error.empty()) return error;
  config_ = config;
  initial_config_ = config;
  note_count_ = 12 * config.octaves;
  base_midi_ = 60 - 12 * ((config.octaves - 1) / 2);
  generator_.Seed(config.seed);

  const int pools = pool_count();
  // Both sets span pools 0..context_orders; the slow set (which reads pools
  // 0..slow_orders) also the tune pool, the last, which the fast set never reads.
  const size_t context_cells = 1 + static_cast<size_t>(config.context_orders) * config.pool_size;
  const size_t slow_context_cells = 1 + static_cast<size_t>(config.slow_orders) * config.pool_size;
  const size_t cells[2] = {slow_context_cells + (config.tune_pool ? static_cast<size_t>(config.tune_pool_size) : 0),
                           context_cells};
  for (int set = 0; set < 2; ++set) {
    weights_[set].assign(cells[set] * note_count_, 0.0f);
    usage_[set].assign(cells[set], 0);
    evidence_[set].assign(static_cast<size_t>(pools) * note_count_, 0.0);
    readings_[set].assign(pools, PoolReading());
  }
  for (int r = 0; r < kReadouts; ++r) readout_prediction_[r].assign(note_count_, 1.0 / note_count_);
  fast_used_cells_.clear();
  chain_touched_.clear();
  chain_touched_slots_.clear();
  chain_drive_.assign(ChainDriveSlots(config), {-1, 0.0f});
  // Entries of (pool, symbol, lengths, the chained code, the code drawn): at most kCodeMemoBytes.
  code_memo_.assign(CodeMemoEntries(config) * (4 + 2 * static_cast<size_t>(config.k_context)), 0);
  fan_out_hashes_.clear();
  for (int entry = 0; entry < config.projection_fan_out; ++entry)
    fan_out_hashes_.push_back(mix64(static_cast<uint64_t>(entry)));
  prediction_.assign(note_count_, 1.0 / note_count_);
  activation_.assign(note_count_, 0.0);
  centred_.assign(note_count_, 0.0);
  thresholds_.assign(note_count_, 0.0);
  fired_.assign(note_count_, 0);
  inhibited_.assign(note_count_, 0);
  fired_midi_.clear();
  last_midi_ = 60;
  register_centre_ = 60;
  steps_ = 0;
  input_columns_.assign(static_cast<size_t>(pool_count() - 1) * (note_count_ + 1), {});
  key_rhythm_.Reset(config);
  tonal_.Reset(config);
  NewTune();
  history_.Clear();
  return "";
}

void Network::Reseed(uint64_t seed) {
  generator_.Seed(seed);
  key_rhythm_.Reseed(seed);
  history_.Append(Event::Reseed(seed));
}

std::string Network::Adjust(const Config& config) {
  const std::string error = Validate(config);
  if (!error.empty()) return error;
  for (const ParamInfo& param : ConfigParams())
    if (param.shapes_network && param.get(config) != param.get(config_))
      return std::string(param.name) + " shapes the network: change it with a new network";
  for (size_t index = 0; index < ConfigParams().size(); ++index) {
    const ParamInfo& param = ConfigParams()[index];
    if (param.get(config) != param.get(config_)) history_.Append(Event::Adjust(index, param.get(config)));
  }
  config_ = config;
  key_rhythm_.ConfigChanged();
  tonal_.ConfigChanged();
  for (double& theta : thresholds_) theta = std::clamp(theta, -config.theta_max, config.theta_max);
  ComputeDrive();
  return "";
}

// B_m's column for a symbol is dense and random, but its head is known without
// looking at every cell: the head's cells (distinct, chosen by hash) hold
// 1 - (i + u_i) / n for i = 0, 1, ... (in order, like the largest of n uniform
// values, n = PoolSize(pool)), and every other cell a uniform value below them,
// (1 - head / n) * u, with each u in (0, 1] from a hash of (seed, pool, symbol, cell).
inline double Network::ProjectionB(const InputColumn& column, int pool, int cell) const {
  if (column.MayHoldInHead(cell)) {
    const auto found =
        std::lower_bound(column.cells_by_index.begin(), column.cells_by_index.end(), std::make_pair(cell, 0));
    if (found != column.cells_by_index.end() && found->first == cell)
      return ProjectionBOfHead(column, pool, found->second, cell);
  }
  return column.off_head_scale * unit_interval(mix64(column.hash_prefix ^ mix64(static_cast<uint64_t>(cell))));
}

// The same for the cell of rank `rank` in the head.
inline double Network::ProjectionBOfHead(const InputColumn& column, int pool, int rank, int cell) const {
  const double u = unit_interval(mix64(column.hash_prefix ^ mix64(static_cast<uint64_t>(cell))));
  return 1 - (rank + u) / PoolSize(pool);
}

const Network::InputColumn& Network::Column(int pool, int symbol) const {
  InputColumn& column = input_columns_[static_cast<size_t>(pool - 1) * (note_count_ + 1) + symbol];
  if (!column.head.empty()) return column;
  // Built on first use: a network meets few of its (pool, note) pairs early.
  const int length = InputHeadLength(config_, PoolSize(pool));
  std::vector<bool> taken(PoolSize(pool), false);
  for (uint64_t draw = 0; static_cast<int>(column.head.size()) < length; ++draw) {
    const uint64_t h = hash_combine(config_.seed, kInputHeadTag + pool, symbol, draw);
    const int cell = static_cast<int>(reduce(h, static_cast<uint64_t>(PoolSize(pool))));
    if (taken[cell]) continue;
    taken[cell] = true;
    column.head.push_back(cell);
  }
  for (int rank = 0; rank < length; ++rank) {
    column.cells_by_index.emplace_back(column.head[rank], rank);
    column.head_filter[column.head[rank] % InputColumn::kFilterBits / 64] |= 1ull << (column.head[rank] % 64);
  }
  std::sort(column.cells_by_index.begin(), column.cells_by_index.end());
  column.hash_prefix = hash_prefix(config_.seed, kInputProjectionTag + pool, static_cast<uint64_t>(symbol));
  column.off_head_scale = 1 - static_cast<double>(length) / PoolSize(pool);
  return column;
}

// Step 6: pool m fires k-WTA(B_m x + chain_gain * R_m s_{m-1}), with s_{m-1}
// pool m-1's code before this update (so pools update from the longest down).
// B_m is dense (uniform (0,1] per entry, from a hash); R_m is sparse, with
// projection_fan_out entries of 1 per column. With chain_gain >= 1 the chain
// gates: only cells it touches can win, and B_m x picks among them, so pool m's
// code is a conjunction of the new note and pool m-1's code. Only cells that R touches, and the
// head of B's sorted column, can win, so the update costs k * fan_out, not PoolSize.
void Network::DrawCode(int pool, int symbol) {
  const int k = config_.k_context;
  chain_touched_.clear();
  chain_touched_slots_.clear();
  chain_sources_.clear();
  if (IsTunePool(pool) && !codes_[pool].empty()) {
    // The tune pool chains from its own last code taken whole (a conjunction
    // of its cells, so two histories that differ anywhere never merge): one
    // source keyed by a hash of the code.
    uint64_t whole_code = 1;
    for (int cell : codes_[pool]) whole_code = mix64(whole_code ^ static_cast<uint64_t>(cell));
    chain_sources_.push_back(whole_code);
  } else if (pool >= 2 && !IsTunePool(pool)) {
    chain_sources_.assign(codes_[pool - 1].begin(), codes_[pool - 1].end());  // each cell of pool m-1
  }
  const uint64_t pool_size = static_cast<uint64_t>(PoolSize(pool));
  // Each entry of R is 1: a cell touched by the chain gets chain_gain (a
  // strictly positive amount, so "touched" and "non-zero" are the same thing).
  // Entry t of a source's column is hash_combine(seed, tag + pool, source, t) % pool_size
  // (fan_out_hashes_[t] = mix64(t)).
  const float gain = static_cast<float>(std::max(config_.chain_gain, 1e-6));
  for (uint64_t source : chain_sources_) {
    const uint64_t source_prefix = hash_prefix(config_.seed, kChainProjectionTag + pool, source);
    for (uint64_t entry_hash : fan_out_hashes_) {
      const int cell = static_cast<int>(reduce(mix64(source_prefix ^ entry_hash), pool_size));
      std::pair<int, float>& slot = ChainSlot(cell);
      if (slot.first == -1) {
        slot.first = cell;
        chain_touched_.push_back(cell);
        chain_touched_slots_.push_back(static_cast<size_t>(&slot - chain_drive_.data()));
      }
      slot.second += gain;
    }
  }
  // The candidates: every touched cell, and the first k untouched cells of B's head.
  const InputColumn& column = Column(pool, symbol);
  winners_.clear();
  const auto offer = [this, k](int cell, double value) {
    // Most candidates lose to the k-th best so far: that test inline, the insertion apart.
    if (static_cast<int>(winners_.size()) < k || value > winner_values_.back() ||
        (value == winner_values_.back() && cell < winners_.back()))
      OfferCandidate(cell, value);
  };
  // The values first (independent of each other, so their hashes overlap), then the choice.
  candidate_values_.resize(chain_touched_.size());
  for (size_t i = 0; i < chain_touched_.size(); ++i)
    candidate_values_[i] = ProjectionB(column, pool, chain_touched_[i]) + chain_drive_[chain_touched_slots_[i]].second;
  for (size_t i = 0; i < chain_touched_.size(); ++i) offer(chain_touched_[i], candidate_values_[i]);
  int untouched = 0;
  for (int rank = 0; rank < static_cast<int>(column.head.size()) && untouched < k; ++rank) {
    const int cell = column.head[rank];
    if (!chain_touched_.empty() && ChainSlot(cell).first == cell) continue;
    offer(cell, ProjectionBOfHead(column, pool, rank, cell));
    ++untouched;
  }
  std::vector<int>& code = codes_[pool];
  code.assign(winners_.begin(), winners_.end());
  std::sort(code.begin(), code.end());
  // The table empty again (only the touched cells' slots were filled).
  for (size_t slot : chain_touched_slots_) chain_drive_[slot] = {-1, 0.0f};
}

void Network::AdvanceCodes(int symbol) {
  for (int pool = pool_count() - 1; pool >= 1; --pool) {
    // The update is a function of the symbol and the code the chain reads (pool
    // m-1's, the tune pool's own; none for pool 1), and music repeats itself:
    // a code met before is taken from the memo instead of drawn again.
    const std::vector<int>& chained = IsTunePool(pool) ? codes_[pool] : pool >= 2 ? codes_[pool - 1] : kNoCells;
    const int k = config_.k_context, stride = 4 + 2 * k;
    uint64_t key = mix64(static_cast<uint64_t>(pool) << 32 | static_cast<uint32_t>(symbol));
    for (int cell : chained) key = mix64(key ^ static_cast<uint64_t>(cell));
    int* entry = &code_memo_[(key & (code_memo_.size() / stride - 1)) * stride];
    const int length = static_cast<int>(chained.size());
    if (entry[0] == pool && entry[1] == symbol && entry[2] == length &&
        std::equal(chained.begin(), chained.end(), entry + 4)) {
      codes_[pool].assign(entry + 4 + k, entry + 4 + k + entry[3]);
    } else {
      entry[0] = pool;
      entry[1] = symbol;
      entry[2] = length;
      std::copy(chained.begin(), chained.end(), entry + 4);
      DrawCode(pool, symbol);
      entry[3] = static_cast<int>(codes_[pool].size());
      std::copy(codes_[pool].begin(), codes_[pool].end(), entry + 4 + k);
    }
    PrefetchCode(pool);
  }
}

// ComputeDrive reads the usage and weights of every firing cell, scattered over
// megabytes: asking for them as soon as a code is known lets the loads overlap.
void Network::PrefetchCode(int pool) const {
  for (int set = 0; set < 2; ++set) {
    if (!ReadsPool(static_cast<WeightSet>(set), pool)) continue;
    for (int cell : codes_[pool]) {
      const size_t global = GlobalCell(pool, cell);
      PrefetchLine(&usage_[set][global]);
      PrefetchLine(&weights_[set][global * note_count_]);
      PrefetchLine(&weights_[set][global * note_count_ + note_count_ - 1]);
    }
  }
}

// k-winners-take-all among a pool's candidates as they come: winners_ holds the
// best so far (values above 0, largest first, ties to the lower cell), at most k_context.
void Network::OfferCandidate(int cell, double value) {
  if (!(value > 0)) return;
  const auto better = [&](size_t rank) {
    return value > winner_values_[rank] || (value == winner_values_[rank] && cell < winners_[rank]);
  };
  size_t rank = winners_.size();
  if (rank == static_cast<size_t>(config_.k_context)) {
    if (!better(rank - 1)) return;
    --rank;
  } else {
    winners_.push_back(cell);
    winner_values_.resize(winners_.size());
  }
  for (; rank > 0 && better(rank - 1); --rank) {
    winners_[rank] = winners_[rank - 1];
    winner_values_[rank] = winner_values_[rank - 1];
  }
  winners_[rank] = cell;
  winner_values_[rank] = value;
}

// Step 1, for both weight sets, then step 2 (centring).
void Network::ComputeDrive() {
  const int notes = note_count_;
  bool familiar[kReadouts] = {false, false, false};
  std::vector<double>& p = blend_;
  p.resize(notes);
  for (int set = 0; set < 2; ++set) {
    std::fill(p.begin(), p.end(), 1.0 / notes);
    const int readout = set == 0 ? Index(Readout::kSlowLong) : Index(Readout::kFast);
    for (int pool = 0; pool < pool_count(); ++pool) {
      PoolReading& reading = readings_[set][pool];
      reading = PoolReading();
      if (ReadsPool(static_cast<WeightSet>(set), pool)) {
        double confidence = 0, inverse_usage_sum = 0;
        bool first = true;
        for (int cell : codes_[pool]) {
          const double u = usage_[set][GlobalCell(pool, cell)];
          confidence = first ? u : std::min(confidence, u);
          if (u > 0) inverse_usage_sum += 1 / u;
          first = false;
        }
        if (confidence > 0) {
          // Learn reads a pool's evidence only where its confidence is above 0:
          // summed here from 0 (the first cell's term added to 0.0, as into a cleared array).
          double* evidence = &evidence_[set][static_cast<size_t>(pool) * notes];
          // Each cell speaks with weight 1/u[j]: a cell that also fires for other,
          // more frequent contexts (u[j] above this context's count) says less.
          for (size_t c = 0; c < codes_[pool].size(); ++c) {
            const size_t global = GlobalCell(pool, codes_[pool][c]);
            const double share = (1 / static_cast<double>(usage_[set][global])) / inverse_usage_sum;
            const float* row = &weights_[set][global * notes];
            if (c == 0) {
              for (int i = 0; i < notes; ++i) evidence[i] = 0.0 + share * row[i];
            } else {
              for (int i = 0; i < notes; ++i) evidence[i] += share * row[i];
            }
          }
          double distinct = 0;
          int vote = 0;
          for (int i = 0; i < notes; ++i) {
            evidence[i] *= confidence;
            distinct += std::min(1.0, evidence[i]);
            if (evidence[i] > evidence[vote]) vote = i;
          }
          // The blend escapes to the shorter contexts' prediction with escape * distinct (PPM-C's at 1).
          const double escape = set == Index(WeightSet::kFast) ? config_.fast_escape * distinct : distinct;
          for (int i = 0; i < notes; ++i) p[i] = (evidence[i] + escape * p[i]) / (confidence + escape);
          reading = {confidence, vote, evidence[vote] / confidence, distinct};
          familiar[readout] = true;
        }
      }
      if (set == 0 && pool == config_.short_slow_orders) {
        readout_prediction_[Index(Readout::kSlowShort)] = p;
        familiar[Index(Readout::kSlowShort)] = familiar[readout];
      }
    }
    readout_prediction_[readout] = p;
  }
  // With no longer slow contexts, the short readout is the long one: count it once.
  if (config_.short_slow_orders >= config_.slow_orders) familiar[Index(Readout::kSlowShort)] = false;

  // A readout none of whose contexts is familiar knows nothing and has no say;
  // the others weigh entropy_bits^-mix_sharpness * 2^(-recent_loss_weight * recent bits).
  double total_weight = 0;
  for (int r = 0; r < kReadouts; ++r) {
    const double bits = std::max(EntropyBits(readout_prediction_[r]), kMinEntropyBits);
    mix_weight_[r] =
        familiar[r]
            ? det_exp(-config_.mix_sharpness * det_log(bits) - config_.recent_loss_weight * recent_bits_[r] * kLn2)
            : 0.0;
    total_weight += mix_weight_[r];
  }
  if (total_weight == 0) {  // nothing familiar: all uniform
    for (double& weight : mix_weight_) weight = 1;
    total_weight = kReadouts;
  }
  // The tonal readout (pitch classes, so one octave only) weighs like the others, times tonal_weight.
  tonal_mix_weight_ = 0;
  if (tonal_.familiar() && notes == kPitchClasses) {
    const double bits =
        std::max(EntropyBits({tonal_.prediction().begin(), tonal_.prediction().end()}), kMinEntropyBits);
    tonal_mix_weight_ = config_.tonal_weight * det_exp(-config_.mix_sharpness * det_log(bits) -
                                                       config_.recent_loss_weight * tonal_recent_bits_ * kLn2);
    // A tune heard before is recalled, not generalised: while a readout that remembers it (the slow weights'
    // full readout, through the tune pool, or the fast weights) has been right lately, the tonal readout steps
    // back, its weight divided by 1 + tonal_recall_yield * 2^-(the fewer recent bits either lost).
    const double recalled_bits = std::min(recent_bits_[Index(Readout::kSlowLong)], recent_bits_[Index(Readout::kFast)]);
    tonal_mix_weight_ /= 1 + config_.tonal_recall_yield * det_exp(-recalled_bits * kLn2);
    total_weight += tonal_mix_weight_;
  }
  double sum_activation = 0;
  for (int i = 0; i < notes; ++i) {
    double mixed = tonal_mix_weight_ > 0 ? tonal_mix_weight_ * tonal_.prediction()[i] : 0.0;
    for (int r = 0; r < kReadouts; ++r) mixed += mix_weight_[r] * readout_prediction_[r][i];
    prediction_[i] = mixed / total_weight;
  }
  // The generalising readout keeps a share of mix_floor whatever the others say: a readout sure of a wrong note
  // (a repeat that turns out varied) costs a few bits, not ten.
  const int floor_readout = Index(Readout::kSlowShort);
  if (config_.mix_floor > 0 && familiar[floor_readout])
    for (int i = 0; i < notes; ++i)
      prediction_[i] =
          (1 - config_.mix_floor) * prediction_[i] + config_.mix_floor * readout_prediction_[floor_readout][i];
  if (tonal_mix_weight_ > 0 && config_.tonal_product > 0) {
    double total = 0;
    for (int i = 0; i < notes; ++i)
      total += prediction_[i] *= det_exp(config_.tonal_product * det_log(std::max(tonal_.prediction()[i], 1e-12)));
    for (int i = 0; i < notes; ++i) prediction_[i] /= total;
  }
  for (int i = 0; i < notes; ++i) {
    activation_[i] = det_log(prediction_[i]);
    sum_activation += activation_[i];
  }
  mean_activation_ = sum_activation / notes;
  for (int i = 0; i < notes; ++i) centred_[i] = activation_[i] - mean_activation_;

  int decider = 0;
  for (int r = 1; r < kReadouts; ++r)
    if (mix_weight_[r] >= mix_weight_[decider]) decider = r;
  const int set = decider == Index(Readout::kFast) ? 1 : 0;
  const int longest = decider == Index(Readout::kSlowShort) ? config_.short_slow_orders : pool_count() - 1;
  deciding_pool_ = -1;
  for (int pool = 0; pool <= longest; ++pool)
    if (readings_[set][pool].confidence > 0) deciding_pool_ = pool;
}

// Step 4 for one cell: u += 1, W += (1/u)(s - W), s the one-hot of the note.
void Network::LearnCell(WeightSet set, int cell, int note) {
  first_order_stale_ = true;
  const int s = Index(set);
  uint32_t& u = usage_[s][cell];
  if (u == 0 && set == WeightSet::kFast) fast_used_cells_.push_back(cell);
  if (u < kMaxUsage) ++u;
  const float rate = static_cast<float>(std::max(1.0 / u, config_.rate_floor));
  float* row = &weights_[s][static_cast<size_t>(cell) * note_count_];
  // Where the target is 0 this is W - rate W (the same float operations),
  // already within [0, W] for a rate in (0, 1] and a weight in [0, 1]: only
  // the note's weight is clamped.
  const float learned = row[note];
  for (int i = 0; i < note_count_; ++i) row[i] = row[i] - rate * row[i];
  row[note] = std::clamp(learned + rate * (1.0f - learned), 0.0f, 1.0f);
}

void Network::Learn(int note) {
  for (int pool = 0; pool < pool_count(); ++pool)
    if (ReadsPool(WeightSet::kSlow, pool))
      for (int cell : codes_[pool]) LearnCell(WeightSet::kSlow, GlobalCell(pool, cell), note);
  // Update exclusion: once a longer context already expected the note, the
  // shorter ones are not told again.
  for (int pool = config_.context_orders; pool >= 0; --pool) {
    for (int cell : codes_[pool]) LearnCell(WeightSet::kFast, GlobalCell(pool, cell), note);
    if (evidence_[1][static_cast<size_t>(pool) * note_count_ + note] >= config_.exclusion_level &&
        readings_[1][pool].confidence > 0)
      break;
  }
}

int Network::ChooseNote(const std::vector<double>& margin) {
  int best = 0;
  for (int i = 1; i < note_count_; ++i)
    if (margin[i] > margin[best]) best = i;
  if (config_.temperature <= 0) return best;
  // softmax(margin / T), shifted by the maximum so every exponent is <= 0.
  std::vector<double>& weight = choice_weights_;
  weight.resize(note_count_);
  double total = 0;
  for (int i = 0; i < note_count_; ++i) {
    weight[i] = det_exp((margin[i] - margin[best]) / config_.temperature);
    total += weight[i];
  }
  double draw = generator_.Uniform() * total;
  for (int i = 0; i < note_count_; ++i) {
    draw -= weight[i];
    if (draw < 0) return i;
  }
  return best;
}

int Network::StepTimed(int key, int rhythm, bool learn) {
  // Step 3: candidates cross their thresholds; the winners inhibit the rest.
  std::vector<double>& margin = margin_;
  margin.resize(note_count_);
  for (int i = 0; i < note_count_; ++i) margin[i] = centred_[i] - thresholds_[i];
  std::fill(fired_.begin(), fired_.end(), 0);
  fired_midi_.clear();
  int note = 0, midi = 0;
  // A note played always has its rhythm chosen (its history event holds none:
  // replay chooses it again); without the rhythm neurons no note has one.
  if (key < 0) rhythm = kChooseRhythm;
  if (!key_rhythm_.enabled() || (key >= 0 && !IsRhythmClass(rhythm))) rhythm = kNoRhythm;
  if (key >= 0) {
    midi = std::clamp(key, 0, 127);
    note = NeuronForMidi(midi);
    history_.Append(Event::Heard(midi, learn, rhythm));
  } else {
    note = ChooseNote(margin);
    // One octave: the interval neurons place the pitch class (key_rhythm.h),
    // once they have learned anything; until then it goes near the last note.
    midi = config_.octaves == 1 && key_rhythm_.intervals_learned() ? key_rhythm_.ChooseKey(note, config_.temperature)
                                                                   : MidiForNeuron(note);
    history_.Append(Event::Played(learn));
  }
  fired_[note] = 1;
  fired_midi_.push_back(midi);
  if (key < 0 && config_.k_notes > 1) {
    KWinners(margin, config_.k_notes, kCandidateMargin, winners_);
    for (int other : winners_) {
      if (fired_[other] || static_cast<int>(fired_midi_.size()) >= config_.k_notes) continue;
      fired_[other] = 1;
      fired_midi_.push_back(MidiForNeuron(other));
    }
  }
  for (int i = 0; i < note_count_; ++i) inhibited_[i] = margin[i] > kCandidateMargin && !fired_[i];

  // Each readout's recent loss: bits = -log2 p_r(note), decayed per note.
  for (int r = 0; r < kReadouts; ++r)
    recent_bits_[r] =
        config_.recent_loss_decay * recent_bits_[r] - det_log2(std::max(readout_prediction_[r][note], 1e-300));
  if (tonal_.familiar())
    tonal_recent_bits_ = config_.recent_loss_decay * tonal_recent_bits_ -
                         det_log2(std::max(tonal_.prediction()[note % kPitchClasses], 1e-300));

  if (learn) Learn(note);

  // Step 5: homeostasis against the note's own expected rate (MODEL.md's
  // target_rate made per note): theta += theta_rate * (fired - p) - theta_decay * theta, clamped.
  for (int i = 0; i < note_count_; ++i)
    thresholds_[i] =
        std::clamp(thresholds_[i] * (1 - config_.theta_decay) + config_.theta_rate * (fired_[i] - prediction_[i]),
                   -config_.theta_max, config_.theta_max);

  if (rhythm == kChooseRhythm) rhythm = key_rhythm_.ChooseRhythm(config_.temperature);
  key_rhythm_.Hear(midi, rhythm, learn, config_);
  tonal_.Hear(note % kPitchClasses, key_rhythm_.phase(), learn, config_);

  last_midi_ = midi;
  register_centre_ += 0.1 * (midi - register_centre_);
  ++steps_;
  AdvanceCodes(note);
  ComputeDrive();
  return midi;
}

void Network::NewTune() {
  first_order_stale_ = true;  // the fast weights are cleared
  for (int cell : fast_used_cells_) {
    usage_[1][cell] = 0;
    float* row = &weights_[1][static_cast<size_t>(cell) * note_count_];
    // One octave's row has a constant length: a few stores rather than a call to memset.
    if (note_count_ == kPitchClasses)
      std::fill_n(row, kPitchClasses, 0.0f);
    else
      std::fill_n(row, note_count_, 0.0f);
  }
  fast_used_cells_.clear();
  for (double& bits : recent_bits_) bits = 0;
  tonal_recent_bits_ = 0;
  key_rhythm_.NewTune(config_);
  tonal_.NewTune(config_);
  RestCodes();
  history_.Append(Event::NewTune());
}

void Network::Rest() {
  key_rhythm_.Rest(config_);
  tonal_.Rest(config_);
  RestCodes();
  history_.Append(Event::Rest());
}

void Network::RestCodes() {
  codes_.assign(pool_count(), {});
  codes_[0] = {0};
  AdvanceCodes(note_count_);  // the start symbol
  ComputeDrive();
}

int Network::NeuronForMidi(int midi) const {
  if (config_.octaves == 1) return ((midi % 12) + 12) % 12;
  int folded = midi;
  while (folded < base_midi_) folded += 12;
  while (folded >= base_midi_ + note_count_) folded -= 12;
  return folded - base_midi_;
}

// With one octave the network knows pitch classes only; it places each note in
// the octave nearest the previous note, pulled towards the register heard lately.
int Network::MidiForNeuron(int neuron) const {
  if (config_.octaves > 1) return base_midi_ + neuron;
  int best = -1;
  double best_cost = 0;
  for (int midi = neuron; midi <= 127; midi += 12) {
    const double cost = std::abs(midi - last_midi_) + 0.5 * std::abs(midi - register_centre_);
    if (best < 0 || cost < best_cost) {
      best = midi;
      best_cost = cost;
    }
  }
  return best;
}

std::array<double, kPitchClasses> Network::PitchClassPrediction() const {
  std::array<double, kPitchClasses> pitch_classes{};
  for (int i = 0; i < note_count_; ++i) pitch_classes[i % kPitchClasses] += prediction_[i];
  return pitch_classes;
}

const std::vector<float>& Network::FirstOrderWeights() const {
  if (!first_order_stale_) return first_order_weights_;
  first_order_stale_ = false;
  const int notes = note_count_;
  const int set = config_.slow_orders >= 1 ? 0 : 1;
  std::vector<float>& matrix = first_order_weights_;
  matrix.assign(static_cast<size_t>(notes) * notes, 0.0f);
  for (int from = 0; from < notes; ++from) {
    const std::vector<int>& head = Column(1, from).head;  // pool 1 has no chain: its code is B's head
    double inverse_usage_sum = 0;
    bool familiar = true;
    for (int c = 0; c < config_.k_context; ++c) {
      const uint32_t u = usage_[set][GlobalCell(1, head[c])];
      familiar = familiar && u > 0;
      if (u > 0) inverse_usage_sum += 1.0 / u;
    }
    if (!familiar) continue;
    for (int c = 0; c < config_.k_context; ++c) {
      const size_t global = GlobalCell(1, head[c]);
      const double share = (1.0 / usage_[set][global]) / inverse_usage_sum;  // as in ComputeDrive
      for (int to = 0; to < notes; ++to)
        matrix[static_cast<size_t>(from) * notes + to] +=
            static_cast<float>(share * weights_[set][global * notes + to]);
    }
  }
  return matrix;
}

void Network::WriteState(ByteWriter& writer) const {
  writer.U64(steps_);
  writer.I32(last_midi_);
  writer.F64(register_centre_);
  for (double bits : recent_bits_) writer.F64(bits);
  writer.U64(generator_.state());
  writer.U64(generator_.increment());
  for (int pool = 1; pool < pool_count(); ++pool)
    for (int cell : codes_[pool]) writer.U32(static_cast<uint32_t>(cell));
  for (double theta : thresholds_) writer.F64(theta);
  for (int set = 0; set < 2; ++set) {
    const std::vector<uint32_t>& usage = usage_[set];
    uint64_t used = 0;
    for (uint32_t u : usage) used += u > 0;
    writer.VarUint(used);
    const size_t tune_rows = 1 + static_cast<size_t>(config_.slow_orders) * config_.pool_size;
    for (size_t cell = 0; cell < usage.size(); ++cell) {
      if (!usage[cell]) continue;
      const bool skips = set == Index(WeightSet::kSlow) && cell >= tune_rows;
      writer.U32(static_cast<uint32_t>(cell + (skips ? SlowRowsSkippedInFile() : 0)));
      writer.U32(usage[cell]);
      for (int i = 0; i < note_count_; ++i) writer.F32(weights_[set][cell * note_count_ + i]);
    }
  }
  key_rhythm_.WriteState(writer);
  if (tonal_.enabled()) writer.F64(tonal_recent_bits_);
  tonal_.WriteState(writer);
  writer.VarUint(history().size());
  writer.Bytes(history().data(), history().size());
}

std::string Network::ReadState(ByteReader& reader, uint32_t format) {
  first_order_stale_ = true;
  steps_ = reader.U64();
  last_midi_ = reader.I32();
  register_centre_ = reader.F64();
  for (double& bits : recent_bits_) {
    bits = reader.F64();
    if (!(bits >= 0 && bits < 1e6)) return "recent prediction loss out of range";
  }
  const uint64_t state = reader.U64(), increment = reader.U64();
  generator_.Restore(state, increment);
  if (last_midi_ < 0 || last_midi_ > 127 || !std::isfinite(register_centre_)) return "last note out of range";
  for (int pool = 1; pool < pool_count(); ++pool) {
    std::vector<int>& code = codes_[pool];
    for (int& cell : code) {
      const uint32_t value = reader.U32();
      if (value >= static_cast<uint32_t>(PoolSize(pool))) return "context cell out of range";
      if (&cell != code.data() && static_cast<int>(value) <= (&cell)[-1]) return "context cells out of order";
      cell = static_cast<int>(value);
    }
  }
  for (double& theta : thresholds_) {
    theta = reader.F64();
    if (!(std::fabs(theta) <= config_.theta_max)) return "threshold out of range";
  }
  fast_used_cells_.clear();
  for (int set = 0; set < 2; ++set) {
    const uint64_t used = reader.VarUint();
    const uint64_t entry_bytes = 8 + 4ull * note_count_;
    if (!reader.ok() || used > usage_[set].size() || used * entry_bytes > reader.remaining())
      return "bad count of used cells";
    int64_t previous = -1;
    // The slow set's rows in the file's numbering (SlowRowsSkippedInFile): the context pools it never reads
    // have none, the tune pool's come after them.
    const size_t tune_rows = 1 + static_cast<size_t>(config_.slow_orders) * config_.pool_size;
    const size_t skipped = set == Index(WeightSet::kSlow) ? SlowRowsSkippedInFile() : 0;
    for (uint64_t e = 0; e < used; ++e) {
      const uint32_t file_cell = reader.U32(), usage = reader.U32();
      if (static_cast<int64_t>(file_cell) <= previous || usage == 0) return "bad weight entry";
      previous = file_cell;
      if (file_cell >= tune_rows && file_cell < tune_rows + skipped) return "bad weight entry";
      const size_t cell = file_cell >= tune_rows + skipped ? file_cell - skipped : file_cell;
      if (cell >= usage_[set].size()) return "bad weight entry";
      usage_[set][cell] = usage;
      if (set == Index(WeightSet::kFast)) fast_used_cells_.push_back(static_cast<int>(cell));
      for (int i = 0; i < note_count_; ++i) {
        const float w = reader.F32();
        if (!(w >= 0.0f && w <= 1.0f)) return "weight outside [0, 1]";
        weights_[set][static_cast<size_t>(cell) * note_count_ + i] = w;
      }
    }
  }
  std::string error = key_rhythm_.ReadState(reader, config_, format);
  if (!error.empty()) return error;
  if (tonal_.enabled() && !((tonal_recent_bits_ = reader.F64()) >= 0 && tonal_recent_bits_ < 1e6))
    return "tonal recent prediction loss out of range";
  error = tonal_.ReadState(reader, config_, format);
  if (!error.empty()) return error;
  const uint64_t history_length = reader.VarUint();
  const uint8_t* history = reader.Take(history_length);
  if (!reader.ok()) return "truncated history";
  error = history_.Assign(std::vector<uint8_t>(history, history + history_length));
  if (!error.empty()) return error;
  ComputeDrive();
  return "";
}

}  // namespace hpiano
