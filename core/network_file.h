// The .hpn network file: everything a network is, so that loading gives the
// identical network (same predictions, same notes for the same seed).
//
// Layout, little-endian:
//   "HPN" 0x1A, u32 version
//   config: varint count, then per parameter: string name, float64 value
//   u64 steps, i32 last MIDI note, f64 register centre, u64 x2 generator state
//   context codes: pools 1..context_orders, k_context u32 cells each
//   thresholds: note_count float64
//   slow set, fast set: varint used cells, then per cell (ascending):
//     u32 cell, u32 usage, note_count float32 weights
//   history: varint length, bytes (history.h)
//   u32 CRC-32 of everything before it
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "network.h"

namespace hpiano {

constexpr uint32_t kNetworkFileVersion = 1;

class NetworkFile {
 public:
  static std::vector<uint8_t> Save(const Network& network);
  // "" on success; otherwise a message, and `out` is untouched.
  static std::string Load(const std::vector<uint8_t>& bytes, Network& out);
};

// Config as (name, value) pairs; shared by the .hpn file and the share link.
class ByteWriter;
class ByteReader;
void WriteConfig(ByteWriter& writer, const Config& config);
// Reads what WriteConfig wrote; unknown names or bad values give an error.
std::string ReadConfig(ByteReader& reader, Config& config);

}  // namespace hpiano
