// The history of a network: every event that changed it since its config was
// set, in order, one byte for each note learned. Because the network is
// deterministic, config + history rebuild it exactly (the share link carries
// just that; the .hpn file keeps it beside the weights).
#pragma once

#include <cstdint>
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
  kEventReseed = 0x85,       // + varint seed
  kEventAdjust = 0x86,       // + parameter index (ConfigParams order) + float64
};

// Applies the events to `network` in order (it records them again). Returns
// "" or a message naming the byte where the history is malformed; then the
// network is left partly replayed, so replay into a scratch network.
std::string ReplayHistory(const std::vector<uint8_t>& history, Network& network);

// Builds the network that `config` and `history` describe into `out`;
// `out` is untouched on error.
std::string RebuildNetwork(const Config& config, const std::vector<uint8_t>& history, Network& out);

}  // namespace hpiano
