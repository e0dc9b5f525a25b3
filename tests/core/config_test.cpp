// The parameter table: ranges, defaults, order and the config's bytes.
#include "config.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "bytes.h"
#include "share_link.h"
#include "test_support.h"

namespace hpiano {
namespace {

using testing::Hear;
using testing::MakeNetwork;
using testing::SmallConfig;

constexpr int C4 = 60, E4 = 64, G4 = 67;

TEST(Config, RefusesOutOfRangeValuesNamingTheParameter) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {C4, E4});
  const std::vector<float> weights = network.weights(WeightSet::kFast);
  struct Case {
    const char* name;
    double value;
  };
  for (const Case& bad : {Case{"octaves", 0}, Case{"k_notes", 0}, Case{"theta_rate", -0.1},
                          Case{"mix_sharpness", std::nan("")}, Case{"pool_size", 1e9}, Case{"k_context", 2.5}}) {
    Config config = SmallConfig();
    const std::string error = SetParam(config, bad.name, bad.value);
    EXPECT_NE(error.find(bad.name), std::string::npos) << error;
    EXPECT_NE(error.find("from"), std::string::npos) << error;  // says the allowed range
  }
  Config huge;
  huge.pool_size = 1 << 20;
  huge.context_orders = 16;
  const std::string error = network.Reset(huge);
  EXPECT_NE(error.find("256 MiB"), std::string::npos) << error;
  EXPECT_EQ(network.weights(WeightSet::kFast), weights);  // refused: nothing changed
  Config slow_too_long = SmallConfig();
  slow_too_long.slow_orders = 5;
  EXPECT_NE(network.Reset(slow_too_long).find("slow_orders"), std::string::npos);
}

// The message names the range as printf's "%.16g" writes its ends (config.cpp
// formats them without printf, whose code the page's core.wasm does without).
TEST(Config, ARefusedValueNamesItsRangeAsPrintfWritesIt) {
  const auto printed = [](double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.16g", value);
    return std::string(text);
  };
  for (const ParamInfo& param : ConfigParams()) {
    const std::string expected = std::string(param.name) + " must be " + (param.integer ? "a whole number " : "") +
                                 "from " + printed(param.min) + " to " + printed(param.max);
    EXPECT_EQ(CheckParam(param, param.max * 2 + 1), expected);
    EXPECT_EQ(CheckParam(param, std::nan("")), expected);
  }
}

TEST(Config, AdjustKeepsWhatWasLearnedAndRefusesReshaping) {
  Network network = MakeNetwork(Config());
  Hear(network, {C4, E4, G4});
  const std::vector<float> weights = network.weights(WeightSet::kSlow);
  Config config = network.config();
  config.temperature = 0.7;
  EXPECT_EQ(network.Adjust(config), "");
  EXPECT_EQ(network.weights(WeightSet::kSlow), weights);
  config.pool_size = 128;
  EXPECT_NE(network.Adjust(config), "");
  EXPECT_EQ(network.config().pool_size, Config().pool_size);
}

// Every parameter that sets the network's size or projections is refused by
// Adjust (the tune pool too: adding it to a running network would index a pool
// that has no cells), and the network goes on as before.
TEST(Config, AdjustRefusesEveryParameterThatShapesTheNetwork) {
  for (const ParamInfo& param : ConfigParams()) {
    if (!param.shapes_network) continue;
    for (int tune_pool : {0, 1}) {
      Config initial;
      initial.tune_pool = tune_pool;
      Network network = MakeNetwork(initial);
      Hear(network, {C4, E4, G4});
      const std::vector<uint8_t> history = network.history();
      Config changed = network.config();
      const double value = GetParam(changed, param.name);
      // Another value in range: one less, one more, or halfway to the lowest (tonal_decay 0.95).
      const double other = CheckParam(param, value - 1).empty()   ? value - 1
                           : CheckParam(param, value + 1).empty() ? value + 1
                                                                  : (param.min + value) / 2;
      ASSERT_EQ(SetParam(changed, param.name, other), "") << param.name;
      EXPECT_NE(network.Adjust(changed).find(param.name), std::string::npos) << param.name;
      EXPECT_EQ(network.history(), history) << param.name;
      Hear(network, {C4, E4});
      EXPECT_EQ(network.config().tune_pool, tune_pool);
    }
  }
}

