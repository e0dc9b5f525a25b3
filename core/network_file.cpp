#include "network_file.h"

#include <algorithm>
#include <cmath>

#include "bytes.h"

namespace hpiano {

namespace {

const uint8_t kMagic[4] = {'H', 'P', 'N', 0x1A};

void WriteSet(ByteWriter& writer, const Network& network, WeightSet set) {
  const std::vector<uint32_t>& usage = network.usage(set);
  const std::vector<float>& weights = network.weights(set);
  const int notes = network.note_count();
  uint64_t used = 0;
  for (uint32_t u : usage) used += u > 0;
  writer.VarUint(used);
  for (size_t cell = 0; cell < usage.size(); ++cell) {
    if (!usage[cell]) continue;
    writer.U32(static_cast<uint32_t>(cell));
    writer.U32(usage[cell]);
    for (int i = 0; i < notes; ++i) writer.F32(weights[cell * notes + i]);
  }
}

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
  WriteConfig(writer, network.config_);
  WriteConfig(writer, network.initial_config_);
  writer.U64(network.steps_);
  writer.I32(network.last_midi_);
  writer.F64(network.register_centre_);
  for (double bits : network.recent_bits_) writer.F64(bits);
  writer.U64(network.generator_.state());
  writer.U64(network.generator_.increment());
  for (int pool = 1; pool < network.pool_count(); ++pool)
    for (int cell : network.codes_[pool]) writer.U32(static_cast<uint32_t>(cell));
  for (double theta : network.thresholds_) writer.F64(theta);
  WriteSet(writer, network, WeightSet::kSlow);
  WriteSet(writer, network, WeightSet::kFast);
  writer.VarUint(network.history().size());
  writer.Bytes(network.history().data(), network.history().size());
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
  const ConfigFormat format = version == 1 ? ConfigFormat::kTunePoolAsLargeAsPools : ConfigFormat::kCurrent;
  std::string error = ReadConfig(reader, config, format);
  if (!error.empty()) return "network file: " + error;
  Config initial_config;
  error = ReadConfig(reader, initial_config, format);
  if (!error.empty()) return "network file: initial " + error;
  Network network{Network::Unset()};
  error = network.Reset(initial_config);
  if (error.empty()) error = network.Adjust(config);  // refuses a config of another shape
  if (!error.empty()) return "network file: " + error;
  const auto fail = [](const std::string& what) { return "corrupt network file: " + what; };

  network.steps_ = reader.U64();
  network.last_midi_ = reader.I32();
  network.register_centre_ = reader.F64();
  for (double& bits : network.recent_bits_) {
    bits = reader.F64();
    if (!(bits >= 0 && bits < 1e6)) return fail("recent prediction loss out of range");
  }
  const uint64_t state = reader.U64(), increment = reader.U64();
  network.generator_.Restore(state, increment);
  if (network.last_midi_ < 0 || network.last_midi_ > 127 || !std::isfinite(network.register_centre_))
    return fail("last note out of range");
  for (int pool = 1; pool < network.pool_count(); ++pool) {
    std::vector<int>& code = network.codes_[pool];
    for (int& cell : code) {
      const uint32_t value = reader.U32();
      if (value >= static_cast<uint32_t>(network.PoolSize(pool))) return fail("context cell out of range");
      if (&cell != code.data() && static_cast<int>(value) <= (&cell)[-1]) return fail("context cells out of order");
      cell = static_cast<int>(value);
    }
  }
  for (double& theta : network.thresholds_) {
    theta = reader.F64();
    if (!(std::fabs(theta) <= config.theta_max)) return fail("threshold out of range");
  }
  const int notes = network.note_count();
  for (int set = 0; set < 2; ++set) {
    const uint64_t used = reader.VarUint();
    const uint64_t entry_bytes = 8 + 4ull * notes;
    if (!reader.ok() || used > network.usage_[set].size() || used * entry_bytes > reader.remaining())
      return fail("bad count of used cells");
    int64_t previous = -1;
    for (uint64_t e = 0; e < used; ++e) {
      const uint32_t cell = reader.U32(), usage = reader.U32();
      if (cell >= network.usage_[set].size() || static_cast<int64_t>(cell) <= previous || usage == 0)
        return fail("bad weight entry");
      previous = cell;
      network.usage_[set][cell] = usage;
      if (set == 1) network.fast_used_cells_.push_back(static_cast<int>(cell));
      for (int i = 0; i < notes; ++i) {
        const float w = reader.F32();
        if (!(w >= 0.0f && w <= 1.0f)) return fail("weight outside [0, 1]");
        network.weights_[set][static_cast<size_t>(cell) * notes + i] = w;
      }
    }
  }
  const uint64_t history_length = reader.VarUint();
  const uint8_t* history = reader.Take(history_length);
  NetworkNotes read_notes;
  error = ReadNotes(reader, read_notes);
  if (!error.empty()) return fail(error);
  if (!reader.AtEnd()) return fail("truncated or trailing data");
  error = network.history_.Assign(std::vector<uint8_t>(history, history + history_length));
  if (!error.empty()) return fail(error);
  network.ComputeDrive();
  out = std::move(network);
  if (notes_out) *notes_out = std::move(read_notes);
  return "";
}

}  // namespace hpiano
