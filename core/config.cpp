#include "config.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <sstream>

namespace hpiano {

namespace {

// Largest integer a JavaScript number holds exactly, so seeds survive the page.
constexpr double kMaxSeed = 9007199254740991.0;

}  // namespace

const std::vector<ParamInfo>& ConfigParams() {
  static const std::vector<ParamInfo> params = {
      {"octaves", "note neurons = 12 * octaves (1: one per pitch class)", 1, 8, true, true},
      {"context_orders", "context pools; pool m remembers the last m notes", 1, 16, true, true},
      {"tune_pool", "1 adds a pool that stands for the whole tune so far (recalls tunes heard)", 0, 1, true, true},
      {"pool_size", "cells in each context pool", 16, 1 << 20, true, true},
      {"k_context", "cells firing at once in each pool (k-winners-take-all)", 1, 64, true, true},
      {"projection_fan_out", "non-zero entries per column of the random projections", 1, 256, true, true},
      {"chain_gain", "weight of the previous pool's code in a pool's drive", 0, 100, false, true},
      {"slow_orders", "longest context the slow (long-term) weights read", 0, 16, true, true},
      {"short_slow_orders", "longest context of the slow weights' second, generalising prediction", 0, 16, true, false},
      {"recent_loss_weight", "how much recent prediction errors (bits) lower a prediction's weight", 0, 10, false,
       false},
      {"recent_loss_decay", "per-note decay of the recent prediction errors", 0, 0.999, false, false},
      {"mix_sharpness", "slow/fast mix weight = entropy_bits^-mix_sharpness", 0, 16, false, false},
      {"exclusion_level", "evidence (observations) at which shorter fast pools skip learning", 0, 1e6, false, false},
      {"k_notes", "note neurons that may fire at once (inhibition; 1 = melody)", 1, 96, true, false},
      {"theta_rate", "threshold adaptation: nats per step a note fires beyond its expectation", 0, 1, false, false},
      {"theta_decay", "fraction of each threshold that fades per step", 0, 1, false, false},
      {"theta_max", "thresholds stay within +-theta_max nats", 0, 100, false, false},
      {"temperature", "playing: 0 = top candidate, > 0 = softmax sampling", 0, 100, false, false},
      {"rate_floor", "lowest learning rate (0 = exact frequencies, > 0 forgets old notes)", 0, 1, false, false},
      {"seed", "fixes the random projections and draws", 0, kMaxSeed, true, true},
      // New parameters go last: a history's parameter changes name them by index.
      {"tune_pool_size", "cells in the tune pool", 16, 1 << 22, true, true},
  };
  return params;
}

double GetParam(const Config& c, const std::string& name) {
  if (name == "octaves") return c.octaves;
  if (name == "context_orders") return c.context_orders;
  if (name == "tune_pool") return c.tune_pool;
  if (name == "pool_size") return c.pool_size;
  if (name == "k_context") return c.k_context;
  if (name == "projection_fan_out") return c.projection_fan_out;
  if (name == "chain_gain") return c.chain_gain;
  if (name == "slow_orders") return c.slow_orders;
  if (name == "short_slow_orders") return c.short_slow_orders;
  if (name == "recent_loss_weight") return c.recent_loss_weight;
  if (name == "recent_loss_decay") return c.recent_loss_decay;
  if (name == "mix_sharpness") return c.mix_sharpness;
  if (name == "exclusion_level") return c.exclusion_level;
  if (name == "k_notes") return c.k_notes;
  if (name == "theta_rate") return c.theta_rate;
  if (name == "theta_decay") return c.theta_decay;
  if (name == "theta_max") return c.theta_max;
  if (name == "temperature") return c.temperature;
  if (name == "rate_floor") return c.rate_floor;
  if (name == "seed") return static_cast<double>(c.seed);
  if (name == "tune_pool_size") return c.tune_pool_size;
  return std::nan("");
}

std::string SetParam(Config& c, const std::string& name, double value) {
  const ParamInfo* info = nullptr;
  for (const ParamInfo& p : ConfigParams())
    if (name == p.name) info = &p;
  if (!info) return "unknown parameter '" + name + "'";
  std::ostringstream range;
  range.precision(16);  // whole numbers up to 2^53 in full, 0.999 as 0.999
  range << name << " must be " << (info->integer ? "a whole number " : "") << "from " << info->min << " to "
        << info->max;
  if (!std::isfinite(value) || value < info->min || value > info->max) return range.str();
  if (info->integer && value != std::floor(value)) return range.str();
  const int whole = info->integer && name != "seed" ? static_cast<int>(value) : 0;
  if (name == "octaves")
    c.octaves = whole;
  else if (name == "context_orders")
    c.context_orders = whole;
  else if (name == "tune_pool")
    c.tune_pool = whole;
  else if (name == "pool_size")
    c.pool_size = whole;
  else if (name == "k_context")
    c.k_context = whole;
  else if (name == "projection_fan_out")
    c.projection_fan_out = whole;
  else if (name == "chain_gain")
    c.chain_gain = value;
  else if (name == "slow_orders")
    c.slow_orders = whole;
  else if (name == "short_slow_orders")
    c.short_slow_orders = whole;
  else if (name == "recent_loss_weight")
    c.recent_loss_weight = value;
  else if (name == "recent_loss_decay")
    c.recent_loss_decay = value;
  else if (name == "mix_sharpness")
    c.mix_sharpness = value;
  else if (name == "exclusion_level")
    c.exclusion_level = value;
  else if (name == "k_notes")
    c.k_notes = whole;
  else if (name == "theta_rate")
    c.theta_rate = value;
  else if (name == "theta_decay")
    c.theta_decay = value;
  else if (name == "theta_max")
    c.theta_max = value;
  else if (name == "temperature")
    c.temperature = value;
  else if (name == "rate_floor")
    c.rate_floor = value;
  else if (name == "seed")
    c.seed = static_cast<uint64_t>(value);
  else if (name == "tune_pool_size")
    c.tune_pool_size = whole;
  return "";
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

uint64_t MemoryBytes(const Config& c) {
  const uint64_t notes = 12ull * static_cast<uint64_t>(c.octaves);
  const uint64_t pool = static_cast<uint64_t>(c.pool_size);
  const uint64_t tune_pool = c.tune_pool ? static_cast<uint64_t>(c.tune_pool_size) : 0;
  const uint64_t context_cells = 1 + c.context_orders * pool;  // the fast set's; the slow set adds the tune pool
  const uint64_t per_cell = notes * sizeof(float) + sizeof(uint32_t);
  // The head of each input projection column that the code update searches.
  const uint64_t head = static_cast<uint64_t>(c.k_context) * (1 + c.projection_fan_out);
  const uint64_t heads = c.context_orders * std::min(pool, head) + std::min(tune_pool, head);
  const uint64_t projection_heads = (notes + 1) * heads * sizeof(int);
  // Weights and usage of both sets, the chain's scratch row, the fast set's list of used cells.
  return (2 * context_cells + tune_pool) * per_cell + projection_heads + std::max(pool, tune_pool) * sizeof(float) +
         context_cells * sizeof(int);
}

std::string Validate(const Config& c) {
  for (const ParamInfo& p : ConfigParams()) {
    Config copy = c;
    const std::string error = SetParam(copy, p.name, GetParam(c, p.name));
    if (!error.empty()) return error;
  }
  if (c.slow_orders > c.context_orders)
    return "slow_orders must be from 0 to context_orders (" + std::to_string(c.context_orders) + ")";
  if (c.k_context * 2 > c.pool_size) return "k_context must be from 1 to pool_size / 2";
  if (c.tune_pool && c.k_context * 2 > c.tune_pool_size) return "k_context must be from 1 to tune_pool_size / 2";
  if (c.projection_fan_out < c.k_context)
    return "projection_fan_out must be from k_context (" + std::to_string(c.k_context) + ") to 256";
  if (c.k_notes > 12 * c.octaves)
    return "k_notes must be from 1 to 12 * octaves (" + std::to_string(12 * c.octaves) + ")";
  if (MemoryBytes(c) > kMaxNetworkBytes) {
    std::ostringstream message;
    message << "the network is too large: its cells (pool_size * context_orders + tune_pool_size, each with "
               "12 * octaves weights) would need "
            << (MemoryBytes(c) >> 20) << " MiB (at most " << (kMaxNetworkBytes >> 20) << " MiB)";
    return message.str();
  }
  return "";
}

}  // namespace hpiano
