#include "config.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <type_traits>
#include <utility>

#include "bytes.h"

namespace hpiano {

namespace {

// Largest integer a JavaScript number holds exactly, so seeds survive the page.
constexpr double kMaxSeed = 9007199254740991.0;

// One row of the table: the field's accessors come from its member pointer,
// and whether it is a whole number from the field's type.
template <auto Field>
ParamInfo Param(const char* name, const char* help, double min, double max, bool shapes_network,
                uint32_t first_format = 1, std::vector<EarlierDefault> earlier_defaults = {}) {
  using Value = std::remove_reference_t<decltype(std::declval<Config&>().*Field)>;
  return {name,
          help,
          min,
          max,
          std::is_integral_v<Value>,
          shapes_network,
          [](const Config& config) { return static_cast<double>(config.*Field); },
          [](Config& config, double value) { config.*Field = static_cast<Value>(value); },
          first_format,
          std::move(earlier_defaults)};
}

// Formats that added parameters: 2 tune_pool_size, 3 the keys and rhythm, 4 the recall of taught tunes'
// keys and rhythm (and new defaults for key_orders and music_tune_pool_size), 5 the tonal context, 6 listening:
// longer contexts, the fast readout's escape and the mix's floor (new defaults for context_orders and
// tonal_recall_yield).
constexpr uint32_t kTunePoolSizeFormat = 2, kKeysAndRhythmFormat = 3, kRecallFormat = 4, kTonalFormat = 5,
                   kListeningFormat = 6;

}  // namespace

const std::vector<ParamInfo>& ConfigParams() {
  constexpr bool kShapes = true, kTunable = false;
  static const std::vector<ParamInfo> params = {
      Param<&Config::octaves>("octaves", "note neurons = 12 * octaves (1: one per pitch class)", 1, 8, kShapes),
      Param<&Config::context_orders>("context_orders", "context pools; pool m remembers the last m notes", 1, 16,
                                     kShapes, 1, {{kListeningFormat - 1, 8}}),
      Param<&Config::tune_pool>(
          "tune_pool", "1 adds a pool that stands for the whole tune so far (recalls tunes heard)", 0, 1, kShapes),
      Param<&Config::pool_size>("pool_size", "cells in each context pool", 16, 1 << 20, kShapes),
      Param<&Config::k_context>("k_context", "cells firing at once in each pool (k-winners-take-all)", 1, 64, kShapes),
      Param<&Config::projection_fan_out>("projection_fan_out", "non-zero entries per column of the random projections",
                                         1, 256, kShapes),
      Param<&Config::chain_gain>("chain_gain", "weight of the previous pool's code in a pool's drive", 0, 100, kShapes),
      Param<&Config::slow_orders>("slow_orders", "longest context the slow (long-term) weights read", 0, 16, kShapes),
      Param<&Config::short_slow_orders>(
          "short_slow_orders", "longest context of the slow weights' second, generalising prediction", 0, 16, kTunable),
      Param<&Config::recent_loss_weight>("recent_loss_weight",
                                         "how much recent prediction errors (bits) lower a prediction's weight", 0, 10,
                                         kTunable),
      Param<&Config::recent_loss_decay>("recent_loss_decay", "per-note decay of the recent prediction errors", 0, 0.999,
                                        kTunable),
      Param<&Config::mix_sharpness>("mix_sharpness", "slow/fast mix weight = entropy_bits^-mix_sharpness", 0, 16,
                                    kTunable),
      Param<&Config::exclusion_level>(
          "exclusion_level", "evidence (observations) at which shorter fast pools skip learning", 0, 1e6, kTunable),
      Param<&Config::k_notes>("k_notes", "note neurons that may fire at once (inhibition; 1 = melody)", 1, 96,
                              kTunable),
      Param<&Config::theta_rate>(
          "theta_rate", "threshold adaptation: nats per step a note fires beyond its expectation", 0, 1, kTunable),
      Param<&Config::theta_decay>("theta_decay", "fraction of each threshold that fades per step", 0, 1, kTunable),
      Param<&Config::theta_max>("theta_max", "thresholds stay within +-theta_max nats", 0, 100, kTunable),
      Param<&Config::temperature>("temperature", "playing: 0 = top candidate, > 0 = softmax sampling", 0, 100,
                                  kTunable),
      Param<&Config::rate_floor>("rate_floor", "lowest learning rate (0 = exact frequencies, > 0 forgets old notes)", 0,
                                 1, kTunable),
      Param<&Config::seed>("seed", "fixes the random projections and draws", 0, kMaxSeed, kShapes),
      // New parameters go last: a history's parameter changes name them by index.
      Param<&Config::tune_pool_size>("tune_pool_size", "cells in the tune pool", 16, 1 << 22, kShapes,
                                     kTunePoolSizeFormat),
      Param<&Config::interval_range>("interval_range",
                                     "interval neurons span +-interval_range semitones (they choose the key)", 1, 48,
                                     kShapes, kKeysAndRhythmFormat),
      Param<&Config::key_orders>("key_orders", "key pools; key pool m remembers the last m exact keys", 1, 16, kShapes,
                                 kKeysAndRhythmFormat, {{kKeysAndRhythmFormat, 6}}),
      Param<&Config::rhythm_orders>("rhythm_orders", "rhythm pools; rhythm pool m remembers the last m rhythm classes",
                                    0, 16, kShapes, kKeysAndRhythmFormat),
      Param<&Config::joint_orders>("joint_orders",
                                   "joint pools; joint pool m remembers the last m (interval, rhythm) pairs", 0, 16,
                                   kShapes, kKeysAndRhythmFormat),
      Param<&Config::music_pool_size>("music_pool_size", "cells in each key, rhythm and joint pool", 16, 1 << 20,
                                      kShapes, kKeysAndRhythmFormat),
      Param<&Config::key_slow_orders>("key_slow_orders",
                                      "longest key or interval context the interval neurons' slow weights read", 0, 16,
                                      kTunable, kKeysAndRhythmFormat),
      Param<&Config::key_short_slow_orders>("key_short_slow_orders",
                                            "longest such context of the slow weights' generalising prediction", 0, 16,
                                            kTunable, kKeysAndRhythmFormat),
      Param<&Config::joint_slow_orders>("joint_slow_orders",
                                        "longest joint context the rhythm neurons' slow weights read", 0, 16, kTunable,
                                        kKeysAndRhythmFormat),
      Param<&Config::interval_orders>("interval_orders",
                                      "interval pools; interval pool m remembers the last m melodic intervals", 0, 16,
                                      kShapes, kKeysAndRhythmFormat),
      Param<&Config::phase_beats>("phase_beats",
                                  "rhythm pools also hear the onset's position within this many beats (0: not)", 0, 4,
                                  kShapes, kKeysAndRhythmFormat),
      Param<&Config::interval_vote>("interval_vote",
                                    "how much the interval neurons' own view of the pitch class counts in p(key) (0: "
                                    "they choose only the octave)",
                                    0, 1, kTunable, kKeysAndRhythmFormat),
      Param<&Config::key_mix>("key_mix",
                              "1: p(key) also hears the interval neurons' own key prediction (mixed by certainty)", 0,
                              1, kTunable, kKeysAndRhythmFormat),
      Param<&Config::rhythm_slow_orders>("rhythm_slow_orders",
                                         "longest rhythm context the rhythm neurons' slow weights read", 0, 16,
                                         kTunable, kKeysAndRhythmFormat),
      Param<&Config::rhythm_short_slow_orders>("rhythm_short_slow_orders",
                                               "longest rhythm context of the rhythm neurons' generalising prediction",
                                               0, 16, kTunable, kKeysAndRhythmFormat),
      Param<&Config::rhythm_fast_orders>("rhythm_fast_orders",
                                         "longest rhythm context the rhythm neurons' fast weights read", 0, 16,
                                         kTunable, kKeysAndRhythmFormat),
      Param<&Config::music_tune_pool_size>(
          "music_tune_pool_size",
          "cells of the key-and-rhythm tune pool (0: none); the slow weights recall taught tunes through it", 0,
          1 << 22, kShapes, kKeysAndRhythmFormat, {{kKeysAndRhythmFormat, 0}}),
      Param<&Config::music_recall_orders>(
          "music_recall_orders", "longest key, rhythm or joint context the slow weights learn for recall (read apart)",
          0, 16, kTunable, kKeysAndRhythmFormat),
      Param<&Config::music_k_context>("music_k_context", "cells firing at once in each key, rhythm and joint pool", 1,
                                      64, kShapes, kKeysAndRhythmFormat),
      Param<&Config::keys_and_rhythm>(
          "keys_and_rhythm",
          "1 adds the interval and rhythm neurons (exact keys and timing); 0: pitch classes only, as format 1 and 2", 0,
          1, kShapes, kKeysAndRhythmFormat, {{kKeysAndRhythmFormat - 1, 0}}),
      Param<&Config::music_tune_chain>("music_tune_chain",
                                       "what the key-and-rhythm tune pool chains on: 1 the pitch classes since the "
                                       "tune began, 0 (key, rhythm) pairs",
                                       0, 1, kShapes, kRecallFormat, {{kRecallFormat - 1, 0}}),
      Param<&Config::music_tune_k_context>("music_tune_k_context",
                                           "cells firing at once in the key-and-rhythm tune pool (0: music_k_context)",
                                           0, 64, kShapes, kRecallFormat, {{kRecallFormat - 1, 0}}),
      Param<&Config::recall_advantage_decay>(
          "recall_advantage_decay",
          "per-note decay of the bits the recall readout gained on the slow readout; its weight is multiplied by "
          "2^gain (0: no gain)",
          0, 0.999, kTunable, kRecallFormat, {{kRecallFormat - 1, 0}}),
      Param<&Config::key_slow_escape>("key_slow_escape",
                                      "interval neurons' slow readouts: escape to shorter contexts, times PPM-C's",
                                      0.01, 100, kTunable, kRecallFormat, {{kRecallFormat - 1, 1}}),
      Param<&Config::rhythm_slow_escape>("rhythm_slow_escape",
                                         "rhythm neurons' slow readouts: escape to shorter contexts, times PPM-C's",
                                         0.01, 100, kTunable, kRecallFormat, {{kRecallFormat - 1, 1}}),
      Param<&Config::tonal_orders>(
          "tonal_orders", "degree pools: the last m notes as scale degrees of the tune's tonal reference (0: none)", 0,
          16, kShapes, kTonalFormat, {{kTonalFormat - 1, 0}}),
      Param<&Config::tonal_reference>("tonal_reference",
                                      "the tonal reference: 0 most used pitch class, 1 the tune's first note, 2 tonic "
                                      "of the best-fitting major scale, 3 the last note",
                                      0, 3, kShapes, kTonalFormat),
      Param<&Config::tonal_decay>("tonal_decay", "fraction of each tonal neuron's activity kept per note", 0, 1,
                                  kShapes, kTonalFormat),
      Param<&Config::tonal_pool_size>("tonal_pool_size", "cells in each degree pool", 16, 1 << 20, kShapes,
                                      kTonalFormat),
      Param<&Config::tonal_short_orders>("tonal_short_orders",
                                         "longest degree context of the tonal readout's generalising prediction", 0, 16,
                                         kTunable, kTonalFormat),
      Param<&Config::tonal_phase>(
          "tonal_phase", "degree pools also hear the onset's position in the bar: 1 every note's, 2 the last note's", 0,
          2, kShapes, kTonalFormat),
      Param<&Config::tonal_weight>("tonal_weight", "multiplies the tonal readout's mixing weight", 0, 100, kTunable,
                                   kTonalFormat),
      Param<&Config::tonal_product>("tonal_product",
                                    "the mixed prediction is multiplied by the tonal one to this power (0: not)", 0, 4,
                                    kTunable, kTonalFormat),
      Param<&Config::tonal_k_context>("tonal_k_context", "cells firing at once in each degree pool", 1, 64, kShapes,
                                      kTonalFormat),
      Param<&Config::tonal_recall_yield>(
          "tonal_recall_yield",
          "how much the tonal readout steps back while the slow weights recall the tune (right lately)", 0, 1e6,
          kTunable, kTonalFormat, {{kListeningFormat - 1, 100}}),
      Param<&Config::fast_escape>("fast_escape",
                                  "note neurons' fast readout: escape to shorter contexts, times PPM-C's", 0.01, 100,
                                  kTunable, kListeningFormat, {{kListeningFormat - 1, 1}}),
      Param<&Config::mix_floor>("mix_floor",
                                "share of the prediction the slow generalising readout keeps whatever the mix says", 0,
                                0.5, kTunable, kListeningFormat, {{kListeningFormat - 1, 0}}),
  };
  return params;
}

const ParamInfo* FindParam(const std::string& name) {
  for (const ParamInfo& param : ConfigParams())
    if (name == param.name) return &param;
  return nullptr;
}

namespace {

// An end of a parameter's range as text, as printf's "%.16g" writes every end
// in the table (tests/core/config_test.cpp checks each): whole numbers up to
// 2^53 in full, others with the fewest decimals that give them back (0.999).
// Neither printf, whose floating-point formatting took 4.6 KB of the page's
// gzipped core.wasm, nor a stream: iostreams add their locale machinery.
std::string RangeEnd(double value) {
  const double magnitude = std::fabs(value);
  double scale = 1;
  int decimals = 0;
  while (decimals < 15 && std::fabs(magnitude * scale - std::round(magnitude * scale)) > 1e-9 * magnitude * scale) {
    scale *= 10;
    ++decimals;
  }
  std::string digits = std::to_string(std::llround(magnitude * scale));
  if (decimals > 0) {
    if (digits.size() <= static_cast<size_t>(decimals)) digits.insert(0, decimals + 1 - digits.size(), '0');
    digits.insert(digits.size() - decimals, ".");
  }
  return (value < 0 ? "-" : "") + digits;
}

}  // namespace

std::string CheckParam(const ParamInfo& param, double value) {
  if (std::isfinite(value) && value >= param.min && value <= param.max &&
      (!param.integer || value == std::floor(value)))
    return "";
  return std::string(param.name) + " must be " + (param.integer ? "a whole number " : "") + "from " +
         RangeEnd(param.min) + " to " + RangeEnd(param.max);
}

double GetParam(const Config& config, const std::string& name) {
  const ParamInfo* param = FindParam(name);
  return param ? param->get(config) : std::nan("");
}

std::string SetParam(Config& config, const std::string& name, double value) {
  const ParamInfo* param = FindParam(name);
  if (!param) return "unknown parameter '" + name + "'";
  std::string error = CheckParam(*param, value);
  if (error.empty()) param->set(config, value);
  return error;
}

std::string SeedFromNumber(double value, uint64_t& seed) {
  Config config;
  std::string error = SetParam(config, "seed", value);
  if (error.empty()) seed = config.seed;
  return error;
}

std::string SetParamFromText(Config& config, const std::string& assignment) {
  const size_t equals = assignment.find('=');
  if (equals == std::string::npos) return "expected key=value, got '" + assignment + "'";
  const std::string name = assignment.substr(0, equals), text = assignment.substr(equals + 1);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size())
    return "bad value '" + text + "' for " + name + " (expected a number)";
  return SetParam(config, name, value);
}

