#include "cli.h"

#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "midi_file.h"
#include "network_file.h"

namespace hpiano::cli {

namespace {

bool Contains(const std::vector<std::string>& names, const std::string& name) {
  for (const std::string& n : names)
    if (n == name) return true;
  return false;
}

}  // namespace

Options::Options(const std::vector<std::string>& args, const std::vector<std::string>& valued,
                 const std::vector<std::string>& flags) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.rfind("--", 0) != 0) {
      positional_.push_back(arg);
      continue;
    }
    const std::string name = arg.substr(2);
    if (Contains(flags, name)) {
      values_[name] = "";
    } else if (Contains(valued, name) || name == "set") {
      if (i + 1 >= args.size()) throw UsageError("option --" + name + " needs a value");
      if (name == "set")
        sets_.push_back(args[++i]);
      else
        values_[name] = args[++i];
    } else {
      throw UsageError("unknown option '" + arg + "' (see --help)");
    }
  }
}

std::string Options::Text(const std::string& name) const {
  const auto found = values_.find(name);
  if (found == values_.end()) throw UsageError("missing option --" + name);
  return found->second;
}

std::string Options::Text(const std::string& name, const std::string& fallback) const {
  return Has(name) ? Text(name) : fallback;
}

double Options::Number(const std::string& name, double fallback, double min, double max) const {
  if (!Has(name)) return fallback;
  const std::string text = Text(name);
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(value) || value < min || value > max) {
    std::ostringstream message;
    message << "bad value '" << text << "' for --" << name << " (expected a number from " << min << " to " << max
            << ")";
    throw UsageError(message.str());
  }
  return value;
}

long Options::Integer(const std::string& name, long fallback, long min, long max) const {
  const double value = Number(name, static_cast<double>(fallback), static_cast<double>(min), static_cast<double>(max));
  if (value != std::floor(value)) throw UsageError("bad value for --" + name + " (expected a whole number)");
  return static_cast<long>(value);
}

std::vector<uint8_t> ReadFileBytes(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw UsageError("cannot open '" + path + "': " + std::strerror(errno));
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) throw UsageError("cannot read '" + path + "'");
  return bytes;
}

void WriteFileBytes(const std::string& path, const std::vector<uint8_t>& bytes) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) throw UsageError("cannot write '" + path + "': " + std::strerror(errno));
    file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    file.close();  // flushes: a full disk shows here
    if (!file) {
      const int error = errno;
      std::remove(temporary.c_str());
      throw UsageError("cannot write '" + path + "'" + (error ? std::string(": ") + std::strerror(error) : ""));
    }
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw UsageError("cannot write '" + path + "': " + std::strerror(errno));
  }
}

std::string MelodyNameFromPath(const std::string& path) {
  std::string name = path.substr(path.find_last_of('/') + 1);
  name = name.substr(0, name.find_last_of('.'));
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') c = '_';
  return name.empty() ? "melody" : name;
}

std::vector<Melody> ReadCorpusFile(const std::string& path) {
  const std::vector<uint8_t> bytes = ReadFileBytes(path);
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), "MThd", 4) == 0) {
    return {ReadMidiFile(path, bytes, -1)};
  }
  std::vector<Melody> melodies;
  const std::string error = ParseCorpus(std::string(bytes.begin(), bytes.end()), melodies);
  if (!error.empty()) throw UsageError(path + ": " + error);
  if (melodies.empty()) throw UsageError(path + ": no melodies");
  return melodies;
}

Melody ReadMidiFile(const std::string& path, const std::vector<uint8_t>& bytes, int track) {
  Melody melody;
  const std::string error = ReadMidiMelody(bytes, track, melody);
  if (!error.empty()) throw UsageError(path + ": " + error);
  melody.name = MelodyNameFromPath(path);
  return melody;
}

Network LoadNetwork(const std::string& path, NetworkNotes* notes) {
  Network network{Network::Unset()};
  const std::string error = NetworkFile::Load(ReadFileBytes(path), network, notes);
  if (!error.empty()) throw UsageError(path + ": " + error);
  return network;
}

Config ConfigFromOptions(const Options& options) {
  Config config;
  if (options.Has("seed")) config.seed = static_cast<uint64_t>(options.Integer("seed", 1, 0, 9007199254740991L));
  for (const std::string& assignment : options.sets()) {
    const std::string error = SetParamFromText(config, assignment);
    if (!error.empty()) throw UsageError("--set " + assignment + ": " + error);
  }
  const std::string error = Validate(config);
  if (!error.empty()) throw UsageError(error);
  return config;
}

Melody ParseNoteList(const std::string& text, const std::string& option) {
  if (text.find_first_not_of(" ") == std::string::npos) return Melody{};
  std::vector<Melody> melodies;
  const std::string error = ParseCorpus("notes\t" + text, melodies);
  // ParseCorpus says "line 1: 'x' is not ..."; the option is the place here.
  if (!error.empty()) throw UsageError("--" + option + ": " + error.substr(error.find(": ") + 2));
  return melodies.empty() ? Melody{} : melodies.front();
}

}  // namespace hpiano::cli
