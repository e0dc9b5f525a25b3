#include "corpus.h"

#include <algorithm>
#include <numeric>

namespace hpiano {

namespace {

// Largest numerator or denominator of an IOI: a day of beats, and far finer than any tuplet.
constexpr int kMaxIoiPart = 100000;

// Reads a whole number of at most `max` at text[position..], advancing position; false if none.
bool ReadNumber(const std::string& text, size_t& position, int max, int& value) {
  const size_t start = position;
  long number = 0;
  while (position < text.size() && text[position] >= '0' && text[position] <= '9' && number <= max)
    number = number * 10 + (text[position++] - '0');
  value = static_cast<int>(number);
  return position > start && number <= max;
}

// One token, "MIDI" or "MIDI:N" or "MIDI:N/D"; "" or what is wrong.
std::string ParseToken(const std::string& token, int& note, Ioi& ioi) {
  size_t position = 0;
  if (!ReadNumber(token, position, 127, note) || (position < token.size() && token[position] != ':'))
    return "'" + token + "' is not a MIDI note number 0-127 (optionally :IOI)";
  ioi = Ioi{};
  if (position == token.size()) return "";
  ++position;  // ':'
  int numerator = 0, denominator = 1;
  bool ok = ReadNumber(token, position, kMaxIoiPart, numerator);
  if (ok && position < token.size() && token[position] == '/') {
    ++position;
    ok = ReadNumber(token, position, kMaxIoiPart, denominator);
  }
  if (!ok || position != token.size() || numerator == 0 || denominator == 0)
    return "'" + token + "' has no valid IOI (beats > 0: a whole number or a fraction like 1/2)";
  const int divisor = std::gcd(numerator, denominator);
  ioi = {numerator / divisor, denominator / divisor};
  return "";
}

std::string ParseLine(const std::string& line, Melody& melody) {
  const size_t tab = line.find('\t');
  if (tab == std::string::npos) return "expected a name, a TAB, then MIDI note numbers";
  melody.name = line.substr(0, tab);
  if (melody.name.empty()) return "the melody has no name before the TAB";
  melody.notes.clear();
  melody.iois.clear();
  size_t position = tab + 1;
  while (position < line.size()) {
    if (line[position] == ' ') {
      ++position;
      continue;
    }
    const size_t end = std::min(line.find(' ', position), line.size());
    int note = 0;
    Ioi ioi;
    const std::string error = ParseToken(line.substr(position, end - position), note, ioi);
    if (!error.empty()) return error;
    melody.notes.push_back(note);
    melody.iois.push_back(ioi);
    position = end;
  }
  if (melody.notes.empty()) return "the melody '" + melody.name + "' has no notes";
  return "";
}

}  // namespace

std::string ParseCorpus(const std::string& text, std::vector<Melody>& melodies) {
  melodies.clear();
  std::vector<Melody> parsed;
  // Lines split by hand, not with a stream: iostreams would add tens of KB to the page's core.wasm.
  int number = 0;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
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
  for (size_t i = 0; i < melody.notes.size(); ++i) {
    line += (i ? " " : "") + std::to_string(melody.notes[i]);
    const Ioi ioi = IoiAt(melody, i);
    if (ioi == Ioi{}) continue;
    line += ":" + std::to_string(ioi.numerator);
    if (ioi.denominator != 1) line += "/" + std::to_string(ioi.denominator);
  }
  return line;
}

}  // namespace hpiano
