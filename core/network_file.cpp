#include "network_file.h"

#include <algorithm>
#include <cmath>

#include "bytes.h"

namespace hpiano {

namespace {

const uint8_t kMagic[4] = {'H', 'P', 'N', 0x1A};

}  // namespace

void WriteNotes(ByteWriter& writer, const NetworkNotes& notes) {
  writer.String(notes.title.substr(0, kMaxTitleBytes));
  const size_t count = std::min(notes.page_settings.size(), kMaxPageSettings);
  writer.VarUint(count);
  for (size_t i = 0; i < count; ++i) {
    writer.String(notes.page_settings[i].first.substr(0, kMaxSettingBytes));
    writer.String(notes.page_settings[i].second.substr(0, kMaxSettingBytes));
  }
}

std::string ReadNotes(ByteReader& reader, NetworkNotes& notes) {
  NetworkNotes read;
  read.title = reader.String(kMaxTitleBytes);
  const uint64_t count = reader.VarUint();
  if (!reader.ok() || count > kMaxPageSettings) return "bad title or page settings";
  for (uint64_t i = 0; i < count; ++i) {
    std::string key = reader.String(kMaxSettingBytes), value = reader.String(kMaxSettingBytes);
    read.page_settings.emplace_back(std::move(key), std::move(value));
  }
  if (!reader.ok()) return "bad page settings";
  notes = std::move(read);
  return "";
}

std::vector<uint8_t> NetworkFile::Save(const Network& network, const NetworkNotes& notes) {
  ByteWriter writer;
  writer.Bytes(kMagic, 4);
  writer.U32(kNetworkFileVersion);
  WriteConfig(writer, network.config());
  WriteConfig(writer, network.initial_config());
  network.WriteState(writer);
  WriteNotes(writer, notes);
  AppendCrc32(writer.bytes());
  return std::move(writer.bytes());
}

std::string NetworkFile::Load(const std::vector<uint8_t>& bytes, Network& out, NetworkNotes* notes_out) {
  if (bytes.size() < 12 || std::memcmp(bytes.data(), kMagic, 4) != 0) return "not a Hebbian Piano network file (.hpn)";
  ByteReader header(bytes.data() + 4, 4);
  const uint32_t version = header.U32();
  if (version > kNetworkFileVersion)
    return "the network file is version " + std::to_string(version) + ", newer than this program reads (" +
           std::to_string(kNetworkFileVersion) + "): update Hebbian Piano";
  if (version == 0) return "corrupt network file (version 0)";
  if (!EndsWithValidCrc32(bytes)) return "corrupt network file (checksum mismatch)";

  ByteReader reader(bytes.data() + 8, bytes.size() - 12);
  Config config;
  std::string error = ReadConfig(reader, config, version);
  if (!error.empty()) return "network file: " + error;
  Config initial_config;
  error = ReadConfig(reader, initial_config, version);
  if (!error.empty()) return "network file: initial " + error;
  Network network{Network::Unset()};
  error = network.Reset(initial_config);
  if (error.empty()) error = network.Adjust(config);  // refuses a config of another shape
  if (!error.empty()) return "network file: " + error;
  error = network.ReadState(reader, version);
  if (!error.empty()) return "corrupt network file: " + error;
  NetworkNotes read_notes;
  error = ReadNotes(reader, read_notes);
  if (!error.empty()) return "corrupt network file: " + error;
  if (!reader.AtEnd()) return "corrupt network file: truncated or trailing data";
  out = std::move(network);
  if (notes_out) *notes_out = std::move(read_notes);
  return "";
}

}  // namespace hpiano