// The defaults of format 3, fixed for ever: a format-3 link names only the
// parameters that differ from them.
const std::vector<std::pair<const char*, double>>& FormatThreeDefaults() {
  static const std::vector<std::pair<const char*, double>> defaults = {{"octaves", 1},
                                                                       {"context_orders", 8},
                                                                       {"tune_pool", 1},
                                                                       {"pool_size", 16384},
                                                                       {"k_context", 4},
                                                                       {"projection_fan_out", 16},
                                                                       {"chain_gain", 1},
                                                                       {"slow_orders", 5},
                                                                       {"short_slow_orders", 3},
                                                                       {"recent_loss_weight", 1},
                                                                       {"recent_loss_decay", 0.5},
                                                                       {"mix_sharpness", 1},
                                                                       {"exclusion_level", 0.5},
                                                                       {"k_notes", 1},
                                                                       {"theta_rate", 0.05},
                                                                       {"theta_decay", 0.02},
                                                                       {"theta_max", 2},
                                                                       {"temperature", 1},
                                                                       {"rate_floor", 0},
                                                                       {"seed", 1},
                                                                       {"tune_pool_size", 131072},
                                                                       // Format 3: keys and rhythm.
                                                                       {"interval_range", 12},
                                                                       {"key_orders", 6},
                                                                       {"rhythm_orders", 5},
                                                                       {"joint_orders", 8},
                                                                       {"music_pool_size", 4096},
                                                                       {"key_slow_orders", 3},
                                                                       {"key_short_slow_orders", 2},
                                                                       {"joint_slow_orders", 1},
                                                                       {"interval_orders", 0},
                                                                       {"phase_beats", 2},
                                                                       {"interval_vote", 0.3},
                                                                       {"key_mix", 1},
                                                                       {"rhythm_slow_orders", 5},
                                                                       {"rhythm_short_slow_orders", 3},
                                                                       {"rhythm_fast_orders", 2},
                                                                       {"music_tune_pool_size", 0},
                                                                       {"music_recall_orders", 0},
                                                                       {"music_k_context", 4},
                                                                       {"keys_and_rhythm", 1}};
  return defaults;
}

// A link (and the file it becomes) names only the parameters that differ from
// its format's defaults, so an older link opens with the defaults of its
// format (DefaultConfig): here those of format 3, in the table's order (a
// history's parameter changes name a parameter by its index).
TEST(Config, FormatThreeDefaultsAreThoseFormatThreeLinksRelyOn) {
  const Config format_three = DefaultConfig(3);
  const auto& defaults = FormatThreeDefaults();
  ASSERT_LE(defaults.size(), ConfigParams().size());
  for (size_t i = 0; i < defaults.size(); ++i) {
    EXPECT_STREQ(ConfigParams()[i].name, defaults[i].first) << "parameter " << i;
    EXPECT_EQ(GetParam(format_three, defaults[i].first), defaults[i].second) << defaults[i].first;
  }
  // Formats 1 and 2 are those without keys and rhythm.
  for (uint32_t format : {1u, 2u}) {
    Config expected = format_three;
    expected.keys_and_rhythm = 0;
    for (const ParamInfo& param : ConfigParams())
      EXPECT_EQ(param.get(DefaultConfig(format)), param.get(expected)) << param.name << " in format " << format;
  }
}

// Today's defaults, those of format kFormatVersion (4). Changing one here means:
// bump kFormatVersion, and give the parameter's row in config.cpp the old
// default as an earlier default (so that the older formats keep theirs).
TEST(Config, TheDefaultsOfTheCurrentFormatAreFixed) {
  ASSERT_EQ(kFormatVersion, 6u);
  ASSERT_EQ(kShareVersion, kFormatVersion);
  ASSERT_EQ(kNetworkFileVersion, kFormatVersion);
  std::vector<std::pair<const char*, double>> format_five_defaults = FormatThreeDefaults();
  // Format 4: the recall of taught tunes' keys and rhythm (MUSIC-MODEL-NOTES.md, memory).
  for (auto& [name, value] : format_five_defaults) {
    if (std::string(name) == "key_orders") value = 4;
    if (std::string(name) == "music_tune_pool_size") value = 16384;
  }
  format_five_defaults.insert(format_five_defaults.end(), {{"music_tune_chain", 1},
                                                           {"music_tune_k_context", 1},
                                                           {"recall_advantage_decay", 0.98},
                                                           {"key_slow_escape", 4},
                                                           {"rhythm_slow_escape", 5}});
  // Format 5: the tonal context (GENERALISATION-NOTES.md).
  format_five_defaults.insert(format_five_defaults.end(), {{"tonal_orders", 3},
                                                           {"tonal_reference", 2},
                                                           {"tonal_decay", 0.95},
                                                           {"tonal_pool_size", 2048},
                                                           {"tonal_short_orders", 2},
                                                           {"tonal_phase", 0},
                                                           {"tonal_weight", 4},
                                                           {"tonal_product", 0},
                                                           {"tonal_k_context", 2},
                                                           {"tonal_recall_yield", 100}});
  // Format 6: listening (GENERALISATION-NOTES.md): longer contexts, the fast readout's escape, the mix's floor.
  for (auto& [name, value] : format_five_defaults) {
    if (std::string(name) == "context_orders") value = 11;
    if (std::string(name) == "tonal_recall_yield") value = 30;
  }
  format_five_defaults.insert(format_five_defaults.end(), {{"fast_escape", 1.5}, {"mix_floor", 0.01}});
  ASSERT_EQ(format_five_defaults.size(), ConfigParams().size());
  for (size_t i = 0; i < format_five_defaults.size(); ++i) {
    EXPECT_STREQ(ConfigParams()[i].name, format_five_defaults[i].first) << "parameter " << i;
    EXPECT_EQ(GetParam(Config(), format_five_defaults[i].first), format_five_defaults[i].second)
        << format_five_defaults[i].first;
    EXPECT_EQ(GetParam(DefaultConfig(kFormatVersion), format_five_defaults[i].first), format_five_defaults[i].second)
        << format_five_defaults[i].first;
  }
}

