#include "corpus.h"

#include <sstream>

namespace hpiano {

namespace {

std::string ParseLine(const std::string& line, Melody& melody) {
  const size_t tab = line.find('\t');
  if (tab == std::string::npos) return "expected a name, a TAB, then MIDI note numbers";
  melody.name = line.substr(0, tab);
  if (melody.name.empty()) return "the melody has no name before the TAB";
  melody.notes.clear();
  size_t position = tab + 1;
  while (position < line.size()) {
    if (line[position] == ' ') {
      ++position;
      continue;
    }
    size_t end = position;
    int value = 0;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9' && end - position < 4)
      value = value * 10 + (line[end++] - '0');
    if (end == position || (end < line.size() && line[end] != ' ') || value > 127)
      return "'" + line.substr(position, line.find(' ', position) - position) + "' is not a MIDI note number 0-127";
    melody.notes.push_back(value);
    position = end;
  }
  if (melody.notes.empty()) return "the melody '" + melody.name + "' has no notes";
  return "";
}

}  // namespace

std::string ParseCorpus(const std::string& text, std::vector<Melody>& melodies) {
  melodies.clear();
  std::vector<Melody> parsed;
  std::istringstream lines(text);
  std::string line;
  int number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    Melody melody;
    const std::string error = ParseLine(line, melody);
    if (!error.empty()) return "line " + std::to_string(number) + ": " + error;
    parsed.push_back(std::move(melody));
  }
  melodies = std::move(parsed);
  return "";
}

std::string FormatMelody(const Melody& melody) {
  std::string line = melody.name + "\t";
  for (size_t i = 0; i < melody.notes.size(); ++i) line += (i ? " " : "") + std::to_string(melody.notes[i]);
  return line;
}

}  // namespace hpiano
