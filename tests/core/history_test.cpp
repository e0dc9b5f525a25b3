// The history's bytes: every event kind written and read back, malformed bytes
// refused with the byte named, and consecutive parameter changes merged.
#include "history.h"

#include <gtest/gtest.h>

#include "config.h"
#include "network.h"
#include "network_file.h"
#include "test_support.h"

namespace hpiano {
namespace {

using testing::Hear;
using testing::MakeNetwork;
using testing::SmallConfig;

size_t TemperatureIndex() { return static_cast<size_t>(FindParam("temperature") - ConfigParams().data()); }

std::vector<Event> Parsed(const std::vector<uint8_t>& history) {
  std::vector<Event> events;
  EXPECT_EQ(ParseHistory(history,
                         [&events](const Event& event) {
                           events.push_back(event);
                           return std::string();
                         }),
            "");
  return events;
}

TEST(History, EveryEventKindReadsBackAsWritten) {
  const std::vector<Event> written = {Event::NewTune(),
                                      Event::Heard(60, true),
                                      Event::Heard(127, false),
                                      Event::Rest(),
                                      Event::Played(false),
                                      Event::Played(true),
                                      Event::Reseed(9007199254740991ull),
                                      Event::Adjust(TemperatureIndex(), 0.25)};
  HistoryWriter writer;
  for (const Event& event : written) writer.Append(event);
  // 1 + 1 + 2 + 1 + 1 + 1 + (1 + 8: a 53-bit varint) + (1 + 1 + 8)
  EXPECT_EQ(writer.bytes().size(), 26u);
  const std::vector<Event> read = Parsed(writer.bytes());
  ASSERT_EQ(read.size(), written.size());
  size_t offset = 0;
  for (size_t i = 0; i < read.size(); ++i) {
    EXPECT_EQ(read[i].code, written[i].code) << i;
    EXPECT_EQ(read[i].note, written[i].note) << i;
    EXPECT_EQ(read[i].seed, written[i].seed) << i;
    EXPECT_EQ(read[i].param, written[i].param) << i;
    EXPECT_EQ(read[i].value, written[i].value) << i;
    EXPECT_EQ(read[i].offset, offset) << i;
    offset = i + 1 < read.size() ? read[i + 1].offset : offset;
  }
  EXPECT_EQ(CountLearnedNotes(writer.bytes()), 2u);  // the note heard learning, the note played learning
}

// The bytes the network writes for each event, fixed: links and files made
// before keep their meaning.
TEST(History, TheNetworkWritesTheFormatTwoBytes) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {60}, true);
  Hear(network, {62}, false);
  network.Rest();
  network.Step(kPlayOwn, false);
  network.Step(kPlayOwn, true);
  network.NewTune();
  network.Reseed(300);
  Config config = network.config();
  config.temperature = 0.5;
  ASSERT_EQ(network.Adjust(config), "");
  const std::vector<uint8_t> expected = {60,   0x82, 62,   0x81, 0x83, 0x84, 0x80, 0x85, 0xAC, 0x02,
                                         0x86, 17,   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE0, 0x3F};
  EXPECT_EQ(network.history(), expected);
}

TEST(History, MalformedBytesAreRefusedNamingTheByte) {
  struct Case {
    std::vector<uint8_t> bytes;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{60, 0x87}, "history byte 1: unknown event"},
      {{60, 0x82, 0x80}, "history byte 1: bad note after a frozen-step event"},
      {{0x82}, "history byte 0: bad note after a frozen-step event"},
      {{0x80, 0x85, 0xFF}, "history byte 1: truncated seed"},
      {{0x86, 200, 0, 0, 0, 0, 0, 0, 0, 0}, "history byte 0: bad parameter change"},
      {{60, 61, 0x86, 17, 0, 0}, "history byte 2: bad parameter change"},
  };
  for (const Case& bad : cases) {
    EXPECT_EQ(ParseHistory(bad.bytes, [](const Event&) { return std::string(); }), bad.error);
    HistoryWriter writer;
    writer.Append(Event::Heard(64, true));
    EXPECT_EQ(writer.Assign(bad.bytes), bad.error);
    EXPECT_EQ(writer.bytes(), std::vector<uint8_t>{64});  // refused: unchanged
  }
  // A value the parameter's range refuses is named by the replay.
  HistoryWriter writer;
  writer.Append(Event::Adjust(TemperatureIndex(), -1));
  Network network = MakeNetwork(SmallConfig());
  EXPECT_EQ(ReplayHistory(writer.bytes(), network), "history byte 0: temperature must be from 0 to 100");
}