// Files and links of format 4 open with its defaults: no tonal context; format 5's have it.
TEST(Config, FormatFourHasNoTonalContext) {
  EXPECT_EQ(DefaultConfig(4).tonal_orders, 0);
  for (const ParamInfo& param : ConfigParams())
    if (std::string(param.name) != "tonal_orders")
      EXPECT_EQ(param.get(DefaultConfig(4)), param.get(DefaultConfig(5))) << param.name;
  EXPECT_EQ(DefaultConfig(5).tonal_orders, 3);
}

// Files and links of format 5 open with its defaults: contexts of up to 8 notes, PPM-C's escape in the fast
// readout, no floor in the mix, the tonal readout's recall yield 100; format 6's are today's.
TEST(Config, FormatFiveListensAsItDid) {
  const Config five = DefaultConfig(5);
  EXPECT_EQ(five.context_orders, 8);
  EXPECT_EQ(five.tonal_recall_yield, 100);
  EXPECT_EQ(five.fast_escape, 1);
  EXPECT_EQ(five.mix_floor, 0);
  const std::vector<std::string> changed = {"context_orders", "tonal_recall_yield", "fast_escape", "mix_floor"};
  for (const ParamInfo& param : ConfigParams())
    if (std::find(changed.begin(), changed.end(), param.name) == changed.end())
      EXPECT_EQ(param.get(five), param.get(Config())) << param.name;
}

// Issue 10: the default network stays under 32 MiB, everything it holds counted (the memo of context codes, the
// projection columns, the chain's scratch); the slow weights have no rows for the pools they never read.
TEST(Config, TheDefaultNetworkTakesUnder32MiB) {
  EXPECT_LT(MemoryBytes(Config()), 32ull << 20);
  Config all_slow;
  all_slow.slow_orders = all_slow.context_orders;
  const uint64_t row = 12 * sizeof(float) + sizeof(uint32_t);
  EXPECT_EQ(MemoryBytes(all_slow) - MemoryBytes(Config()),
            static_cast<uint64_t>(all_slow.context_orders - Config().slow_orders) * Config().pool_size * row);
}

// A config of an older format that names a parameter that format did not know is refused;
// one that names only what it knew opens with that format's defaults for the rest.
TEST(ConfigBytes, AnOlderFormatReadsWithItsOwnDefaultsAndRefusesLaterParameters) {
  for (const ParamInfo& param : ConfigParams()) {
    if (param.first_format == 1) continue;
    ByteWriter writer;
    writer.VarUint(1);
    writer.String(param.name);
    writer.F64(param.get(Config()));
    ByteReader reader(writer.bytes().data(), writer.bytes().size());
    Config read;
    EXPECT_NE(ReadConfig(reader, read, param.first_format - 1).find(std::string("unknown parameter '") + param.name),
              std::string::npos)
        << param.name;
  }
  ByteWriter writer;
  writer.VarUint(1);
  writer.String("temperature");
  writer.F64(0.5);
  for (uint32_t format = 1; format <= kFormatVersion; ++format) {
    ByteReader reader(writer.bytes().data(), writer.bytes().size());
    Config read;
    ASSERT_EQ(ReadConfig(reader, read, format), "") << format;
    Config expected = DefaultConfig(format);
    expected.temperature = 0.5;
    if (format == 1) expected.tune_pool_size = expected.pool_size;
    for (const ParamInfo& param : ConfigParams())
      EXPECT_EQ(param.get(read), param.get(expected)) << param.name << " in format " << format;
  }
}

