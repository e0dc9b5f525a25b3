// libFuzzer target: the share link (outside text and bytes).
// The fuzzer's bytes are a decompressed link payload without its final CRC-32,
// which is appended here so mutations reach the decoder and the history replay;
// the same bytes are also read as link text (URL and base64url parsing).
// Build and run with scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bytes.h"
#include "share_link.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> payload(data, data + size);
  hpiano::AppendCrc32(payload);
  hpiano::Network network{hpiano::Network::Unset()};
  hpiano::NetworkNotes notes;
  // The fuzzer looks for crashes and leaks; a refused input is the expected outcome.
  static_cast<void>(hpiano::DecodeSharePayload(payload, network, notes));

  std::vector<uint8_t> compressed;
  static_cast<void>(hpiano::CompressedFromLink(std::string(reinterpret_cast<const char*>(data), size), compressed));
  return 0;
}
