#include "midi_file.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>

#include "corpus.h"

namespace hpiano {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ReadBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

std::string MidiDataPath(const std::string& name) {
  return std::string(HPIANO_SOURCE_DIR) + "/tests/data/midi/" + name;
}

Bytes BigEndian(uint32_t value, int byte_count) {
  Bytes out;
  for (int shift = 8 * (byte_count - 1); shift >= 0; shift -= 8) out.push_back(static_cast<uint8_t>(value >> shift));
  return out;
}

Bytes Join(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

Bytes Chunk(const std::string& tag, const Bytes& data) {
  return Join({Bytes(tag.begin(), tag.end()), BigEndian(static_cast<uint32_t>(data.size()), 4), data});
}

Bytes Header(int format, int track_count, int division) {
  return Chunk("MThd", Join({BigEndian(format, 2), BigEndian(track_count, 2), BigEndian(division, 2)}));
}

const Bytes kEndOfTrack = {0x00, 0xFF, 0x2F, 0x00};

// Track 0: name and tempo only. Track 1: 62, then the chord 60+67+64 on one
// tick, then 65, with running status and note-on velocity 0 as note-off.
Bytes FormatOneFile() {
  const Bytes conductor = Join(
      {{0x00, 0xFF, 0x03, 0x05, 'T', 'e', 'm', 'p', 'o'}, {0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20}, kEndOfTrack});
  const Bytes melody = Join({{0x00, 0xFF, 0x03, 0x04, 'L', 'e', 'a', 'd'},
                             {0x00, 0x90, 62, 80},
                             {0x83, 0x60, 62, 0},  // delta 480, running status, velocity 0
                             {0x00, 60, 80},
                             {0x00, 67, 80},
                             {0x00, 64, 80},
                             {0x83, 0x60, 0x80, 60, 64},
                             {0x00, 0x90, 67, 0},
                             {0x00, 64, 0},
                             {0x00, 65, 80},
                             {0x83, 0x60, 65, 0},
                             kEndOfTrack});
  return Join({Header(1, 2, 480), Chunk("MTrk", conductor), Chunk("MTrk", melody)});
}

// A format-0 file whose only track holds `events` and end-of-track.
Bytes OneTrackFile(const Bytes& events, int division = 480) {
  return Join({Header(0, 1, division), Chunk("MTrk", Join({events, kEndOfTrack}))});
}

// The melody of the first track with notes.
Melody MelodyOf(const Bytes& bytes, std::string* error = nullptr) {
  Melody melody;
  const std::string problem = ReadMidiMelody(bytes, -1, melody);
  if (error) *error = problem;
  return melody;
}

std::vector<int> NotesOf(const Bytes& bytes, std::string* error = nullptr) { return MelodyOf(bytes, error).notes; }

// Every IOI positive and within a corpus line's numbers, one per note: the
// melody written as a corpus line parses back to itself.
void ExpectParsesBack(const Melody& melody) {
  ASSERT_EQ(melody.iois.size(), melody.notes.size());
  std::vector<Melody> parsed;
  ASSERT_EQ(ParseCorpus(FormatMelody({"m", melody.notes, melody.iois}, true), parsed), "");
  ASSERT_EQ(parsed.size(), 1u);
  EXPECT_EQ(parsed[0].notes, melody.notes);
  EXPECT_TRUE(parsed[0].iois == melody.iois);
}

// Either an error with every output cleared, or a file whose summary agrees
// with the melodies read track by track.
void ExpectErrorOrConsistentResult(const Bytes& bytes) {
  MidiFileInfo info;
  info.format = 7;
  const std::string info_problem = ReadMidiInfo(bytes, info);
  Melody melody{"stale", {1}, {Ioi{}}};
  const std::string melody_problem = ReadMidiMelody(bytes, -1, melody);
  if (!info_problem.empty()) {
    EXPECT_EQ(info.format, 0);
    EXPECT_EQ(info.ticks_per_quarter, 0);
    EXPECT_TRUE(info.tracks.empty());
    EXPECT_EQ(melody_problem, info_problem);
  }
  if (!melody_problem.empty()) {
    EXPECT_TRUE(melody.notes.empty());
    EXPECT_TRUE(melody.iois.empty());
    EXPECT_TRUE(melody.name.empty());
  }
  if (!info_problem.empty()) return;
  ASSERT_FALSE(info.tracks.empty());
  EXPECT_GE(info.format, 0);
  EXPECT_LE(info.format, 2);
  for (const MidiTrackSummary& track : info.tracks) {
    const std::string problem = ReadMidiMelody(bytes, track.index, melody);
    EXPECT_EQ(static_cast<int>(melody.notes.size()), track.note_count);
    EXPECT_EQ(problem.empty(), track.note_count > 0) << problem;
    for (int note : melody.notes) {
      EXPECT_GE(note, 0);
      EXPECT_LE(note, 127);
    }
    if (problem.empty()) {
      EXPECT_EQ(melody.name, track.name);
      ExpectParsesBack(melody);
    }
  }
}

// The 24 files are what the timed corpus's builtin.txt was read from: notes
// and IOIs agree with it exactly (the last notes, released a tick early in the
// files, by rounding to 1/48 beat).
TEST(MidiFile, ImportsEveryBuiltinMelodyFromItsFileWithItsTiming) {
  std::ifstream corpus_file(std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/builtin_timed.txt");
  std::stringstream corpus_text;
  corpus_text << corpus_file.rdbuf();
  std::vector<Melody> melodies;
  ASSERT_EQ(ParseCorpus(corpus_text.str(), melodies), "");
  int files_checked = 0;
  for (const Melody& melody : melodies) {
    const std::string prefix = "cre_";
    if (melody.name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string file_name = melody.name.substr(prefix.size()) + ".mid";
    SCOPED_TRACE(file_name);
    const Bytes bytes = ReadBytes(MidiDataPath(file_name));
    ASSERT_FALSE(bytes.empty());
    MidiFileInfo info;
    ASSERT_EQ(ReadMidiInfo(bytes, info), "");
    EXPECT_EQ(info.format, 0);
    EXPECT_EQ(info.ticks_per_quarter, 480);
    ASSERT_EQ(info.tracks.size(), 1u);
    EXPECT_EQ(info.tracks[0].note_count, static_cast<int>(melody.notes.size()));
    Melody read;
    ASSERT_EQ(ReadMidiMelody(bytes, -1, read), "");
    EXPECT_EQ(read.notes, melody.notes);
    EXPECT_EQ(FormatMelody({melody.name, read.notes, read.iois}, true), FormatMelody(melody, true));
    ++files_checked;
  }
  EXPECT_EQ(files_checked, 24);
}

TEST(MidiFile, ReadsTheTrackNameOfARealFile) {
  Melody melody;
  ASSERT_EQ(ReadMidiMelody(ReadBytes(MidiDataPath("FrazersReel.mid")), 0, melody), "");
  EXPECT_EQ(melody.name, "Frazer's Reel");
}

// The melody of a one-track file as a corpus line's notes, every IOI written.
std::string TimedLineOf(const Bytes& bytes) {
  std::string problem;
  const Melody melody = MelodyOf(bytes, &problem);
  if (!problem.empty()) return problem;
  ExpectParsesBack(melody);
  return FormatMelody({"", melody.notes, melody.iois}, true).substr(1);
}

TEST(MidiFile, IoisRunOnsetToOnsetARestAddsToTheNoteBeforeAndTheLastNoteIsItsLength) {
  // 96 ticks a beat.
  const Bytes events = {0x00, 0x90, 60,   90,   0x30, 0x80, 60, 0,   // held half a beat
                        0x30, 0x90, 62,   90,   0x00, 0x90, 55, 90,  // beat 1: a chord, 62 the melody
                        0x30, 0x80, 62,   0,    0x00, 0x80, 55, 0,   // then a rest of a beat and a half
                        0x81, 0x10, 0x90, 64,   90,                  // beat 3
                        0x20, 0x90, 64,   90,   0x00, 0x80, 64, 0,   // 64 again: its note-off after the note-on
                        0x48, 0x81, 64,   0,                         // another channel's 64 ends: not the melody's
                        0x00, 0x80, 64,   0,                         // 3/4 beat after its onset
                        0x81, 0x48, 0xFF, 0x01, 0x01, 'x'};          // later events do not lengthen it
  EXPECT_EQ(TimedLineOf(OneTrackFile(events, 96)), "60:1 62:2 64:1/3 64:3/4");
}

TEST(MidiFile, ALastNoteNeverReleasedLastsToTheTrackEndAndOneWithoutLengthABeat) {
  EXPECT_EQ(TimedLineOf(OneTrackFile({0x00, 0x90, 60, 90, 0x60, 0x90, 62, 90, 0x81, 0x10, 0xFF, 0x01, 0x00}, 96)),
            "60:1 62:3/2");
  EXPECT_EQ(TimedLineOf(OneTrackFile({0x00, 0x90, 60, 90, 0x60, 0x90, 62, 90, 0x00, 0x80, 62, 0}, 96)), "60:1 62:1");
  // Released 1 tick early, as the real files do: 1/48 beat rounding gives its written length.
  EXPECT_EQ(TimedLineOf(OneTrackFile({0x00, 0x90, 60, 90, 0x83, 0x5F, 0x80, 60, 0})), "60:1");
}

TEST(MidiFile, IoisTooFineForACorpusLineAreRoundedAndNoneIsZero) {
  // 32,767 ticks a beat: 4 beats and a tick is 131069/32767, past kMaxIoiPart, so 4 (to 1/48 beat).
  EXPECT_EQ(TimedLineOf(OneTrackFile(
                {0x00, 0x90, 60, 90, 0x88, 0x80, 0x7D, 0x90, 62, 90, 0x81, 0xFF, 0x7F, 0x80, 62, 0}, 0x7FFF)),
            "60:4 62:1");
  // A tick a beat, 200,000 beats of rest: at most kMaxIoiPart beats.
  EXPECT_EQ(TimedLineOf(OneTrackFile({0x00, 0x90, 60, 90, 0x8C, 0x9A, 0x40, 0x90, 62, 90, 0x01, 0x80, 62, 0}, 1)),
            "60:100000 62:1");
}

TEST(MidiFile, SmpteTimeIsReadAtTheFilesTempo) {
  // 25 frames a second, 40 ticks a frame: 1,000 ticks a second; 120 bpm: 500 ticks a beat.
  const Bytes notes = {0x00, 0x90, 60,   90, 0x81, 0x7A, 0x90, 62, 90,  // 250 ticks: half a beat
                       0x87, 0x68, 0x90, 64, 90,                        // 1,000 ticks: 2 beats
                       0x83, 0x74, 0x80, 64, 0};                        // held 500 ticks: a beat
  const Bytes tempo_120 = {0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20};
  const Bytes tempo_60 = {0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40};
  EXPECT_EQ(TimedLineOf(OneTrackFile(notes, 0xE728)), "60:1/2 62:2 64:1");  // no tempo: 120 bpm
  EXPECT_EQ(TimedLineOf(OneTrackFile(Join({tempo_120, notes}), 0xE728)), "60:1/2 62:2 64:1");
  EXPECT_EQ(TimedLineOf(OneTrackFile(Join({tempo_60, notes}), 0xE728)), "60:1/4 62:1 64:1/2");
  // 1 microsecond a beat: a million beats a second, past what a line can say.
  const Bytes absurd_tempo = {0x00, 0xFF, 0x51, 0x03, 0x00, 0x00, 0x01};
  Bytes long_track = Join({absurd_tempo, {0x00, 0x90, 60, 90}});
  for (int i = 0; i < 4; ++i) long_track.insert(long_track.end(), {0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00});
  EXPECT_EQ(TimedLineOf(OneTrackFile(long_track, 0xE728)),
            "track 0 lasts too long to read as beats (SMPTE time at tempo 1 us per quarter note)");
  // A frame a second, a tick a frame, no tempo (120 bpm): 2,000 events of 2^28 ticks pass 10^12 beats.
  Bytes slow_track = {0x00, 0x90, 60, 90};
  for (int i = 0; i < 2000; ++i) slow_track.insert(slow_track.end(), {0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0x01, 0x00});
  EXPECT_EQ(TimedLineOf(OneTrackFile(slow_track, 0xFF01)),
            "track 0 lasts too long to read as beats (SMPTE time at tempo 500000 us per quarter note)");
}

TEST(MidiFile, WrittenMelodyReadsBackWithItsRhythm) {
  // Every rhythm class, a longer rest, a repeated note, and the last note's length.
  const Melody melody = {"My tune",
                         {60, 62, 62, 64, 0, 127, 67, 69, 71, 72, 74, 76, 77, 79, 81},
                         {{1, 6},
                          {1, 4},
                          {1, 3},
                          {1, 2},
                          {2, 3},
                          {3, 4},
                          {1, 1},
                          {3, 2},
                          {2, 1},
                          {3, 1},
                          {4, 1},
                          {6, 1},
                          {23, 2},
                          {5, 48},
                          {5, 2}}};
  const Bytes bytes = WriteMidiMelody(melody, 132, 70);
  MidiFileInfo info;
  ASSERT_EQ(ReadMidiInfo(bytes, info), "");
  EXPECT_EQ(info.format, 0);
  EXPECT_EQ(info.ticks_per_quarter, 480);
  ASSERT_EQ(info.tracks.size(), 1u);
  EXPECT_EQ(info.tracks[0].name, "My tune");
  EXPECT_EQ(info.tracks[0].note_count, 15);
  Melody read;
  ASSERT_EQ(ReadMidiMelody(bytes, -1, read), "");
  EXPECT_EQ(FormatMelody(read), FormatMelody(melody));
  // Untimed, a note a beat.
  ASSERT_EQ(ReadMidiMelody(WriteMidiMelody({"", {60, 62}, {}}, 90), -1, read), "");
  EXPECT_EQ(FormatMelody(read, true), "\t60:1 62:1");
}

TEST(MidiFile, WritesTimedNotesAsExactBytes) {
  // 100 bpm = 600000 microseconds a quarter. At tick 360 the first 60 ends and
  // the second begins: the note-off must come first.
  const Bytes bytes = WriteMidiNotes({{60, 0.5, 0.25, 100}, {60, 0.75, 1, 200}, {64, 0.5, 1, 0}}, 100, "ab");
  const Bytes track = {0x00, 0xFF, 0x03, 0x02, 'a',  'b',         // track name
                       0x00, 0xFF, 0x51, 0x03, 0x09, 0x27, 0xC0,  // tempo
                       0x81, 0x70, 0x90, 60,   100,               // tick 240
                       0x00, 0x90, 64,   1,                       // velocity 0 clamped to 1
                       0x78, 0x80, 60,   64,                      // tick 360
                       0x00, 0x90, 60,   127,                     // velocity 200 clamped to 127
                       0x82, 0x68, 0x80, 64,   64,                // tick 720
                       0x78, 0x80, 60,   64,                      // tick 840
                       0x00, 0xFF, 0x2F, 0x00};
  EXPECT_EQ(bytes, Join({Header(0, 1, 480), Chunk("MTrk", track)}));
}

TEST(MidiFile, WriterLeavesOutImpossibleNotesAndKeepsFarTimes) {
  const double nan = std::nan("");
  const Bytes bytes = WriteMidiNotes({{-1, 0, 1, 90},
                                      {128, 1, 1, 90},
                                      {61, nan, 1, 90},
                                      {62, 2, INFINITY, 90},
                                      {63, -1, 1, 90},
                                      {64, 3, -1, 90},
                                      {65, 100000, 1, 90},  // 48 million ticks: a 4-byte delta
                                      {66, 1e300, 0, 90}},
                                     nan, "");
  EXPECT_EQ(NotesOf(bytes), (std::vector<int>{65, 66}));
  const Bytes default_tempo = {0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20};  // 500000 microseconds: 120 bpm
  EXPECT_NE(std::search(bytes.begin(), bytes.end(), default_tempo.begin(), default_tempo.end()), bytes.end());
}

TEST(MidiFile, MelodyOfFormatOneIsFirstTrackWithNotesAndHighestOfChord) {
  std::string problem;
  const Melody melody = MelodyOf(FormatOneFile(), &problem);
  ASSERT_EQ(problem, "");
  EXPECT_EQ(melody.notes, (std::vector<int>{62, 67, 65}));
  EXPECT_EQ(FormatMelody(melody, true), "Lead\t62:1 67:1 65:1");
}

TEST(MidiFile, SummarisesEveryTrack) {
  MidiFileInfo info;
  ASSERT_EQ(ReadMidiInfo(FormatOneFile(), info), "");
  EXPECT_EQ(info.format, 1);
  EXPECT_EQ(info.ticks_per_quarter, 480);
  ASSERT_EQ(info.tracks.size(), 2u);
  EXPECT_EQ(info.tracks[0].index, 0);
  EXPECT_EQ(info.tracks[0].name, "Tempo");
  EXPECT_EQ(info.tracks[0].note_count, 0);
  EXPECT_EQ(info.tracks[1].index, 1);
  EXPECT_EQ(info.tracks[1].name, "Lead");
  EXPECT_EQ(info.tracks[1].note_count, 3);
}

TEST(MidiFile, PicksTrackExplicitly) {
  const Bytes first = {0x00, 0x90, 50, 90, 0x10, 52, 90};
  const Bytes second = {0x00, 0x91, 70, 90, 0x10, 72, 90};
  const Bytes bytes =
      Join({Header(1, 2, 96), Chunk("MTrk", Join({first, kEndOfTrack})), Chunk("MTrk", Join({second, kEndOfTrack}))});
  Melody melody;
  ASSERT_EQ(ReadMidiMelody(bytes, 1, melody), "");
  EXPECT_EQ(melody.notes, (std::vector<int>{70, 72}));
  ASSERT_EQ(ReadMidiMelody(bytes, 0, melody), "");
  EXPECT_EQ(melody.notes, (std::vector<int>{50, 52}));
}

TEST(MidiFile, PickingATrackWithoutNotesOrOutOfRangeIsAnErrorThatClearsOutputs) {
  const Bytes bytes = FormatOneFile();
  for (int track : {0, 2, -2}) {
    SCOPED_TRACE(track);
    Melody melody{"stale", {1, 2}, {Ioi{}, Ioi{}}};
    const std::string problem = ReadMidiMelody(bytes, track, melody);
    EXPECT_EQ(problem,
              track == 0 ? "track 0 has no notes"
                         : "there is no track " + std::to_string(track) + " (the file has 2 tracks, numbered from 0)");
    EXPECT_TRUE(melody.notes.empty());
    EXPECT_TRUE(melody.iois.empty());
    EXPECT_TRUE(melody.name.empty());
  }
  std::string problem;
  NotesOf(OneTrackFile({0x00, 0xFF, 0x01, 0x01, 'x'}), &problem);
  EXPECT_EQ(problem, "no track has notes");
}

TEST(MidiFile, SysExAndMetaEventsAreSkippedAndCancelRunningStatus) {
  Bytes long_sysex = {0x00, 0xF0, 0x81, 0x48};  // 200 bytes follow
  long_sysex.insert(long_sysex.end(), 200, 0xF7);
  const Bytes events = Join({{0x00, 0x90, 60, 90},
                             long_sysex,
                             {0x01, 0xF7, 0x02, 0x90, 0x91},          // escaped bytes: not a status
                             {0x01, 0xFF, 0x7F, 0x03, 0x90, 61, 90},  // sequencer-specific meta event
                             {0x01, 0xC0, 5},                         // program change: 1 data byte
                             {0x01, 0xD0, 40},                        // channel pressure: 1 data byte
                             {0x01, 0xB0, 7, 100},
                             {0x01, 0x90, 62, 90}});
  std::string problem;
  EXPECT_EQ(NotesOf(OneTrackFile(events), &problem), (std::vector<int>{60, 62}));
  EXPECT_EQ(problem, "");

  const Bytes running_after_meta = {0x00, 0x90, 60, 90, 0x00, 0xFF, 0x01, 0x00, 0x01, 62, 90};
  NotesOf(OneTrackFile(running_after_meta), &problem);
  EXPECT_EQ(problem, "track 0 has a data byte without a status byte at byte 31");
}

TEST(MidiFile, KeepsTheFirstTrackNameAndIgnoresBytesAfterEndOfTrack) {
  const Bytes events = Join({{0x00, 0xFF, 0x03, 0x03, 'O', 'n', 'e'},
                             {0x00, 0xFF, 0x03, 0x03, 'T', 'w', 'o'},
                             {0x00, 0x90, 60, 90},
                             kEndOfTrack,
                             {0x90, 0x90}});
  Melody melody;
  ASSERT_EQ(ReadMidiMelody(Join({Header(0, 1, 480), Chunk("MTrk", events)}), 0, melody), "");
  EXPECT_EQ(melody.notes, (std::vector<int>{60}));
  EXPECT_EQ(melody.name, "One");
}

TEST(MidiFile, PercussionChannelIsNotMelody) {
  const Bytes events = {0x00, 0x99, 36, 100, 0x00, 0x90, 48, 80, 0x60, 0x99, 38, 100};
  EXPECT_EQ(NotesOf(OneTrackFile(events)), (std::vector<int>{48}));
}

TEST(MidiFile, SkipsUnknownChunksAndTrustsTheTracksPresentOverTheHeaderCount) {
  const Bytes track = Chunk("MTrk", {0x00, 0x90, 60, 90});  // no end-of-track: tolerated
  for (int declared_tracks : {0, 1, 2, 5}) {
    SCOPED_TRACE(declared_tracks);
    const Bytes bytes = Join(
        {Header(1, declared_tracks, 480), Chunk("XFIH", {1, 2, 3}), track, Chunk("MTrx", {0x90}), track, {0, 0, 0}});
    MidiFileInfo info;
    ASSERT_EQ(ReadMidiInfo(bytes, info), "");
    EXPECT_EQ(info.tracks.size(), 2u);
  }
}

TEST(MidiFile, LongerHeaderSmpteTimeAndFormatTwoAreRead) {
  const Bytes header = Chunk("MThd", {0, 2, 0, 1, 0xE7, 0x28, 0xAA, 0xBB});  // 25 fps, 40 ticks a frame
  const Bytes bytes = Join({header, Chunk("MTrk", {0x00, 0x90, 60, 90})});
  MidiFileInfo info;
  ASSERT_EQ(ReadMidiInfo(bytes, info), "");
  EXPECT_EQ(info.format, 2);
  EXPECT_EQ(info.ticks_per_quarter, 0);
  EXPECT_EQ(NotesOf(bytes), (std::vector<int>{60}));
}

TEST(MidiFile, BadHeadersGiveClearMessages) {
  const Bytes track = Chunk("MTrk", {0x00, 0x90, 60, 90});
  const std::vector<std::pair<Bytes, std::string>> cases = {
      {{}, "not a MIDI file (no MThd header)"},
      {Join({Chunk("RIFF", {0, 0, 0, 0, 0, 0}), track}), "not a MIDI file (no MThd header)"},
      {Join({Chunk("MThd", {0, 0}), track}), "the MThd header is 2 bytes long; it should be at least 6"},
      {Join({Bytes{'M', 'T', 'h', 'd', 0, 0, 0, 9}, Bytes(6, 0)}),
       "the MThd header is truncated at byte 14 (it claims 9 bytes)"},
      {Join({Header(3, 1, 480), track}), "unsupported MIDI format 3 (expected 0, 1 or 2)"},
      {Join({Header(0, 1, 0), track}), "the MThd header gives 0 ticks per quarter note"},
      {Join({Header(0, 1, 0xE700), track}), "the MThd header gives 0 ticks per SMPTE frame"},
      {Header(0, 1, 480), "the file has no tracks (no MTrk chunk)"},
      {Join({Header(0, 1, 480), Bytes{'M', 'T', 'r', 'k', 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x90, 60, 90}}),
       "track 0 is truncated at byte 26 (it claims 4294967295 bytes)"},
      {Join({Header(0, 1, 480), Bytes{'J', 'U', 'N', 'K', 0xFF, 0xFF, 0xFF, 0xF0}}),
       "the chunk at byte 14 is truncated at byte 22 (it claims 4294967280 bytes)"},
  };
  for (const auto& [bytes, message] : cases) {
    MidiFileInfo info;
    EXPECT_EQ(ReadMidiInfo(bytes, info), message);
    std::string problem;
    NotesOf(bytes, &problem);
    EXPECT_EQ(problem, message);
  }
}

TEST(MidiFile, BadEventsGiveClearMessages) {
  // The track's events start at byte 22.
  const std::vector<std::pair<Bytes, std::string>> cases = {
      {{0x80, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 90},
       "track 0 has a variable-length number longer than 4 bytes at byte 22"},
      {{0x00, 60, 90}, "track 0 has a data byte without a status byte at byte 23"},
      {{0x00, 0x90, 60, 0x80}, "track 0 has status byte 0x80 in place of a data byte at byte 25"},
      {{0x00, 0xF4}, "track 0 has status byte 0xF4 (not allowed in a MIDI file) at byte 23"},
      {{0x00, 0x90, 60}, "track 0 ends in the middle of an event at byte 25"},
      {{0x00, 0xFF, 0x01, 0x05, 'a'}, "track 0 ends in the middle of an event at byte 27"},
      {{0x00, 0xF0, 0x8F, 0xFF, 0xFF, 0x7F}, "track 0 ends in the middle of an event at byte 28"},
      {{0x00, 0xFF}, "track 0 ends in the middle of an event at byte 24"},
      {{0x81}, "track 0 ends in the middle of an event at byte 23"},
  };
  for (const auto& [events, message] : cases) {
    const Bytes bytes = Join({Header(0, 1, 480), Chunk("MTrk", events)});
    std::string problem;
    NotesOf(bytes, &problem);
    EXPECT_EQ(problem, message);
  }
}

TEST(MidiFile, RandomBytesGiveAnErrorOrAConsistentResult) {
  std::mt19937 random(2024);
  for (int trial = 0; trial < 2000; ++trial) {
    Bytes bytes(random() % 200);
    for (uint8_t& byte : bytes) byte = static_cast<uint8_t>(random());
    // Half the trials start like a MIDI file so that the parser gets past the header.
    if (trial % 2 == 0) {
      const Bytes start =
          Join({Header(trial % 3, 1, 480), {'M', 'T', 'r', 'k', 0, 0, 0, static_cast<uint8_t>(bytes.size())}});
      bytes.insert(bytes.begin(), start.begin(), start.end());
    }
    ExpectErrorOrConsistentResult(bytes);
  }
}

TEST(MidiFile, EveryTruncationOfARealFileIsAnError) {
  const Bytes whole = ReadBytes(MidiDataPath("FrazersReel.mid"));
  ASSERT_GT(whole.size(), 100u);
  for (size_t length = 0; length < whole.size(); ++length) {
    const Bytes bytes(whole.begin(), whole.begin() + length);
    MidiFileInfo info;
    EXPECT_NE(ReadMidiInfo(bytes, info), "") << length;
    Melody melody{"stale", {1}, {Ioi{}}};
    EXPECT_NE(ReadMidiMelody(bytes, -1, melody), "") << length;
    EXPECT_TRUE(melody.notes.empty());
  }
}

TEST(MidiFile, EveryByteFlipOfARealFileGivesAnErrorOrAConsistentResult) {
  const Bytes whole = ReadBytes(MidiDataPath("FrazersReel.mid"));
  ASSERT_GT(whole.size(), 100u);
  for (uint8_t flip : {0x01, 0x80, 0xFF}) {
    for (size_t position = 0; position < whole.size(); ++position) {
      Bytes bytes = whole;
      bytes[position] ^= flip;
      ExpectErrorOrConsistentResult(bytes);
    }
  }
}

TEST(MidiFile, MoreNotesThanTheCapIsAnError) {
  const auto file_with_notes = [](int count) {
    Bytes events = {0x00, 0x90, 60, 90};
    for (int i = 1; i < count; ++i) events.insert(events.end(), {0x01, static_cast<uint8_t>(i % 128), 90});
    return OneTrackFile(events);
  };
  MidiFileInfo info;
  ASSERT_EQ(ReadMidiInfo(file_with_notes(kMaxMidiNotes), info), "");
  EXPECT_EQ(info.tracks[0].note_count, kMaxMidiNotes);
  EXPECT_EQ(ReadMidiInfo(file_with_notes(kMaxMidiNotes + 1), info), "the file has more than 1000000 notes");
}

}  // namespace
}  // namespace hpiano
