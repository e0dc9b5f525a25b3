#include "rhythm.h"

#include <cmath>

namespace hpiano {

namespace {

constexpr Ioi kClassIois[kRhythmClasses] = {{1, 6}, {1, 4}, {1, 3}, {1, 2}, {2, 3}, {3, 4},
                                            {1, 1}, {3, 2}, {2, 1}, {3, 1}, {4, 1}, {6, 1}};

}  // namespace

Ioi RhythmClassIoi(int rhythm_class) { return kClassIois[rhythm_class]; }

// Class c is nearest on the log scale when beats lies below the geometric mean
// of c and c+1, sqrt(b_c * b_(c+1)); comparing beats^2 with b_c * b_(c+1) needs no logarithm.
int RhythmClassOf(double beats) {
  for (int c = 0; c + 1 < kRhythmClasses; ++c)
    if (beats * beats <= kClassIois[c].Beats() * kClassIois[c + 1].Beats()) return c;
  return kRhythmClasses - 1;
}

}  // namespace hpiano
