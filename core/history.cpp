#include "history.h"

#include <cstring>

#include "bytes.h"
#include "config.h"
#include "network.h"

namespace hpiano {

namespace {

// What follows an event's code byte.
enum class Payload { kNone, kNote, kSeed, kParameterChange, kUnknown };

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
    case kEventAdjust: return Payload::kParameterChange;
    default: return Payload::kUnknown;
  }
}

// Offset of the float64 value in a parameter change: after its code and parameter index.
constexpr size_t kAdjustValueOffset = 2;

}  // namespace

Event Event::Heard(int midi, bool learned) {
  Event event;
  event.note = midi;
  event.code = learned ? static_cast<uint8_t>(midi) : static_cast<uint8_t>(kEventHeardFrozen);
  return event;
}

Event Event::Played(bool learned) { return Event{learned ? kEventPlayedLearned : kEventPlayed}; }

Event Event::Reseed(uint64_t seed) {
  Event event{kEventReseed};
  event.seed = seed;
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
  ByteWriter writer;
  writer.U8(event.code);
  switch (PayloadOf(event.code)) {
    case Payload::kNote: writer.U8(static_cast<uint8_t>(event.note)); break;
    case Payload::kSeed: writer.VarUint(event.seed); break;
    case Payload::kParameterChange:
      writer.U8(static_cast<uint8_t>(event.param));
      writer.F64(event.value);
      break;
    case Payload::kNone:
    case Payload::kUnknown: break;
  }
  last_event_ = bytes_.size();
  bytes_.insert(bytes_.end(), writer.bytes().begin(), writer.bytes().end());
}

void HistoryWriter::Clear() {
  bytes_.clear();
  last_event_ = 0;
}

std::string HistoryWriter::Assign(const std::vector<uint8_t>& bytes) {
  size_t last = 0;
  const std::string error = ParseHistory(bytes, [&last](const Event& event) {
    last = event.offset;
    return std::string();
  });
  if (!error.empty()) return error;
  bytes_ = bytes;
  last_event_ = last;
  return "";
}

std::string ParseHistory(const std::vector<uint8_t>& history, const std::function<std::string(const Event&)>& visit) {
  ByteReader reader(history.data(), history.size());
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
      case Payload::kUnknown: return where() + "unknown event";
    }
    const std::string error = visit(event);
    if (!error.empty()) return where() + error;
  }
  return reader.ok() ? "" : "history is truncated";
}

std::string ReplayHistory(const std::vector<uint8_t>& history, Network& network) {
  return ParseHistory(history, [&network](const Event& event) -> std::string {
    switch (event.code) {
      case kEventNewTune: network.NewTune(); return "";
      case kEventRest: network.Rest(); return "";
      case kEventHeardFrozen: network.Step(event.note, false); return "";
      case kEventPlayed: network.Step(kPlayOwn, false); return "";
      case kEventPlayedLearned: network.Step(kPlayOwn, true); return "";
      case kEventReseed: network.Reseed(event.seed); return "";
      case kEventAdjust: {
        Config config = network.config();
        const std::string error = SetParam(config, ConfigParams()[event.param].name, event.value);
        return error.empty() ? network.Adjust(config) : error;
      }
      default: network.Step(event.note, true); return "";  // a note heard and learned
    }
  });
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
