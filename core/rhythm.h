// Rhythm classes: the twelve inter-onset intervals (IOIs, in quarter-note beats)
// that the rhythm neurons stand for. 99.4% of the timed corpus's IOIs are exactly one of them.
#pragma once

namespace hpiano {

constexpr int kRhythmClasses = 12;
// The class of one beat: what a note of an untimed corpus line lasts.
constexpr int kOneBeatClass = 6;
// Step's rhythm argument: no IOI ended at this note (a tune's first note, a note
// after a rest), or let the network choose it when it plays.
constexpr int kNoRhythm = -1;
constexpr int kChooseRhythm = -2;

// Whether `rhythm` is a rhythm class (0..11), not kNoRhythm or any other value.
constexpr bool IsRhythmClass(int rhythm) { return rhythm >= 0 && rhythm < kRhythmClasses; }

// An IOI as a reduced fraction of beats, numerator / denominator > 0.
struct Ioi {
  int numerator = 1;
  int denominator = 1;
  double Beats() const { return static_cast<double>(numerator) / denominator; }
  bool operator==(const Ioi& other) const { return numerator == other.numerator && denominator == other.denominator; }
};

// Beats of class c (0..11): 1/6, 1/4, 1/3, 1/2, 2/3, 3/4, 1, 3/2, 2, 3, 4, 6.
Ioi RhythmClassIoi(int rhythm_class);

// The class nearest `beats` (> 0) on a log scale: argmin |ln beats - ln class|,
// ties to the shorter class.
int RhythmClassOf(double beats);
inline int RhythmClassOf(const Ioi& ioi) { return RhythmClassOf(ioi.Beats()); }

}  // namespace hpiano
