#include "share_link.h"

#include <algorithm>
#include <cstring>

#include "bytes.h"
#include "history.h"

namespace hpiano {

namespace {

const uint8_t kShareMagic[3] = {'H', 'P', 's'};
const char kBase64UrlAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

}  // namespace

std::vector<uint8_t> EncodeSharePayload(const Network& network, const NetworkNotes& notes) {
  ByteWriter writer;
  writer.Bytes(kShareMagic, 3);
  writer.U8(kShareVersion);
  WriteConfig(writer, network.initial_config(), /*only_changed=*/true);
  WriteNotes(writer, notes);
  writer.VarUint(network.history().size());
  writer.Bytes(network.history().data(), network.history().size());
  AppendCrc32(writer.bytes());
  return std::move(writer.bytes());
}

std::string DecodeSharePayload(const std::vector<uint8_t>& payload, Network& out, NetworkNotes& notes) {
  if (payload.size() < 8 || std::memcmp(payload.data(), kShareMagic, 3) != 0)
    return "this link does not hold a Hebbian Piano network";
  if (payload[3] > kShareVersion)
    return "this link was made by a newer Hebbian Piano (format " + std::to_string(payload[3]) + ")";
  if (payload[3] == 0) return "this link is damaged (format 0)";
  if (payload.size() > kMaxSharePayloadBytes) return "this link is too large";
  if (!EndsWithValidCrc32(payload)) return "this link is damaged (checksum mismatch)";

  ByteReader reader(payload.data() + 4, payload.size() - 8);
  Config initial;
  std::string error = ReadConfig(reader, initial, payload[3]);
  if (!error.empty()) return "this link's settings are invalid: " + error;
  NetworkNotes read_notes;
  error = ReadNotes(reader, read_notes);
  const uint64_t history_length = reader.VarUint();
  if (!error.empty() || !reader.ok() || history_length > kMaxShareHistoryBytes) return "this link is damaged";
  const uint8_t* history = reader.Take(history_length);
  if (!reader.AtEnd()) return "this link is damaged (wrong length)";
  // RebuildNetwork leaves `out` untouched on error.
  error = RebuildNetwork(initial, std::vector<uint8_t>(history, history + history_length), out);
  if (!error.empty()) return "this link's history is invalid: " + error;
  notes = std::move(read_notes);
  return "";
}

std::string Base64UrlEncode(const std::vector<uint8_t>& bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    const uint32_t group =
        (bytes[i] << 16) | (i + 1 < bytes.size() ? bytes[i + 1] << 8 : 0) | (i + 2 < bytes.size() ? bytes[i + 2] : 0);
    const size_t characters = std::min<size_t>(4, (bytes.size() - i) * 8 / 6 + 1);
    for (size_t c = 0; c < characters; ++c) text += kBase64UrlAlphabet[(group >> (18 - 6 * c)) & 63];
  }
  return text;
}

std::string Base64UrlDecode(const std::string& text, std::vector<uint8_t>& bytes) {
  std::vector<uint8_t> decoded;
  decoded.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;  // tolerate padding from other encoders
    const char* found = c ? std::strchr(kBase64UrlAlphabet, c) : nullptr;
    if (!found) return "the link has a character that is not base64url";
    buffer = (buffer << 6) | static_cast<uint32_t>(found - kBase64UrlAlphabet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded.push_back(static_cast<uint8_t>(buffer >> bits));
    }
  }
  if (bits >= 6) return "the link is cut off";  // a single leftover character holds no whole byte
  bytes = std::move(decoded);
  return "";
}

std::string ShareFragment(const std::vector<uint8_t>& compressed) { return "net=" + Base64UrlEncode(compressed); }

std::string CompressedFromLink(const std::string& link, std::vector<uint8_t>& compressed) {
  const size_t hash = link.find('#');
  const std::string fragment = hash == std::string::npos ? link : link.substr(hash + 1);
  size_t start = std::string::npos;
  for (size_t at = 0; at < fragment.size(); at = fragment.find('&', at) + 1) {
    if (fragment.compare(at, 4, "net=") == 0) start = at + 4;
    if (fragment.find('&', at) == std::string::npos) break;
  }
  if (start == std::string::npos) return "the link has no network in it (no net=)";
  const size_t end = fragment.find('&', start);
  return Base64UrlDecode(fragment.substr(start, end == std::string::npos ? std::string::npos : end - start),
                         compressed);
}

}  // namespace hpiano
