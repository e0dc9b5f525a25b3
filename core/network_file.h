// The .hpn network file: everything a network is, so that loading gives the
// identical network (same predictions, same notes for the same seed).
//
// Layout, little-endian:
//   "HPN" 0x1A, u32 version (kFormatVersion, 4; version 1 had no tune_pool_size,
//   versions 1 and 2 no keys_and_rhythm; each version opens with its own defaults:
//   DefaultConfig in config.h)
//   config: WriteConfig (config.h): varint count, then per parameter: string name, float64 value
//   initial config (of the last reset; with the history it rebuilds the network), same form
//   u64 steps, i32 last MIDI note, f64 register centre, f64 x3 recent bits lost per readout,
//   u64 x2 generator state
//   context codes: pools 1..context_orders and the tune pool, k_context u32 cells each
//   thresholds: note_count float64
//   slow set, fast set: varint used cells, then per cell (ascending):
//     u32 cell, u32 usage, note_count float32 weights
//   keys and rhythm (keys_and_rhythm 1 only; KeyRhythm::WriteState): u64 context of each
//     key, interval, rhythm, joint and key-and-rhythm tune pool; interval neurons, then
//     rhythm neurons: per set varint used cells, then per cell u32 cell, float32 usage,
//     float32 weights; float64 thresholds, readouts (4 x neurons), recent bits lost (4);
//     u64 x2 generator state, i32 onset phase, previous key, last key, last rhythm class,
//     u8 whether this tune's notes were learned
//   history: varint length, bytes (history.h)
//   notes: string title, varint count, then string key, string value per page setting
//   u32 CRC-32 of everything before it
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "network.h"

namespace hpiano {

class ByteWriter;
class ByteReader;

constexpr uint32_t kNetworkFileVersion = kFormatVersion;

// What travels with a network but is not the network: a title and the page
// settings that matter when it is opened (mode, tempo, ...), as text.
struct NetworkNotes {
  std::string title;
  std::vector<std::pair<std::string, std::string>> page_settings;
  bool operator==(const NetworkNotes& other) const {
    return title == other.title && page_settings == other.page_settings;
  }
};

constexpr size_t kMaxTitleBytes = 256;
constexpr size_t kMaxPageSettings = 32;
constexpr size_t kMaxSettingBytes = 64;

class NetworkFile {
 public:
  static std::vector<uint8_t> Save(const Network& network, const NetworkNotes& notes = {});
  // "" on success; otherwise a message, and `out` (and `notes`) are untouched.
  [[nodiscard]] static std::string Load(const std::vector<uint8_t>& bytes, Network& out, NetworkNotes* notes = nullptr);
};

void WriteNotes(ByteWriter& writer, const NetworkNotes& notes);
[[nodiscard]] std::string ReadNotes(ByteReader& reader, NetworkNotes& notes);

}  // namespace hpiano
