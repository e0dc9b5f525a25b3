#include "history.h"

#include "bytes.h"
#include "config.h"

namespace hpiano {

std::string ParseHistory(const std::vector<uint8_t>& history, const std::function<std::string(const Event&)>& visit) {
  ByteReader reader(history.data(), history.size());
  while (reader.ok() && !reader.AtEnd()) {
    const size_t at = reader.position();  // named in an error only
    const auto where = [at] { return "history byte " + std::to_string(at) + ": "; };
    Event event;
    event.code = reader.U8();
    if (event.code < 0x80) {
      event.note = event.code;
    } else if (event.code == kEventHeardFrozen) {
      event.note = reader.U8();
      if (!reader.ok() || event.note >= 0x80) return where() + "bad note after a frozen-step event";
    } else if (event.code == kEventReseed) {
      event.seed = reader.VarUint();
      if (!reader.ok()) return where() + "truncated seed";
    } else if (event.code == kEventAdjust) {
      event.param = reader.U8();
      event.value = reader.F64();
      if (!reader.ok() || event.param >= ConfigParams().size()) return where() + "bad parameter change";
    } else if (event.code != kEventNewTune && event.code != kEventRest && event.code != kEventPlayed &&
               event.code != kEventPlayedLearned) {
      return where() + "unknown event";
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
  ParseHistory(history, [&learned](const Event& event) {
    learned += event.code < 0x80 || event.code == kEventPlayedLearned;
    return std::string();
  });
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