uint64_t CodeMemoEntries(const Config& c) {
  const uint64_t entry_bytes = (4 + 2 * static_cast<uint64_t>(c.k_context)) * sizeof(int);
  uint64_t entries = 1;
  while (2 * entries * entry_bytes <= kCodeMemoBytes) entries *= 2;
  return entries;
}

uint64_t ChainDriveSlots(const Config& c) {
  const uint64_t touches = static_cast<uint64_t>(c.k_context) * static_cast<uint64_t>(c.projection_fan_out);
  uint64_t slots = 1;
  while (slots < 2 * touches) slots *= 2;
  return slots;
}

uint64_t MemoryBytes(const Config& c) {
  const uint64_t notes = 12ull * static_cast<uint64_t>(c.octaves);
  const uint64_t pool = static_cast<uint64_t>(c.pool_size);
  const uint64_t tune_pool = c.tune_pool ? static_cast<uint64_t>(c.tune_pool_size) : 0;
  const uint64_t context_cells = 1 + c.context_orders * pool;        // the fast set's
  const uint64_t slow_cells = 1 + c.slow_orders * pool + tune_pool;  // the pools the slow set reads
  const uint64_t per_cell = notes * sizeof(float) + sizeof(uint32_t);
  // The head of each input projection column that the code update searches: per pool and symbol its cells, the
  // same cells with their rank (int pairs), a filter of 2,048 bits and about 64 bytes more (hash prefix, scale and
  // the two lists' own fields).
  const uint64_t head = static_cast<uint64_t>(c.k_context) * (1 + c.projection_fan_out);
  const uint64_t heads = c.context_orders * std::min(pool, head) + std::min(tune_pool, head);
  const uint64_t columns = (notes + 1) * (c.context_orders + (c.tune_pool ? 1 : 0));
  const uint64_t projection_heads = (notes + 1) * heads * 3 * sizeof(int) + columns * (2048 / 8 + 64);
  // The memo of context codes, and DrawCode's scratch (the table of the cells the chain touches, their list and
  // slots).
  const uint64_t code_memo = CodeMemoEntries(c) * (4 + 2 * static_cast<uint64_t>(c.k_context)) * sizeof(int);
  const uint64_t chain_scratch = ChainDriveSlots(c) * (sizeof(int) + sizeof(float)) +
                                 static_cast<uint64_t>(c.k_context) * c.projection_fan_out * (sizeof(int) + 8);
  // The interval and rhythm neurons' weights and usage, both sets (key_rhythm.h).
  const uint64_t music_pool = static_cast<uint64_t>(c.music_pool_size);
  const uint64_t music_tune_pool = static_cast<uint64_t>(c.music_tune_pool_size);  // slow set only
  const uint64_t interval_cells = 1 + (c.key_orders + c.interval_orders) * music_pool;
  const uint64_t rhythm_cells = 1 + (c.rhythm_orders + c.joint_orders) * music_pool;
  // The tune pool's rows: slow set only (usage and weights, both populations).
  const uint64_t music_tune = music_tune_pool * ((2 * c.interval_range + 3) + 13) * sizeof(float);
  const uint64_t music = !c.keys_and_rhythm
                             ? 0
                             : 2 * (interval_cells * ((2 * c.interval_range + 2) * sizeof(float) + sizeof(uint32_t)) +
                                    rhythm_cells * (12 * sizeof(float) + sizeof(uint32_t))) +
                                   music_tune;
  // The degree pools' rows (usage + 12 weights), slow set only, and the fast set's always-on cell (tonal.h).
  const uint64_t tonal_orders = c.octaves == 1 ? static_cast<uint64_t>(c.tonal_orders) : 0;  // pitch classes only
  const uint64_t tonal = (2 + tonal_orders * c.tonal_pool_size) * 13 * sizeof(float);
  // Weights and usage of both sets, the fast set's list of used cells.
  return (slow_cells + context_cells) * per_cell + projection_heads + code_memo + chain_scratch +
         context_cells * sizeof(int) + music + tonal;
}

