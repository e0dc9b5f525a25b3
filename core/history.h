// The history of a network: every event that changed it since its config was
// set, in order, one byte for each note learned. Because the network is
// deterministic, config + history rebuild it exactly (the share link carries
// just that; the .hpn file keeps it beside the weights).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "network.h"

namespace hpiano {

// Event encoding. A byte below 0x80 is a MIDI note heard and learned.
enum HistoryEvent : uint8_t {
  kEventNewTune = 0x80,
  kEventRest = 0x81,
  kEventHeardFrozen = 0x82,  // + note byte: heard with learning off
  kEventPlayed = 0x83,       // the network chose a note, learning off
  kEventPlayedLearned = 0x84,
  kEventReseed = 0x85,  // + varint seed
  kEventAdjust = 0x86,  // + parameter index (ConfigParams order) + float64
};

// One decoded event: `code` is the HistoryEvent (or the note, below 0x80).
struct Event {
  uint8_t code = 0;
  int note = 0;       // notes heard (below 0x80, kEventHeardFrozen)
  uint64_t seed = 0;  // kEventReseed
  size_t param = 0;   // kEventAdjust: index in ConfigParams()
  double value = 0;   // kEventAdjust
};

// Decodes the events in order and hands each to `visit`, which returns "" or
// an error. Returns "" or a message naming the byte where it stopped.
std::string ParseHistory(const std::vector<uint8_t>& history, const std::function<std::string(const Event&)>& visit);

// Notes the network learned (heard or played with learning on), up to the first malformed event.
size_t CountLearnedNotes(const std::vector<uint8_t>& history);

// Applies the events to `network` in order (it records them again). Returns
// "" or a message naming the byte where the history is malformed; then the
// network is left partly replayed, so replay into a scratch network.
std::string ReplayHistory(const std::vector<uint8_t>& history, Network& network);

// Builds the network that `config` and `history` describe into `out`;
// `out` is untouched on error.
std::string RebuildNetwork(const Config& config, const std::vector<uint8_t>& history, Network& out);

}  // namespace hpiano
