// The history of a network: every event that changed it since its config was
// set, in order, one byte for each note learned. Because the network is
// deterministic, config + history rebuild it exactly (the share link carries
// just that; the .hpn file keeps it beside the weights).
//
// Every event kind lives in this file and history.cpp: its code here, its
// payload in PayloadOf (which both HistoryWriter and ParseHistory follow), and
// what replaying it does in ReplayHistory. Adding a kind touches nothing else.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace hpiano {

class Network;
struct Config;

// Event encoding. A byte below 0x80 is a MIDI note heard and learned.
//
// Rhythm (format 3): every note heard carries the rhythm class of the IOI
// that ended at it (rhythm.h), or none. The class is a state of the history,
// not a byte per note: a kEventRhythm sets it for the notes heard after it, and
// a new tune or a rest sets it back to none (their first note has no IOI before
// it), so a tune costs a byte only where its rhythm changes. Notes played
// carry none: the network chose their rhythm, and replay chooses it again.
// Histories of formats 1 and 2 hold no rhythm events: their notes carry none.
// Format 3 wrote a change as two bytes (kEventRhythm, class); format 4 writes
// one (kEventRhythmClass + class). Both are read as an Event of code kEventRhythm.
enum HistoryEvent : uint8_t {
  kEventNewTune = 0x80,
  kEventRest = 0x81,
  kEventHeardFrozen = 0x82,  // + note byte: heard with learning off
  kEventPlayed = 0x83,       // the network chose a note, learning off
  kEventPlayedLearned = 0x84,
  kEventReseed = 0x85,  // + varint seed
  kEventAdjust = 0x86,  // + parameter index (ConfigParams order) + float64
  kEventRhythm = 0x87,  // + rhythm class 0..11, or 12 for none: the class of the notes heard next
  // 0x90 + rhythm class 0..11, or 0x90 + 12 for none: kEventRhythm in one byte (format 4).
  kEventRhythmClass = 0x90,
};

// One event: `code` is the HistoryEvent (or the note, below 0x80).
struct Event {
  uint8_t code = 0;
  int note = 0;  // notes heard (below 0x80, kEventHeardFrozen)
  // Notes heard: the rhythm class of the IOI that ended at the note, or
  // kNoRhythm (-1). kEventRhythm: the class it sets.
  int rhythm = -1;
  uint64_t seed = 0;  // kEventReseed
  size_t param = 0;   // kEventAdjust: index in ConfigParams()
  double value = 0;   // kEventAdjust
  size_t offset = 0;  // set by ParseHistory: the byte the event starts at

  // A MIDI note 0..127 heard, learned or not, with the rhythm class of the
  // IOI that ended at it (0..11, else none).
  static Event Heard(int midi, bool learned, int rhythm = -1);
  // The network chose the note, learned or not.
  static Event Played(bool learned);
  static Event NewTune() { return Event{kEventNewTune}; }
  static Event Rest() { return Event{kEventRest}; }
  static Event Reseed(uint64_t seed);
  // The notes heard next carry rhythm class `rhythm` (0..11, else none).
  // HistoryWriter writes it before a note heard whose class differs.
  static Event RhythmChange(int rhythm);
  // Parameter `param` (its index in ConfigParams()) set to `value`.
  static Event Adjust(size_t param, double value);
};

// Appends events to a history. A parameter change directly after a change of
// the same parameter (no event between) replaces it: nothing happened between
// them, so the network replays the same, and dragging a slider leaves one event.
class HistoryWriter {
 public:
  void Append(const Event& event);
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  // The rhythm class the next note heard carries without a kEventRhythm.
  int rhythm() const { return rhythm_; }
  void Clear();
  // Takes over a history read from a file; "" or a message naming the byte
  // where it is malformed (then nothing changes).
  [[nodiscard]] std::string Assign(const std::vector<uint8_t>& bytes);

 private:
  std::vector<uint8_t> bytes_;
  size_t last_event_ = 0;  // offset of the last event, valid when bytes_ is not empty
  int rhythm_ = -1;        // the rhythm class the notes heard next carry without a kEventRhythm
};

// Decodes the events in order and hands each to `visit`, which returns "" or
// an error. Returns "" or a message naming the byte where it stopped.
// `rhythm_before`: the rhythm class in force where `history` starts (a tail
// of a longer history goes on from where that left it; HistoryWriter::rhythm()).
[[nodiscard]] std::string ParseHistory(const std::vector<uint8_t>& history,
                                       const std::function<std::string(const Event&)>& visit, int rhythm_before = -1);

// The notes heard and learned, in order, one byte each (the MIDI note), with
// 0x80 for every event between them but a rhythm class change: a tune heard
// and learned once is its notes' bytes, unbroken (the page counts its hearings).
std::vector<uint8_t> LearnedNoteRuns(const std::vector<uint8_t>& history);

// Notes the network learned (heard or played with learning on), up to the first malformed event.
size_t CountLearnedNotes(const std::vector<uint8_t>& history);

// Applies the events to `network` in order (it records them again), going on
// from the network's own history (its rhythm class in force). Returns
// "" or a message naming the byte where the history is malformed; then the
// network is left partly replayed, so replay into a scratch network.
[[nodiscard]] std::string ReplayHistory(const std::vector<uint8_t>& history, Network& network);

// Builds the network that `config` and `history` describe into `out`;
// `out` is untouched on error.
[[nodiscard]] std::string RebuildNetwork(const Config& config, const std::vector<uint8_t>& history, Network& out);

}  // namespace hpiano