std::string Validate(const Config& c) {
  for (const ParamInfo& param : ConfigParams()) {
    std::string error = CheckParam(param, param.get(c));
    if (!error.empty()) return error;
  }
  if (c.slow_orders > c.context_orders)
    return "slow_orders must be from 0 to context_orders (" + std::to_string(c.context_orders) + ")";
  if (c.k_context * 2 > c.pool_size) return "k_context must be from 1 to pool_size / 2";
  if (c.tune_pool && c.k_context * 2 > c.tune_pool_size) return "k_context must be from 1 to tune_pool_size / 2";
  if (c.projection_fan_out < c.k_context)
    return "projection_fan_out must be from k_context (" + std::to_string(c.k_context) + ") to 256";
  if (c.tonal_k_context * 2 > c.tonal_pool_size) return "tonal_k_context must be from 1 to tonal_pool_size / 2";
  if (c.music_k_context * 2 > c.music_pool_size) return "music_k_context must be from 1 to music_pool_size / 2";
  const int music_tune_k = c.music_tune_k_context > 0 ? c.music_tune_k_context : c.music_k_context;
  if (c.music_tune_pool_size > 0 && music_tune_k * 2 > c.music_tune_pool_size)
    return "the key-and-rhythm tune pool's firing cells (music_tune_k_context, else music_k_context) must be at most "
           "music_tune_pool_size / 2";
  if (c.k_notes > 12 * c.octaves)
    return "k_notes must be from 1 to 12 * octaves (" + std::to_string(12 * c.octaves) + ")";
  if (MemoryBytes(c) > kMaxNetworkBytes) {
    return "the network is too large: its cells (pool_size * context_orders + tune_pool_size, each with "
           "12 * octaves weights) would need " +
           std::to_string(MemoryBytes(c) >> 20) + " MiB (at most " + std::to_string(kMaxNetworkBytes >> 20) + " MiB)";
  }
  return "";
}

