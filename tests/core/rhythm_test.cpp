#include "rhythm.h"

#include <gtest/gtest.h>

namespace hpiano {
namespace {

TEST(Rhythm, EachClassIsItsOwnNearestClass) {
  for (int c = 0; c < kRhythmClasses; ++c) EXPECT_EQ(RhythmClassOf(RhythmClassIoi(c)), c) << c;
  EXPECT_EQ(RhythmClassIoi(kOneBeatClass), Ioi{});
}

TEST(Rhythm, AnIoiGoesToTheNearestClassOnALogScale) {
  // 5/12 beat: |ln(5/12) - ln(1/3)| = 0.223 > |ln(5/12) - ln(1/2)| = 0.182, so 1/2, though 1/3 is nearer in beats.
  EXPECT_EQ(RhythmClassOf(5.0 / 12), 3);
  EXPECT_EQ(RhythmClassOf(0.9), kOneBeatClass);
  EXPECT_EQ(RhythmClassOf(1.2), kOneBeatClass);  // below sqrt(1 * 3/2) = 1.225
  EXPECT_EQ(RhythmClassOf(1.23), 7);             // 3/2
  EXPECT_EQ(RhythmClassOf(5), 11);               // above sqrt(4 * 6) = 4.9: 6 beats
  EXPECT_EQ(RhythmClassOf(0.01), 0);
  EXPECT_EQ(RhythmClassOf(100), 11);
}

TEST(Rhythm, OnlyAClasssOwnIoiIsExactlyAClass) {
  for (int c = 0; c < kRhythmClasses; ++c) EXPECT_TRUE(IsExactlyAClass(RhythmClassIoi(c))) << c;
  EXPECT_FALSE(IsExactlyAClass({5, 8}));
  EXPECT_FALSE(IsExactlyAClass({1, 48}));
  EXPECT_FALSE(IsExactlyAClass({5, 2}));
}

}  // namespace
}  // namespace hpiano
