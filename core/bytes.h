// Little-endian byte writing and bounds-checked reading for the core's file
// and link formats. The reader never reads past its end: once a read fails it
// stays failed and returns zeros, and the caller checks ok() once.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

namespace hpiano {

class ByteWriter {
 public:
  ByteWriter() = default;
  // Appends to `bytes` (moved in; bytes() gives them back), so a writer that
  // adds a few bytes to a long buffer allocates nothing.
  explicit ByteWriter(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}
  void U8(uint8_t v) { bytes_.push_back(v); }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void U64(uint64_t v) {
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void F32(float v) {
    uint32_t bits;
    std::memcpy(&bits, &v, 4);
    U32(bits);
  }
  void F64(double v) {
    uint64_t bits;
    std::memcpy(&bits, &v, 8);
    U64(bits);
  }
  // Unsigned LEB128: 7 bits a byte, high bit set on all but the last.
  void VarUint(uint64_t v) {
    while (v >= 0x80) {
      U8(static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    U8(static_cast<uint8_t>(v));
  }
  void Bytes(const uint8_t* data, size_t size) { bytes_.insert(bytes_.end(), data, data + size); }
  void String(const std::string& s) {
    VarUint(s.size());
    Bytes(reinterpret_cast<const uint8_t*>(s.data()), s.size());
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
};

class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  bool ok() const { return ok_; }
  size_t position() const { return position_; }
  size_t remaining() const { return ok_ ? size_ - position_ : 0; }
  bool AtEnd() const { return ok_ && position_ == size_; }

  uint8_t U8() { return Take(1) ? data_[position_ - 1] : 0; }
  uint32_t U32() {
    uint32_t v = 0;
    if (Take(4))
      for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(data_[position_ - 4 + i]) << (8 * i);
    return v;
  }
  uint64_t U64() {
    uint64_t v = 0;
    if (Take(8))
      for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(data_[position_ - 8 + i]) << (8 * i);
    return v;
  }
  int32_t I32() { return static_cast<int32_t>(U32()); }
  float F32() {
    const uint32_t bits = U32();
    float v;
    std::memcpy(&v, &bits, 4);
    return v;
  }
  double F64() {
    const uint64_t bits = U64();
    double v;
    std::memcpy(&v, &bits, 8);
    return v;
  }
  uint64_t VarUint() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const uint8_t byte = U8();
      if (!ok_) return 0;
      v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if (!(byte & 0x80)) return v;
    }
    ok_ = false;  // more than 10 bytes: not a varint this format writes
    return 0;
  }
  // A string of at most max_length bytes.
  std::string String(size_t max_length) {
    const uint64_t length = VarUint();
    if (length > max_length || !Take(length)) {
      ok_ = false;
      return "";
    }
    return std::string(reinterpret_cast<const char*>(data_ + position_ - length), length);
  }
  const uint8_t* Take(uint64_t count) {
    if (!ok_ || count > size_ - position_) {
      ok_ = false;
      return nullptr;
    }
    position_ += count;
    return data_ + position_ - count;
  }
  void Fail() { ok_ = false; }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
  bool ok_ = true;
};

// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): detects every error
// burst of up to 32 bits, so every single-byte corruption.
uint32_t Crc32(const uint8_t* data, size_t size);

// Appends the CRC-32 of `bytes` to them, little-endian: how the .hpn file and the
// share payload end.
inline void AppendCrc32(std::vector<uint8_t>& bytes) {
  const uint32_t crc = Crc32(bytes.data(), bytes.size());
  for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<uint8_t>(crc >> (8 * i)));
}

// Whether `bytes` end with the CRC-32 of what comes before (AppendCrc32's check).
inline bool EndsWithValidCrc32(const std::vector<uint8_t>& bytes) {
  if (bytes.size() < 4) return false;
  const size_t body = bytes.size() - 4;
  ByteReader stored(bytes.data() + body, 4);
  return stored.U32() == Crc32(bytes.data(), body);
}

}  // namespace hpiano
