// Shared pieces of the hpiano command line tool: options, files, errors.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.h"
#include "corpus.h"
#include "network.h"
#include "network_file.h"

namespace hpiano::cli {

// A user error: printed as one line on stderr, exit status 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "--name value" options, bare "--flag"s, and repeatable "--set key=value".
class Options {
 public:
  // `valued` and `flags` list the option names (without "--") the command takes.
  Options(const std::vector<std::string>& args, const std::vector<std::string>& valued,
          const std::vector<std::string>& flags);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  // Arguments that are not options (a command that takes none refuses them).
  const std::vector<std::string>& positional() const { return positional_; }
  std::string Text(const std::string& name) const;  // required
  std::string Text(const std::string& name, const std::string& fallback) const;
  long Integer(const std::string& name, long fallback, long min, long max) const;
  double Number(const std::string& name, double fallback, double min, double max) const;
  const std::vector<std::string>& sets() const { return sets_; }

 private:
  std::map<std::string, std::string> values_;
  std::vector<std::string> sets_;
  std::vector<std::string> positional_;
};

std::vector<uint8_t> ReadFileBytes(const std::string& path);
// Writes through a temporary file and a rename, so a failure leaves no half file.
void WriteFileBytes(const std::string& path, const std::vector<uint8_t>& bytes);
// A corpus text file, or a Standard MIDI File (the melody of its first track
// with notes, with its timing).
std::vector<Melody> ReadCorpusFile(const std::string& path);
// The timed melody of `track` (-1: the first with notes) of the MIDI file `bytes`
// read from `path`, named after the path.
Melody ReadMidiFile(const std::string& path, const std::vector<uint8_t>& bytes, int track);
// A corpus name made of [A-Za-z0-9_-] from a file name: "Fair Wind.mid" -> "Fair_Wind".
std::string MelodyNameFromPath(const std::string& path);
// Reads a .hpn file; its title and page settings go to `notes` if given.
Network LoadNetwork(const std::string& path, NetworkNotes* notes = nullptr);
// Default config with --seed and every --set applied, validated.
Config ConfigFromOptions(const Options& options);
// Notes given in an option, as a corpus line's tokens ("62:1/2 64 66:3/2"); none
// is an empty melody. A bad token is an error naming the option.
Melody ParseNoteList(const std::string& text, const std::string& option);

}  // namespace hpiano::cli
