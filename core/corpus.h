// Melody corpus text: one melody per line, "name<TAB>n1 n2 ...", MIDI note numbers 0..127.
#pragma once

#include <string>
#include <vector>

namespace hpiano {

struct Melody {
  std::string name;
  std::vector<int> notes;  // MIDI note numbers
};

// Parses corpus text. Blank lines are skipped. On a bad line returns
// "line N: what is wrong" and leaves `melodies` empty.
[[nodiscard]] std::string ParseCorpus(const std::string& text, std::vector<Melody>& melodies);

// One corpus line, without the newline.
std::string FormatMelody(const Melody& melody);

}  // namespace hpiano
