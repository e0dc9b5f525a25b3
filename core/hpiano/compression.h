// Raw deflate (RFC 1951, no zlib header), as the page's
// CompressionStream('deflate-raw') writes and reads it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace hpiano::cli {

std::vector<uint8_t> DeflateRaw(const std::vector<uint8_t>& bytes);
// "" or an error; refuses output beyond max_bytes (a small link must not
// inflate into gigabytes).
std::string InflateRaw(const std::vector<uint8_t>& compressed, size_t max_bytes, std::vector<uint8_t>& bytes);

}  // namespace hpiano::cli
