#include "history.h"

#include <cstring>

#include "bytes.h"
#include "config.h"
#include "network.h"
#include "rhythm.h"

namespace hpiano {

namespace {

// What follows an event's code byte (kRhythmInCode: nothing, the code holds the class).
enum class Payload { kNone, kNote, kSeed, kParameterChange, kRhythm, kRhythmInCode, kUnknown };

// A rhythm event's class byte (after kEventRhythm, or added to kEventRhythmClass) for "no rhythm class".
constexpr uint8_t kRhythmByteNone = kRhythmClasses;

// The one table of event kinds: the writer and the parser both follow it.
Payload PayloadOf(uint8_t code) {
  if (code < 0x80) return Payload::kNone;  // the code is the note
  switch (code) {
    case kEventNewTune:
    case kEventRest:
    case kEventPlayed:
    case kEventPlayedLearned: return Payload::kNone;
    case kEventHeardFrozen: return Payload::kNote;
    case kEventReseed: return Payload::kSeed;
    case kEventRhythm: return Payload::kRhythm;
    case kEventAdjust: return Payload::kParameterChange;
    default:
      return code >= kEventRhythmClass && code <= kEventRhythmClass + kRhythmByteNone ? Payload::kRhythmInCode
                                                                                      : Payload::kUnknown;
  }
}

// Offset of the float64 value in a parameter change: after its code and parameter index.
constexpr size_t kAdjustValueOffset = 2;

bool IsHeard(uint8_t code) { return code < 0x80 || code == kEventHeardFrozen; }

// The rhythm class the notes heard after `event` carry, `current` before it.
int RhythmAfter(const Event& event, int current) {
  if (event.code == kEventRhythm) return event.rhythm;
  if (event.code == kEventNewTune || event.code == kEventRest) return kNoRhythm;
  return current;
}

}  // namespace

Event Event::Heard(int midi, bool learned, int rhythm) {
  Event event;
  event.note = midi;
  event.rhythm = IsRhythmClass(rhythm) ? rhythm : kNoRhythm;
  event.code = learned ? static_cast<uint8_t>(midi) : static_cast<uint8_t>(kEventHeardFrozen);
  return event;
}

Event Event::Played(bool learned) { return Event{learned ? kEventPlayedLearned : kEventPlayed}; }

Event Event::Reseed(uint64_t seed) {
  Event event{kEventReseed};
  event.seed = seed;
  return event;
}

Event Event::RhythmChange(int rhythm) {
  Event event{kEventRhythm};
  event.rhythm = IsRhythmClass(rhythm) ? rhythm : kNoRhythm;
  return event;
}

Event Event::Adjust(size_t param, double value) {
  Event event{kEventAdjust};
  event.param = param;
  event.value = value;
  return event;
}

void HistoryWriter::Append(const Event& event) {
  if (event.code == kEventAdjust && !bytes_.empty() && bytes_[last_event_] == kEventAdjust &&
      bytes_[last_event_ + 1] == event.param) {
    ByteWriter value;
    value.F64(event.value);
    std::memcpy(&bytes_[last_event_ + kAdjustValueOffset], value.bytes().data(), value.bytes().size());
    return;
  }
  if (IsHeard(event.code) && event.rhythm != rhythm_) Append(Event::RhythmChange(event.rhythm));
  rhythm_ = RhythmAfter(event, rhythm_);
  last_event_ = bytes_.size();
  ByteWriter writer(std::move(bytes_));  // written in place: one step appends one event
  const uint8_t rhythm_byte = event.rhythm >= 0 ? static_cast<uint8_t>(event.rhythm) : kRhythmByteNone;
  // A rhythm change is written in one byte; format 3's two-byte form is only read.
  const uint8_t code = event.code == kEventRhythm ? static_cast<uint8_t>(kEventRhythmClass + rhythm_byte) : event.code;
  writer.U8(code);
  switch (PayloadOf(code)) {
    case Payload::kNote: writer.U8(static_cast<uint8_t>(event.note)); break;
    case Payload::kSeed: writer.VarUint(event.seed); break;
    case Payload::kParameterChange:
      writer.U8(static_cast<uint8_t>(event.param));
      writer.F64(event.value);
      break;
    case Payload::kRhythm: writer.U8(rhythm_byte); break;
    case Payload::kRhythmInCode:
    case Payload::kNone:
    case Payload::kUnknown: break;
  }
  bytes_ = std::move(writer.bytes());
}

void HistoryWriter::Clear() {
  bytes_.clear();
  last_event_ = 0;
  rhythm_ = kNoRhythm;
}

std::string HistoryWriter::Assign(const std::vector<uint8_t>& bytes) {
  size_t last = 0;
  int rhythm = kNoRhythm;
  const std::string error = ParseHistory(bytes, [&last, &rhythm](const Event& event) {
    last = event.offset;
    rhythm = RhythmAfter(event, rhythm);
    return std::string();
  });
  if (!error.empty()) return error;
  bytes_ = bytes;
  last_event_ = last;
  rhythm_ = rhythm;
  return "";
}

std::string ParseHistory(const std::vector<uint8_t>& history, const std::function<std::string(const Event&)>& visit,
                         int rhythm_before) {
  ByteReader reader(history.data(), history.size());
  int rhythm = rhythm_before;  // what the notes heard next carry
  while (reader.ok() && !reader.AtEnd()) {
    Event event;
    event.offset = reader.position();
    const auto where = [&event] { return "history byte " + std::to_string(event.offset) + ": "; };
    event.code = reader.U8();
    switch (PayloadOf(event.code)) {
      case Payload::kNone: event.note = event.code < 0x80 ? event.code : 0; break;
      case Payload::kNote:
        event.note = reader.U8();
        if (!reader.ok() || event.note >= 0x80) return where() + "bad note after a frozen-step event";
        break;
      case Payload::kSeed:
        event.seed = reader.VarUint();
        if (!reader.ok()) return where() + "truncated seed";
        break;
      case Payload::kParameterChange:
        event.param = reader.U8();
        event.value = reader.F64();
        if (!reader.ok() || event.param >= ConfigParams().size()) return where() + "bad parameter change";
        break;
      case Payload::kRhythm: {
        const uint8_t value = reader.U8();
        if (!reader.ok() || value > kRhythmByteNone) return where() + "bad rhythm class";
        event.rhythm = value == kRhythmByteNone ? kNoRhythm : value;
        break;
      }
      case Payload::kRhythmInCode: {
        const int value = event.code - kEventRhythmClass;
        event.code = kEventRhythm;
        event.rhythm = value == kRhythmByteNone ? kNoRhythm : value;
        break;
      }
      case Payload::kUnknown: return where() + "unknown event";
    }
    if (IsHeard(event.code)) event.rhythm = rhythm;
    rhythm = RhythmAfter(event, rhythm);
    const std::string error = visit(event);
    if (!error.empty()) return where() + error;
  }
  return reader.ok() ? "" : "history is truncated";
}

std::string ReplayHistory(const std::vector<uint8_t>& history, Network& network) {
  return ParseHistory(
      history,
      [&network](const Event& event) -> std::string {
        switch (event.code) {
          case kEventNewTune: network.NewTune(); return "";
          case kEventRest: network.Rest(); return "";
          case kEventHeardFrozen: network.StepTimed(event.note, event.rhythm, false); return "";
          case kEventPlayed: network.Step(kPlayOwn, false); return "";
          case kEventPlayedLearned: network.Step(kPlayOwn, true); return "";
          case kEventRhythm: return "";  // the notes heard next carry it
          case kEventReseed: network.Reseed(event.seed); return "";
          case kEventAdjust: {
            Config config = network.config();
            const std::string error = SetParam(config, ConfigParams()[event.param].name, event.value);
            return error.empty() ? network.Adjust(config) : error;
          }
          default: network.StepTimed(event.note, event.rhythm, true); return "";  // a note heard and learned
        }
      },
      network.history_rhythm());
}

std::vector<uint8_t> LearnedNoteRuns(const std::vector<uint8_t>& history) {
  std::vector<uint8_t> runs;
  static_cast<void>(ParseHistory(history, [&runs](const Event& event) {
    if (event.code != kEventRhythm) runs.push_back(event.code < 0x80 ? event.code : 0x80);
    return std::string();
  }));
  return runs;
}

size_t CountLearnedNotes(const std::vector<uint8_t>& history) {
  size_t learned = 0;
  static_cast<void>(ParseHistory(history, [&learned](const Event& event) {
    learned += event.code < 0x80 || event.code == kEventPlayedLearned;
    return std::string();
  }));
  return learned;
}

std::string RebuildNetwork(const Config& config, const std::vector<uint8_t>& history, Network& out) {
  Network rebuilt{Network::Unset()};
  std::string error = rebuilt.Reset(config);
  if (error.empty()) error = ReplayHistory(history, rebuilt);
  if (!error.empty()) return error;
  out = std::move(rebuilt);
  return "";
}

}  // namespace hpiano