TEST(History, MalformedHistoryIsRefusedAndLeavesTheTargetAlone) {
  Network target = MakeNetwork(SmallConfig());
  Hear(target, {60, 62});
  const std::vector<uint8_t> before = NetworkFile::Save(target);
  const std::vector<std::vector<uint8_t>> bad = {
      {60, 0x99},
      {kEventHeardFrozen},
      {kEventHeardFrozen, 200},
      {kEventAdjust, 3},
      {kEventAdjust, 200, 0, 0, 0, 0, 0, 0, 0, 0},
  };
  for (const std::vector<uint8_t>& history : bad) EXPECT_NE(RebuildNetwork(SmallConfig(), history, target), "");
  EXPECT_EQ(NetworkFile::Save(target), before);
}

// A slider drag changes one parameter many times with nothing between: the
// history keeps the last value only, and replays into the same network.
TEST(History, ConsecutiveChangesOfOneParameterLeaveOneEvent) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {60, 62, 64});
  const size_t before = network.history().size();
  Config config = network.config();
  for (double temperature : {0.9, 0.8, 0.7, 0.6}) {
    config.temperature = temperature;
    ASSERT_EQ(network.Adjust(config), "");
  }
  EXPECT_EQ(network.history().size(), before + 10);  // one change: code, index, float64
  const std::vector<Event> events = Parsed(network.history());
  EXPECT_EQ(events.back().value, 0.6);

  Network rebuilt{Network::Unset()};
  ASSERT_EQ(RebuildNetwork(network.initial_config(), network.history(), rebuilt), "");
  EXPECT_EQ(rebuilt.config().temperature, 0.6);
  EXPECT_EQ(NetworkFile::Save(rebuilt), NetworkFile::Save(network));
}

TEST(History, ChangesWithAnEventOrAnotherParameterBetweenAreKept) {
  Network network = MakeNetwork(SmallConfig());
  Config config = network.config();
  config.temperature = 0.5;
  ASSERT_EQ(network.Adjust(config), "");
  Hear(network, {60});
  config.temperature = 0.4;
  ASSERT_EQ(network.Adjust(config), "");
  config.theta_rate = 0.1;
  ASSERT_EQ(network.Adjust(config), "");
  config.temperature = 0.3;
  ASSERT_EQ(network.Adjust(config), "");
  const std::vector<Event> events = Parsed(network.history());
  ASSERT_EQ(events.size(), 5u);
  EXPECT_EQ(events[0].value, 0.5);
  EXPECT_EQ(events[2].value, 0.4);
  EXPECT_EQ(events[3].value, 0.1);
  EXPECT_EQ(events[4].value, 0.3);
}

// A network read from a file goes on merging where its history left off.
TEST(History, ALoadedNetworkMergesAChangeAfterItsLastChange) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {60, 62});
  Config config = network.config();
  config.temperature = 0.5;
  ASSERT_EQ(network.Adjust(config), "");
  Network loaded{Network::Unset()};
  ASSERT_EQ(NetworkFile::Load(NetworkFile::Save(network), loaded), "");
  config.temperature = 0.25;
  ASSERT_EQ(network.Adjust(config), "");
  ASSERT_EQ(loaded.Adjust(config), "");
  EXPECT_EQ(loaded.history(), network.history());
  EXPECT_EQ(Parsed(loaded.history()).size(), 3u);  // two notes, one change
}

}  // namespace
}  // namespace hpiano
