// libFuzzer target: the .hpn network file reader (outside bytes).
// The fuzzer's bytes are the file without its final CRC-32, which is appended
// here, so mutations reach the parser instead of dying at the checksum.
// Build and run with scripts/fuzz.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "bytes.h"
#include "network_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::vector<uint8_t> file(data, data + size);
  hpiano::AppendCrc32(file);
  hpiano::Network network{hpiano::Network::Unset()};
  hpiano::NetworkNotes notes;
  if (hpiano::NetworkFile::Load(file, network, &notes).empty()) {
    // A file that loads must give a usable network: one step of each kind.
    network.Step(60, true);
    network.Step(hpiano::kPlayOwn, false);
  }
  return 0;
}