void WriteConfig(ByteWriter& writer, const Config& config, bool only_changed) {
  const Config defaults;
  std::vector<const ParamInfo*> written;
  for (const ParamInfo& param : ConfigParams())
    if (!only_changed || param.get(config) != param.get(defaults)) written.push_back(&param);
  writer.VarUint(written.size());
  for (const ParamInfo* param : written) {
    writer.String(param->name);
    writer.F64(param->get(config));
  }
}

Config DefaultConfig(uint32_t format) {
  Config defaults;
  for (const ParamInfo& param : ConfigParams()) {
    for (const EarlierDefault& earlier : param.earlier_defaults) {
      if (format <= earlier.until_format) {
        param.set(defaults, earlier.value);
        break;
      }
    }
  }
  return defaults;
}

std::string ReadConfig(ByteReader& reader, Config& config, uint32_t format) {
  const uint64_t count = reader.VarUint();
  if (!reader.ok() || count > 256) return "bad parameter count";
  Config read = DefaultConfig(format);
  for (uint64_t i = 0; i < count; ++i) {
    const std::string name = reader.String(64);
    const double value = reader.F64();
    if (!reader.ok()) return "truncated config";
    const ParamInfo* param = FindParam(name);
    if (param && param->first_format > format) {
      return "unknown parameter '" + name + "' (in a version " + std::to_string(format) +
             " file or link; it came with version " + std::to_string(param->first_format) + ")";
    }
    std::string error = SetParam(read, name, value);
    if (!error.empty()) return error;
  }
  if (format < kTunePoolSizeFormat) read.tune_pool_size = read.pool_size;
  std::string error = Validate(read);
  if (!error.empty()) return error;
  config = read;
  return "";
}

}  // namespace hpiano
