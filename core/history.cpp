#include "history.h"

#include "bytes.h"

namespace hpiano {

std::string ReplayHistory(const std::vector<uint8_t>& history, Network& network) {
  ByteReader reader(history.data(), history.size());
  while (reader.ok() && !reader.AtEnd()) {
    const size_t at = reader.position();
    const uint8_t event = reader.U8();
    const std::string where = "history byte " + std::to_string(at) + ": ";
    if (event < 0x80) {
      network.Step(event, true);
    } else if (event == kEventNewTune) {
      network.NewTune();
    } else if (event == kEventRest) {
      network.Rest();
    } else if (event == kEventHeardFrozen) {
      const uint8_t note = reader.U8();
      if (!reader.ok() || note >= 0x80) return where + "bad note after a frozen-step event";
      network.Step(note, false);
    } else if (event == kEventPlayed || event == kEventPlayedLearned) {
      network.Step(kPlayOwn, event == kEventPlayedLearned);
    } else if (event == kEventReseed) {
      const uint64_t seed = reader.VarUint();
      if (!reader.ok()) return where + "truncated seed";
      network.Reseed(seed);
    } else if (event == kEventAdjust) {
      const uint8_t index = reader.U8();
      const double value = reader.F64();
      if (!reader.ok() || index >= ConfigParams().size()) return where + "bad parameter change";
      Config config = network.config();
      std::string error = SetParam(config, ConfigParams()[index].name, value);
      if (error.empty()) error = network.Adjust(config);
      if (!error.empty()) return where + error;
    } else {
      return where + "unknown event";
    }
  }
  return reader.ok() ? "" : "history is truncated";
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
