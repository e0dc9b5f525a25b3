// The .hpn file and the history: exact round trips, and every damage refused.
#include "network_file.h"

#include <gtest/gtest.h>

#include "bytes.h"
#include "history.h"
#include "test_support.h"

namespace hpiano {
namespace {

using testing::BuiltinMelodies;
using testing::Hear;
using testing::MakeNetwork;
using testing::SmallConfig;

// SmallConfig with one key, rhythm and joint pool of narrow interval neurons:
// every population and part of the file is there, and the file stays small
// enough that loading each of its truncations and corruptions is quick.
Config FileTestConfig() {
  Config config = SmallConfig();
  config.interval_range = 4;
  config.key_orders = 1;
  config.rhythm_orders = 1;
  config.joint_orders = 1;
  return config;
}

// A small network that has learned, played and changed a parameter.
Network TrainedSmallNetwork() {
  Network network = MakeNetwork(FileTestConfig());
  const std::vector<Melody> tunes = BuiltinMelodies();
  Hear(network, std::vector<int>(tunes[0].notes.begin(), tunes[0].notes.begin() + 40));
  network.NewTune();
  Hear(network, std::vector<int>(tunes[1].notes.begin(), tunes[1].notes.begin() + 20));
  Config config = network.config();
  config.temperature = 0.8;
  EXPECT_EQ(network.Adjust(config), "");
  network.Reseed(42);
  for (int i = 0; i < 5; ++i) network.Step(kPlayOwn, false);
  network.Step(64, false);
  return network;
}

std::vector<int> PlayFromRest(Network network, int steps) {
  network.Rest();
  std::vector<int> notes;
  for (int i = 0; i < steps; ++i) notes.push_back(network.Step(kPlayOwn, false));
  return notes;
}

TEST(NetworkFile, RoundTripIsBitForBitAndBehavesTheSame) {
  const Network original = TrainedSmallNetwork();
  const NetworkNotes notes{"Jigs <b>& reels</b>", {{"mode", "duet"}, {"tempo", "132"}}};
  const std::vector<uint8_t> bytes = NetworkFile::Save(original, notes);
  Network loaded;
  NetworkNotes loaded_notes;
  ASSERT_EQ(NetworkFile::Load(bytes, loaded, &loaded_notes), "");
  EXPECT_EQ(loaded_notes, notes);
  EXPECT_EQ(GetParam(loaded.initial_config(), "temperature"), Config().temperature);  // adjusted to 0.8 after the reset
  EXPECT_EQ(GetParam(loaded.config(), "temperature"), 0.8);
  EXPECT_EQ(NetworkFile::Save(loaded, loaded_notes), bytes);
  EXPECT_EQ(loaded.weights(WeightSet::kSlow), original.weights(WeightSet::kSlow));
  EXPECT_EQ(loaded.usage(WeightSet::kFast), original.usage(WeightSet::kFast));
  EXPECT_EQ(loaded.prediction(), original.prediction());
  EXPECT_EQ(loaded.thresholds(), original.thresholds());
  EXPECT_EQ(PlayFromRest(loaded, 50), PlayFromRest(original, 50));
}

TEST(NetworkFile, EveryTruncationIsRejectedAndLeavesTheNetworkAlone) {
  const std::vector<uint8_t> bytes = NetworkFile::Save(TrainedSmallNetwork());
  Network target = MakeNetwork(Config());
  Hear(target, {60, 64, 67});
  const std::vector<uint8_t> before = NetworkFile::Save(target);
  for (size_t length = 0; length < bytes.size(); ++length) {
    const std::vector<uint8_t> truncated(bytes.begin(), bytes.begin() + length);
    ASSERT_NE(NetworkFile::Load(truncated, target), "") << "length " << length;
  }
  EXPECT_EQ(NetworkFile::Save(target), before);
}

TEST(NetworkFile, EverySingleByteCorruptionIsRejected) {
  const std::vector<uint8_t> bytes = NetworkFile::Save(TrainedSmallNetwork());
  Network target;
  for (size_t at = 0; at < bytes.size(); ++at) {
    for (uint8_t flip : {0x01, 0x80, 0xFF}) {
      std::vector<uint8_t> corrupt = bytes;
      corrupt[at] ^= flip;
      ASSERT_NE(NetworkFile::Load(corrupt, target), "") << "byte " << at << " xor " << int(flip);
    }
  }
}

TEST(NetworkFile, FutureVersionAndForeignFilesSayWhy) {
  std::vector<uint8_t> bytes = NetworkFile::Save(TrainedSmallNetwork());
  Network target;
  bytes[4] = 99;  // version
  EXPECT_NE(NetworkFile::Load(bytes, target).find("newer"), std::string::npos);
  const std::string text = "cre_Tune\t60 62 64\n";
  EXPECT_NE(NetworkFile::Load(std::vector<uint8_t>(text.begin(), text.end()), target).find("not a Hebbian Piano"),
            std::string::npos);
}

// `file` (of a network without keys and rhythm) as version 1 or 2 wrote it:
// both configs without the parameters that version did not know (keys and
// rhythm, and for version 1 tune_pool_size).
std::vector<uint8_t> AsOldVersion(const std::vector<uint8_t>& file, uint32_t version) {
  ByteReader reader(file.data() + 8, file.size() - 12);
  ByteWriter writer;
  writer.Bytes(file.data(), 4);
  writer.U32(version);
  for (int config = 0; config < 2; ++config) {
    std::vector<std::pair<std::string, double>> kept;
    for (uint64_t count = reader.VarUint(), i = 0; i < count; ++i) {
      std::string name = reader.String(64);
      const double value = reader.F64();
      if (FindParam(name)->first_format <= version) kept.emplace_back(std::move(name), value);
    }
    writer.VarUint(kept.size());
    for (const auto& [name, value] : kept) {
      writer.String(name);
      writer.F64(value);
    }
  }
  const size_t rest = reader.remaining();
  writer.Bytes(reader.Take(rest), rest);
  EXPECT_TRUE(reader.ok());
  std::vector<uint8_t> bytes = writer.bytes();
  AppendCrc32(bytes);
  return bytes;
}

// Files of the first format predate tune_pool_size: their tune pool was as
// large as their other pools, and they load to that network still.
TEST(NetworkFile, AVersionOneFileLoadsWithItsTunePoolAsLargeAsItsPools) {
  Config config = SmallConfig();
  // A network of format 1: the parameters it did not know at their format-1 defaults.
  for (const ParamInfo& param : ConfigParams())
    if (param.first_format > 1) param.set(config, param.get(DefaultConfig(1)));
  config.tune_pool_size = config.pool_size;
  Network original = MakeNetwork(config);
  Hear(original, BuiltinMelodies()[0].notes);
  const std::vector<uint8_t> version_one = AsOldVersion(NetworkFile::Save(original), 1);
  Network loaded;
  ASSERT_EQ(NetworkFile::Load(version_one, loaded), "");
  EXPECT_EQ(loaded.config().tune_pool_size, config.pool_size);
  EXPECT_EQ(NetworkFile::Save(loaded), NetworkFile::Save(original));
  // Without the rule, the default tune pool size would not fit the file's cells.
  EXPECT_NE(SmallConfig().tune_pool_size, config.pool_size);
}

TEST(NetworkFile, ACraftedHugeCountIsRefusedBeforeAllocating) {
  // A valid checksum over a body that claims more used cells than exist
  // (without keys and rhythm and the tonal context, whose states would come after the fast set).
  Config config = SmallConfig();
  config.keys_and_rhythm = 0;
  config.tonal_orders = 0;
  Network network = MakeNetwork(config);
  std::vector<uint8_t> bytes = NetworkFile::Save(network);
  bytes.resize(bytes.size() - 4);  // drop the checksum
  // The slow set's count is the varint after the thresholds; find it from the end:
  // [slow count=0][fast count=0][history length=0][title length=0][page settings=0].
  ASSERT_EQ(bytes[bytes.size() - 5], 0);
  bytes[bytes.size() - 5] = 0xFF;
  bytes.insert(bytes.end() - 4, {0xFF, 0xFF, 0xFF, 0x0F});  // varint 2^35 - 1
  AppendCrc32(bytes);
  Network target;
  EXPECT_NE(NetworkFile::Load(bytes, target).find("count"), std::string::npos);
}

TEST(History, ReplayingItRebuildsTheIdenticalNetwork) {
  const Network original = TrainedSmallNetwork();
  Network rebuilt;
  ASSERT_EQ(RebuildNetwork(FileTestConfig(), original.history(), rebuilt), "");
  EXPECT_EQ(NetworkFile::Save(rebuilt), NetworkFile::Save(original));
  // One byte per note learned: the 60 notes heard are 60 of its bytes.
  EXPECT_LT(original.history().size(), 60u + 40u);
  EXPECT_EQ(CountLearnedNotes(original.history()), 60u);  // the 5 played and 1 frozen note were not learned
}

// A file's checksum covers its history but not whether it parses: a file whose
// history does not (made by a faulty writer) would load, then its share link
// would be refused by everyone who opens it.
TEST(NetworkFile, AFileWhoseHistoryDoesNotParseIsRefused) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {60, 62});
  std::vector<uint8_t> bytes = NetworkFile::Save(network);
  bytes.resize(bytes.size() - 4);  // drop the checksum
  // ... [history length=3][60][rhythm event: one beat][62][title length=0][page settings=0]
  ASSERT_EQ(bytes[bytes.size() - 3], 62);
  bytes[bytes.size() - 3] = 0xA0;  // not an event
  AppendCrc32(bytes);
  Network target = MakeNetwork(SmallConfig());
  const std::vector<uint8_t> before = NetworkFile::Save(target);
  EXPECT_EQ(NetworkFile::Load(bytes, target), "corrupt network file: history byte 2: unknown event");
  EXPECT_EQ(NetworkFile::Save(target), before);
}

}  // namespace
}  // namespace hpiano
