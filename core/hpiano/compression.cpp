#include "compression.h"

#include <zlib.h>

namespace hpiano::cli {

namespace {

constexpr int kRawDeflateWindowBits = -15;  // negative: raw deflate, no header or trailer

}  // namespace

std::string DeflateRaw(const std::vector<uint8_t>& bytes, std::vector<uint8_t>& compressed) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, kRawDeflateWindowBits, 9, Z_DEFAULT_STRATEGY) != Z_OK)
    return "cannot start compression";
  // deflateBound is enough for a single Z_FINISH call.
  std::vector<uint8_t> output(deflateBound(&stream, bytes.size()));
  stream.next_in = const_cast<Bytef*>(bytes.data());
  stream.avail_in = static_cast<uInt>(bytes.size());
  stream.next_out = output.data();
  stream.avail_out = static_cast<uInt>(output.size());
  const int status = deflate(&stream, Z_FINISH);
  output.resize(stream.total_out);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return "compression failed (zlib status " + std::to_string(status) + ")";
  compressed = std::move(output);
  return "";
}

std::string InflateRaw(const std::vector<uint8_t>& compressed, size_t max_bytes, std::vector<uint8_t>& bytes) {
  z_stream stream{};
  if (inflateInit2(&stream, kRawDeflateWindowBits) != Z_OK) return "cannot start decompression";
  std::vector<uint8_t> output;
  uint8_t chunk[16384];
  stream.next_in = const_cast<Bytef*>(compressed.data());
  stream.avail_in = static_cast<uInt>(compressed.size());
  int status = Z_OK;
  while (status == Z_OK) {
    stream.next_out = chunk;
    stream.avail_out = sizeof chunk;
    status = inflate(&stream, Z_NO_FLUSH);
    output.insert(output.end(), chunk, chunk + (sizeof chunk - stream.avail_out));
    if (output.size() > max_bytes) status = Z_MEM_ERROR;
    if (status == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) status = Z_BUF_ERROR;  // input ended early
  }
  inflateEnd(&stream);
  if (status == Z_MEM_ERROR) return "the link is too large";
  if (status != Z_STREAM_END) return "the link is damaged (not compressed data, or cut off)";
  bytes = std::move(output);
  return "";
}

}  // namespace hpiano::cli
