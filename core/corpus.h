// Melody corpus text: one melody per line, "name<TAB>t1 t2 ...". A token is a MIDI
// note number 0..127, or "MIDI:IOI" with IOI the beats from this note's onset to the
// next one's, a whole number or a fraction ("62:1/2", "67:3/2"); a token without
// IOI lasts one beat, so an untimed line is one note per beat.
#pragma once

#include <string>
#include <vector>

#include "rhythm.h"

namespace hpiano {

// Largest numerator or denominator of an IOI: a day of beats, and far finer than any tuplet.
constexpr int kMaxIoiPart = 100000;

struct Melody {
  std::string name;
  std::vector<int> notes;  // MIDI note numbers
  // IOI of each note, beats (reduced); empty = one beat each (melodies from MIDI files
  // or the page that carry no timing).
  std::vector<Ioi> iois;
};

// IOI of note i: iois[i], or one beat when the melody has none.
inline Ioi IoiAt(const Melody& melody, size_t i) { return i < melody.iois.size() ? melody.iois[i] : Ioi{}; }
// Rhythm class of the IOI that ends at note i (from note i-1's onset), kNoRhythm for the first note.
inline int RhythmBefore(const Melody& melody, size_t i) {
  return i == 0 ? kNoRhythm : RhythmClassOf(IoiAt(melody, i - 1));
}

// Parses corpus text. Blank lines are skipped. On a bad line returns
// "line N: what is wrong" (naming the bad token) and leaves `melodies` empty.
[[nodiscard]] std::string ParseCorpus(const std::string& text, std::vector<Melody>& melodies);

// One corpus line, without the newline; a note of one beat is written without
// its IOI, or as MIDI:1 with `every_ioi` (as the timed corpus files write it).
std::string FormatMelody(const Melody& melody, bool every_ioi = false);

}  // namespace hpiano
