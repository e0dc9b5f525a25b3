// The share link's payload: the replayed network equals the original, and
// every damaged or crafted link is refused without touching the target.
#include "share_link.h"

#include <gtest/gtest.h>

#include <cmath>

#include "bytes.h"
#include "network_file.h"
#include "test_support.h"

namespace hpiano {
namespace {

using testing::BuiltinMelodies;
using testing::Hear;
using testing::MakeNetwork;

Network TaughtOneTune(const Config& config) {
  Network network = MakeNetwork(config);
  Hear(network, BuiltinMelodies()[3].notes);
  Config adjusted = network.config();
  adjusted.temperature = 0.5;
  EXPECT_EQ(network.Adjust(adjusted), "");
  network.Reseed(77);
  for (int i = 0; i < 10; ++i) network.Step(kPlayOwn, false);
  return network;
}

TEST(ShareLink, ReplayGivesTheSameNetworkBitForBit) {
  Config config;
  config.pool_size = 2048;
  config.theta_rate = 0.2;
  const Network original = TaughtOneTune(config);
  const NetworkNotes notes{"A <script>title</script>", {{"mode", "play"}, {"tempo", "96"}}};
  Network replayed;
  NetworkNotes replayed_notes;
  ASSERT_EQ(DecodeSharePayload(EncodeSharePayload(original, notes), replayed, replayed_notes), "");
  EXPECT_EQ(replayed_notes, notes);
  EXPECT_EQ(NetworkFile::Save(replayed), NetworkFile::Save(original));
  EXPECT_EQ(replayed.weights(WeightSet::kSlow), original.weights(WeightSet::kSlow));
}

TEST(ShareLink, ADefaultNetworkTaughtOneTuneNeedsOnlyItsNotes) {
  const Network network = TaughtOneTune(Config());
  const std::vector<uint8_t> payload = EncodeSharePayload(network, {});
  // The config is the default (the later temperature change is a history
  // event), so the payload is the history plus 4 header, 3 empty counts and the CRC.
  EXPECT_LT(payload.size(), network.history().size() + 16);
}

// A link of the first format (version 1) predates tune_pool_size: its tune
// pool was as large as its other pools, and it opens to that network still.
TEST(ShareLink, AVersionOneLinkOpensWithItsTunePoolAsLargeAsItsPools) {
  const std::vector<int> notes = BuiltinMelodies()[2].notes;
  ByteWriter writer;
  writer.Bytes(reinterpret_cast<const uint8_t*>("HPs"), 3);
  writer.U8(1);
  writer.VarUint(1);
  writer.String("pool_size");
  writer.F64(2048);
  WriteNotes(writer, {});
  writer.VarUint(notes.size());
  for (int note : notes) writer.U8(static_cast<uint8_t>(note));
  std::vector<uint8_t> version_one = writer.bytes();
  AppendCrc32(version_one);

  Network opened;
  NetworkNotes opened_notes;
  ASSERT_EQ(DecodeSharePayload(version_one, opened, opened_notes), "");
  EXPECT_EQ(opened.config().tune_pool_size, 2048);
  EXPECT_EQ(opened.config().keys_and_rhythm, 0);
  Config config = DefaultConfig(1);
  config.pool_size = 2048;
  config.tune_pool_size = 2048;
  Network expected = MakeNetwork(config);
  for (int note : notes) expected.Step(note, true);
  EXPECT_EQ(opened.weights(WeightSet::kSlow), expected.weights(WeightSet::kSlow));
  EXPECT_EQ(NetworkFile::Save(opened), NetworkFile::Save(expected));
  // Shared again, it is a link of today's version that names its tune pool's size.
  Network reopened;
  ASSERT_EQ(DecodeSharePayload(EncodeSharePayload(opened, {}), reopened, opened_notes), "");
  EXPECT_EQ(NetworkFile::Save(reopened), NetworkFile::Save(opened));
}

class DamagedLink : public ::testing::Test {
 protected:
  void SetUp() override {
    Config config;
    config.pool_size = 256;
    config.context_orders = 3;
    config.slow_orders = 2;
    payload_ = EncodeSharePayload(TaughtOneTune(config), {"t", {{"mode", "learn"}}});
    target_ = MakeNetwork(Config());
    Hear(target_, {60, 62, 64});
    before_ = NetworkFile::Save(target_);
  }
  void ExpectRefused(const std::vector<uint8_t>& payload, const std::string& why) {
    NetworkNotes notes{"kept", {}};
    const std::string error = DecodeSharePayload(payload, target_, notes);
    ASSERT_NE(error, "") << why;
    EXPECT_EQ(notes.title, "kept");
  }
  void TearDown() override { EXPECT_EQ(NetworkFile::Save(target_), before_); }
  std::vector<uint8_t> payload_, before_;
  Network target_;
};

TEST_F(DamagedLink, EveryTruncationIsRefused) {
  for (size_t length = 0; length < payload_.size(); ++length)
    ExpectRefused(std::vector<uint8_t>(payload_.begin(), payload_.begin() + length),
                  "length " + std::to_string(length));
}

TEST_F(DamagedLink, EveryByteFlipIsRefused) {
  for (size_t at = 0; at < payload_.size(); ++at) {
    std::vector<uint8_t> damaged = payload_;
    damaged[at] ^= 0x20;
    ExpectRefused(damaged, "byte " + std::to_string(at));
  }
}

// A payload with a valid checksum over whatever body a crafter chose.
std::vector<uint8_t> Crafted(std::vector<uint8_t> body) {
  AppendCrc32(body);
  return body;
}

TEST_F(DamagedLink, CraftedHeadersAreRefusedWithoutLargeAllocations) {
  const std::vector<uint8_t> header = {'H', 'P', 's', 1};
  auto with = [&header](std::vector<uint8_t> rest) {
    std::vector<uint8_t> body = header;
    body.insert(body.end(), rest.begin(), rest.end());
    return Crafted(body);
  };
  // A future version.
  ExpectRefused(Crafted({'H', 'P', 's', 9, 0, 0, 0, 0}), "future version");
  // A history length of 2^56 after an empty config and notes.
  ExpectRefused(with({0, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01}), "huge history");
  // pool_size = 2^30: a size the network refuses before allocating.
  ByteWriter huge;
  huge.VarUint(2);
  huge.String("pool_size");
  huge.F64(1 << 20);
  huge.String("context_orders");
  huge.F64(16);
  huge.U8(0);
  huge.U8(0);
  huge.U8(0);
  ExpectRefused(with(huge.bytes()), "a network above 256 MiB");
  // A NaN parameter and an unknown one.
  for (const char* name : {"theta_rate", "weight_of_the_world"}) {
    ByteWriter bad;
    bad.VarUint(1);
    bad.String(name);
    bad.F64(std::nan(""));
    bad.U8(0);
    bad.U8(0);
    bad.U8(0);
    ExpectRefused(with(bad.bytes()), name);
  }
  // A history holding an event this version does not know.
  ExpectRefused(with({0, 0, 0, 2, 60, 0xEE}), "unknown event");
}

TEST(ShareLink, Base64UrlRoundTripsEveryLengthAndRefusesForeignCharacters) {
  std::vector<uint8_t> bytes;
  for (int length = 0; length < 40; ++length) {
    const std::string text = Base64UrlEncode(bytes);
    EXPECT_EQ(text.find_first_of("+/="), std::string::npos);
    std::vector<uint8_t> decoded;
    ASSERT_EQ(Base64UrlDecode(text, decoded), "");
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<uint8_t>(length * 37 + 200));
  }
  std::vector<uint8_t> untouched = {1, 2};
  EXPECT_NE(Base64UrlDecode("ab$d", untouched), "");
  EXPECT_NE(Base64UrlDecode("abcde", untouched), "");  // one leftover character: cut off
  EXPECT_EQ(untouched, (std::vector<uint8_t>{1, 2}));
}

TEST(ShareLink, FindsTheNetworkInAWholeUrlOrAFragment) {
  const std::vector<uint8_t> bytes = {0xFB, 0xFF, 0x00, 0x10};
  const std::string fragment = ShareFragment(bytes);
  EXPECT_EQ(fragment.rfind("net=", 0), 0u);
  for (const std::string& link : {fragment, "#" + fragment, "https://example.org/piano/#" + fragment + "&mode=play",
                                  "http://localhost:8080/embed.html#controls=none&" + fragment}) {
    std::vector<uint8_t> found;
    ASSERT_EQ(CompressedFromLink(link, found), "") << link;
    EXPECT_EQ(found, bytes) << link;
  }
  std::vector<uint8_t> none;
  EXPECT_NE(CompressedFromLink("https://example.org/#title=x", none).find("no network"), std::string::npos);
}

}  // namespace
}  // namespace hpiano
