// Every parameter of the network in one struct, with its unit, default and
// allowed range (the names are MODEL.md's, so the code, the share format, the
// command line's --set and the page all say the same thing).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hpiano {

class ByteWriter;
class ByteReader;

struct Config {
  // Note neurons: 12 * octaves, one per pitch (octaves = 1: one per pitch class).
  int octaves = 1;
  // Context pools 1..context_orders; pool m's firing cells stand for the last m notes.
  int context_orders = 8;
  // 1 adds the tune pool: its cells stand for the whole tune so far, from its
  // start (it chains from its own last code), so a tune heard before is recalled
  // note after note; contexts longer than context_orders otherwise look alike.
  int tune_pool = 1;
  // Cells per context pool.
  int pool_size = 16384;
  // Cells in the tune pool. Each note of each tune heard takes k_context of
  // them, so it needs more room than a pool of short contexts to keep tunes apart.
  int tune_pool_size = 131072;
  // Cells firing per pool (k-winners-take-all).
  int k_context = 4;
  // Non-zero entries per column of the sparse random projections B_m and R_m.
  int projection_fan_out = 16;
  // Weight of the previous pool's code against the new note in a pool's drive:
  // >= 1 gates (pool m codes exactly the last m notes), < 1 lets contexts
  // sharing their last note share cells.
  double chain_gain = 1;
  // Slow weights are read from pools 0..slow_orders (fast weights from all).
  int slow_orders = 5;
  // The slow weights also give a prediction from pools 0..short_slow_orders
  // only: short contexts generalise to tunes never heard, long ones recall tunes
  // heard. At or above slow_orders there is no second prediction.
  int short_slow_orders = 3;
  // How much a readout's recent losses lower its mix weight: the weight is
  // entropy_bits(p)^-mix_sharpness * 2^(-recent_loss_weight * recent bits lost).
  double recent_loss_weight = 1;
  // recent bits lost = recent_loss_decay * recent bits lost + bits lost on this note (0: only the last note).
  double recent_loss_decay = 0.5;
  // Slow/fast mix weight = entropy_bits(p)^-mix_sharpness.
  double mix_sharpness = 1;
  // Update exclusion (fast set): shorter pools skip learning once a pool's
  // evidence for the heard note reaches this many observations.
  double exclusion_level = 0.5;
  // Note neurons that may fire at once (1 = melody, more = chords).
  int k_notes = 1;
  // Homeostasis, nats per step: theta += theta_rate * (fired - expected) - theta_decay * theta,
  // with `expected` the note's predicted probability, so a note that fires more
  // often than the network itself expects (a loop) gets harder to fire.
  double theta_rate = 0.05;
  // Fraction of each threshold that fades per step (thresholds forget old loops).
  double theta_decay = 0.02;
  // Thresholds stay within [-theta_max, theta_max] nats.
  double theta_max = 2;
  // Playing: 0 plays the top candidate, > 0 draws from softmax((c - theta) / temperature);
  // 1 draws from the prediction itself (c = ln p + const) shifted by the thresholds.
  double temperature = 1;
  // Lowest learning rate: the outstar rate is max(1 / usage, rate_floor); 0 keeps exact frequencies.
  double rate_floor = 0;
  // Fixes the random projections and the generator's first state.
  uint64_t seed = 1;
};

// Describes one parameter for validation, help texts, --set, the page's
// controls and the config's bytes. ConfigParams() lists them in one table
// (config.cpp): adding a parameter is its Config field plus one row there.
struct ParamInfo {
  const char* name;
  const char* help;  // one line, with the unit
  double min;
  double max;
  bool integer;  // from the field's type: int and uint64_t fields are whole numbers
  // Sets the network's shape (its sizes, projections or the pools the slow
  // weights read): such a parameter changes only with a new network.
  bool shapes_network;
  // The Config field, read and written as a double (whole numbers up to 2^53 exactly).
  double (*get)(const Config& config);
  void (*set)(Config& config, double value);
};

// Every parameter, in a fixed order: a history's parameter changes name them by
// index, so new parameters go last.
const std::vector<ParamInfo>& ConfigParams();

// The row of a parameter by name, nullptr if there is none.
const ParamInfo* FindParam(const std::string& name);

// "" if `value` is within the parameter's range (and whole for an integer one),
// else a message naming the parameter and its range.
[[nodiscard]] std::string CheckParam(const ParamInfo& param, double value);

// Value of a parameter by name as a double (NaN if the name is unknown).
double GetParam(const Config& config, const std::string& name);

// Sets a parameter by name; returns an error message ("" on success). The value
// is range-checked on its own here; Validate checks the whole config.
[[nodiscard]] std::string SetParam(Config& config, const std::string& name, double value);

// Parses "key=value" (as given to --set) and sets it; returns an error message or "".
[[nodiscard]] std::string SetParamFromText(Config& config, const std::string& assignment);

// A seed given as a number (the page's and the API's JavaScript numbers):
// "" and `seed` set if it is within the seed parameter's range (a whole number
// from 0 to 2^53 - 1), else a message and `seed` untouched.
[[nodiscard]] std::string SeedFromNumber(double value, uint64_t& seed);

// "" if the config is usable, else a message naming the parameter and its range.
[[nodiscard]] std::string Validate(const Config& config);

// Bytes the network's arrays take for this config (used by Validate's 256 MiB limit).
uint64_t MemoryBytes(const Config& config);

#ifndef HPIANO_MAX_NETWORK_BYTES
#define HPIANO_MAX_NETWORK_BYTES (256ull << 20)
#endif
// The largest network Validate accepts. Fuzzing builds lower it (scripts/fuzz),
// so that inputs naming large networks are refused at once and the fuzzer
// spends its time in the parsers rather than in allocating.
constexpr uint64_t kMaxNetworkBytes = HPIANO_MAX_NETWORK_BYTES;

// The config's bytes, in .hpn files and share links: varint count, then per
// parameter (in ConfigParams order) string name, float64 value; with
// only_changed just those that differ from the defaults.
void WriteConfig(ByteWriter& writer, const Config& config, bool only_changed = false);
// Files and links of the first format (version 1 of both) predate
// tune_pool_size: their tune pool was as large as the other pools.
enum class ConfigFormat { kCurrent, kTunePoolAsLargeAsPools };
// Reads what WriteConfig wrote, over the defaults; unknown names or bad values
// give an error and leave `config` untouched.
[[nodiscard]] std::string ReadConfig(ByteReader& reader, Config& config, ConfigFormat format = ConfigFormat::kCurrent);

}  // namespace hpiano