// Each row reads and writes its own field: setting one parameter changes
// exactly that parameter, whatever the others are.
TEST(Config, EachRowReadsAndWritesItsOwnField) {
  for (const ParamInfo& param : ConfigParams()) {
    Config config;
    const double value = param.get(config) == param.max ? param.min : param.max;
    ASSERT_EQ(SetParam(config, param.name, value), "") << param.name;
    for (const ParamInfo& other : ConfigParams())
      EXPECT_EQ(other.get(config), &other == &param ? value : other.get(Config())) << param.name << " " << other.name;
  }
}

TEST(Config, IntegerParametersRefuseFractionsAndUnknownNamesAreNamed) {
  Config config;
  EXPECT_NE(SetParam(config, "pool_size", 100.5).find("whole number"), std::string::npos);
  EXPECT_EQ(SetParam(config, "temperature", 0.25), "");
  EXPECT_EQ(config.temperature, 0.25);
  EXPECT_NE(SetParam(config, "no_such", 1).find("unknown parameter 'no_such'"), std::string::npos);
  EXPECT_TRUE(std::isnan(GetParam(config, "no_such")));
  EXPECT_NE(SetParamFromText(config, "k_notes=two").find("expected a number"), std::string::npos);
  EXPECT_EQ(SetParamFromText(config, "k_notes=2"), "");
  EXPECT_EQ(config.k_notes, 2);
}

TEST(Config, ASeedGivenAsANumberIsAWholeNumberFromZeroToTwoToThe53MinusOne) {
  uint64_t seed = 5;
  EXPECT_EQ(SeedFromNumber(9007199254740991.0, seed), "");
  EXPECT_EQ(seed, 9007199254740991ull);
  EXPECT_EQ(SeedFromNumber(0, seed), "");
  EXPECT_EQ(seed, 0u);
  for (double bad : {-1.0, std::nan(""), 0.5, 9007199254740992.0, HUGE_VAL}) {
    seed = 5;
    EXPECT_NE(SeedFromNumber(bad, seed).find("seed must be a whole number from 0 to 9007199254740991"),
              std::string::npos)
        << bad;
    EXPECT_EQ(seed, 5u) << bad;
  }
}

TEST(ConfigBytes, RoundTripEveryParameterOrOnlyTheChangedOnes) {
  Config config = SmallConfig();
  config.temperature = 0.3;
  config.seed = 123456789012345ull;
  for (bool only_changed : {false, true}) {
    ByteWriter writer;
    WriteConfig(writer, config, only_changed);
    ByteReader reader(writer.bytes().data(), writer.bytes().size());
    ByteReader count_reader = reader;
    const uint64_t count = count_reader.VarUint();
    EXPECT_EQ(count, only_changed ? 8u : ConfigParams().size());  // SmallConfig's six, temperature and seed
    Config read;
    ASSERT_EQ(ReadConfig(reader, read), "");
    EXPECT_TRUE(reader.AtEnd());
    for (const ParamInfo& param : ConfigParams()) EXPECT_EQ(param.get(read), param.get(config)) << param.name;
  }
}

// Format 1 had no tune_pool_size: its tune pool was as large as the others,
// and a format-1 config naming tune_pool_size is refused.
TEST(ConfigBytes, FormatOneGivesTheTunePoolThePoolSize) {
  Config config = SmallConfig();
  ByteWriter writer;
  WriteConfig(writer, config, true);
  ByteReader reader(writer.bytes().data(), writer.bytes().size());
  Config read;
  EXPECT_NE(ReadConfig(reader, read, 1).find("tune_pool_size"), std::string::npos);

  ByteWriter without;
  without.VarUint(1);
  without.String("pool_size");
  without.F64(128);
  ByteReader format_one(without.bytes().data(), without.bytes().size());
  ASSERT_EQ(ReadConfig(format_one, read, 1), "");
  EXPECT_EQ(read.pool_size, 128);
  EXPECT_EQ(read.tune_pool_size, 128);
}

TEST(ConfigBytes, AnInvalidConfigIsRefusedAndLeavesTheTargetAsItWas) {
  ByteWriter writer;
  writer.VarUint(1);
  writer.String("k_notes");
  writer.F64(13);  // more than 12 * octaves
  ByteReader reader(writer.bytes().data(), writer.bytes().size());
  Config read = SmallConfig();
  EXPECT_NE(ReadConfig(reader, read).find("k_notes"), std::string::npos);
  EXPECT_EQ(read.pool_size, SmallConfig().pool_size);
  ByteReader truncated(writer.bytes().data(), writer.bytes().size() - 1);
  EXPECT_EQ(ReadConfig(truncated, read), "truncated config");
}

}  // namespace
}  // namespace hpiano
