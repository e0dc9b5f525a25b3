// The history's bytes: every event kind written and read back, malformed bytes
// refused with the byte named, and consecutive parameter changes merged.
#include "history.h"

#include <gtest/gtest.h>

#include <algorithm>

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
// before keep their meaning. A network without keys and rhythm (every network
// of formats 1 and 2) writes the format 2 bytes; with them, a note heard after
// the first of a tune carries one beat (class 6) unless told otherwise.
TEST(History, TheNetworkWritesTheFormatTwoAndThreeBytes) {
  for (int keys_and_rhythm : {0, 1}) {
    Config small = SmallConfig();
    small.keys_and_rhythm = keys_and_rhythm;
    Network network = MakeNetwork(small);
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
    std::vector<uint8_t> expected = {60,   0x82, 62,   0x81, 0x83, 0x84, 0x80, 0x85, 0xAC, 0x02,
                                     0x86, 17,   0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xE0, 0x3F};
    if (keys_and_rhythm) expected.insert(expected.begin() + 1, kEventRhythmClass + kOneBeatClass);
    EXPECT_EQ(network.history(), expected) << keys_and_rhythm;
  }
}

// A note heard carries its rhythm class, written as a rhythm event (format 4:
// one byte, kEventRhythmClass + class) only where it differs from the previous
// note heard's; a new tune or a rest sets it back to none, notes played carry
// none. Format 3's two-byte events (kEventRhythm, class) read the same.
TEST(History, RhythmClassesAreWrittenWhereTheyChangeAndReadBackOnEveryNote) {
  const std::vector<Event> written = {Event::NewTune(),          Event::Heard(60, true),     Event::Heard(62, true, 3),
                                      Event::Heard(64, true, 3), Event::Heard(65, false, 3), Event::Played(true),
                                      Event::Heard(67, true, 3), Event::Heard(69, true, 7),  Event::Rest(),
                                      Event::Heard(71, true),    Event::Heard(72, true, 99)};
  HistoryWriter writer;
  for (const Event& event : written) writer.Append(event);
  const std::vector<uint8_t> expected = {0x80, 60, 0x93, 62, 64, 0x82, 65, 0x84, 67, 0x97, 69, 0x81, 71, 72};
  EXPECT_EQ(writer.bytes(), expected);
  const std::vector<uint8_t> format3 = {0x80, 60, 0x87, 3, 62, 64, 0x82, 65, 0x84, 67, 0x87, 7, 69, 0x81, 71, 72};
  for (const std::vector<uint8_t>& bytes : {writer.bytes(), format3}) {
    std::vector<int> notes, rhythms;
    for (const Event& event : Parsed(bytes)) {
      if (event.code == kEventRhythm) continue;
      notes.push_back(event.note);
      rhythms.push_back(event.rhythm);
    }
    EXPECT_EQ(notes, (std::vector<int>{0, 60, 62, 64, 65, 0, 67, 69, 0, 71, 72}));
    EXPECT_EQ(rhythms, (std::vector<int>{-1, -1, 3, 3, 3, -1, 3, 7, -1, -1, -1}));
  }
  // A "none" in one byte, after a class.
  std::vector<int> after_none;
  for (const Event& event : Parsed({0x93, 60, 0x9C, 62}))
    if (event.code != kEventRhythm) after_none.push_back(event.rhythm);
  EXPECT_EQ(after_none, (std::vector<int>{3, -1}));
  // A writer that takes these bytes over goes on from their last class.
  HistoryWriter assigned;
  ASSERT_EQ(assigned.Assign(writer.bytes()), "");
  assigned.Append(Event::Heard(74, true, 2));
  writer.Append(Event::Heard(74, true, 2));
  EXPECT_EQ(assigned.bytes(), writer.bytes());
  EXPECT_EQ(CountLearnedNotes(writer.bytes()), 9u);
}

// Replayed, the rhythm classes reach the network: it rebuilds the same rhythm
// neurons (a history without them would teach no rhythm).
TEST(History, ReplayGivesTheNetworkEachNotesRhythmClass) {
  Network network = MakeNetwork(SmallConfig());
  const int keys[] = {62, 66, 69, 74, 69, 66, 62, 57};
  // Eighth notes (class 3) and dotted quarters (class 7) alternating; the
  // third hearing stops after note 5, which ends an eighth: a dotted quarter is next.
  for (int hearing = 0; hearing < 3; ++hearing) {
    network.NewTune();
    for (int i = 0; i < (hearing < 2 ? 8 : 6); ++i)
      network.StepTimed(keys[i], i == 0 ? kNoRhythm : (i % 2 ? 3 : 7), true);
  }
  Network rebuilt;
  ASSERT_EQ(RebuildNetwork(SmallConfig(), network.history(), rebuilt), "");
  EXPECT_EQ(rebuilt.rhythm_prediction(), network.rhythm_prediction());
  EXPECT_EQ(NetworkFile::Save(rebuilt), NetworkFile::Save(network));
  // The rhythm neurons learned: they expect 3/2 beats (class 7) after the eighth note.
  const std::vector<double>& p = network.rhythm_prediction();
  EXPECT_EQ(std::max_element(p.begin(), p.end()) - p.begin(), 7);
}

// A tail of a history replayed onto the network that wrote the rest (the
// page's journal) goes on with the rhythm class in force where the tail starts.
TEST(History, ATailReplayedOntoTheNetworkThatWroteTheRestGivesTheSameNetwork) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {60, 62, 64});  // one beat each: the class in force is one beat
  Network saved = network;
  const size_t base = network.history().size();
  Hear(network, {65, 67});
  network.StepTimed(69, 3, true);
  network.NewTune();
  Hear(network, {60, 64});
  const std::vector<uint8_t> tail(network.history().begin() + base, network.history().end());
  ASSERT_EQ(ReplayHistory(tail, saved), "");
  EXPECT_EQ(saved.history(), network.history());
  EXPECT_EQ(NetworkFile::Save(saved), NetworkFile::Save(network));
}

// The notes learned as unbroken runs, whatever rhythm classes they carry.
TEST(History, LearnedNoteRunsAreTheNotesLearnedWithOtherEventsAsBreaks) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {60, 62});
  network.StepTimed(64, 3, true);
  Hear(network, {65}, false);
  network.NewTune();
  network.Step(kPlayOwn, true);
  EXPECT_EQ(LearnedNoteRuns(network.history()), (std::vector<uint8_t>{60, 62, 64, 0x80, 0x80, 0x80}));
}

TEST(History, MalformedBytesAreRefusedNamingTheByte) {
  struct Case {
    std::vector<uint8_t> bytes;
    const char* error;
  };
  const std::vector<Case> cases = {
      {{60, 0x88}, "history byte 1: unknown event"},
      {{60, 0x9D}, "history byte 1: unknown event"},
      {{60, 0x87}, "history byte 1: bad rhythm class"},
      {{0x87, 13, 60}, "history byte 0: bad rhythm class"},
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
      {60, 0xA0},
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
  EXPECT_EQ(Parsed(loaded.history()).size(), 4u);  // two notes (the second's rhythm class set first), one change
}

}  // namespace
}  // namespace hpiano
