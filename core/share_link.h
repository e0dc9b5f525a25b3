// The share link: a network as its initial config and its history (every
// event that changed it), which the receiver replays into the identical
// network, far smaller than the weights.
//
// Payload, before compression (little-endian):
//   "HPs" , u8 version (kFormatVersion, 4; version 1 had no tune_pool_size, versions 1
//   and 2 no keys_and_rhythm; version 3 histories add kEventRhythm, version 4 writes it in one byte)
//   varint count, then per parameter that differs from the defaults of the link's
//   version (DefaultConfig in config.h): string name, float64 value
//   notes (network_file.h): title and page settings
//   varint history length, history bytes (history.h)
//   u32 CRC-32 of everything before it (raw deflate has no checksum of its own)
// The link is "net=" + base64url(raw deflate(payload)), put after '#'.
// Compression is the caller's: zlib natively, CompressionStream('deflate-raw') on the page.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "network.h"
#include "network_file.h"

namespace hpiano {

constexpr uint8_t kShareVersion = kFormatVersion;
// A link's history is at most this long (4 MiB: hours of playing, ~20 epochs of
// the built-in tunes); larger networks travel as .hpn files (?src=). Fuzz builds
// set a few dozen bytes, so that each input replays in well under a millisecond.
#ifndef HPIANO_MAX_SHARE_HISTORY_BYTES
#define HPIANO_MAX_SHARE_HISTORY_BYTES (4u << 20)
#endif
constexpr size_t kMaxShareHistoryBytes = HPIANO_MAX_SHARE_HISTORY_BYTES;
// Decompressed payloads above this are refused before decoding.
constexpr size_t kMaxSharePayloadBytes = kMaxShareHistoryBytes + 64 * 1024;

std::vector<uint8_t> EncodeSharePayload(const Network& network, const NetworkNotes& notes);

// Rebuilds the network a payload describes into `out` (and its notes); on any
// error returns a message and leaves both untouched.
[[nodiscard]] std::string DecodeSharePayload(const std::vector<uint8_t>& payload, Network& out, NetworkNotes& notes);

std::string Base64UrlEncode(const std::vector<uint8_t>& bytes);
// "" or an error; `bytes` is untouched on error.
[[nodiscard]] std::string Base64UrlDecode(const std::string& text, std::vector<uint8_t>& bytes);

// "net=" + base64url(compressed).
std::string ShareFragment(const std::vector<uint8_t>& compressed);
// The compressed payload of a whole URL ("https://…/#net=…&…") or a bare
// fragment ("net=…" or "#net=…"); "" or an error.
[[nodiscard]] std::string CompressedFromLink(const std::string& link, std::vector<uint8_t>& compressed);

}  // namespace hpiano
