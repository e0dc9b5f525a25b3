// Raw deflate (RFC 1951, no zlib header), as the page's
// CompressionStream('deflate-raw') writes and reads it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hpiano::cli {

// "" or an error (then `compressed` is untouched).
[[nodiscard]] std::string DeflateRaw(const std::vector<uint8_t>& bytes, std::vector<uint8_t>& compressed);
// "" or an error; refuses output beyond max_bytes (a small link must not
// inflate into gigabytes).
[[nodiscard]] std::string InflateRaw(const std::vector<uint8_t>& compressed, size_t max_bytes,
                                     std::vector<uint8_t>& bytes);

}  // namespace hpiano::cli
