#include "corpus.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace hpiano {
namespace {

TEST(Corpus, ReadsNamesAndNotesSkippingBlankLinesAndCarriageReturns) {
  std::vector<Melody> melodies;
  ASSERT_EQ(ParseCorpus("a\t60 62 64\r\n\nb_2\t127 0\n", melodies), "");
  ASSERT_EQ(melodies.size(), 2u);
  EXPECT_EQ(melodies[0].name, "a");
  EXPECT_EQ(melodies[0].notes, (std::vector<int>{60, 62, 64}));
  EXPECT_EQ(melodies[1].notes, (std::vector<int>{127, 0}));
  EXPECT_EQ(FormatMelody(melodies[0]), "a\t60 62 64");
}

TEST(Corpus, ABadLineIsReportedWithItsNumber) {
  std::vector<Melody> melodies;
  EXPECT_EQ(ParseCorpus("a\t60\nb\t60 128\n", melodies).rfind("line 2:", 0), 0u);
  EXPECT_TRUE(melodies.empty());
  EXPECT_EQ(ParseCorpus("a\t60\n\nno tab here\n", melodies).rfind("line 3:", 0), 0u);
  EXPECT_EQ(ParseCorpus("a\t60 x1\n", melodies).rfind("line 1:", 0), 0u);
  EXPECT_EQ(ParseCorpus("a\t-3\n", melodies).rfind("line 1:", 0), 0u);
  EXPECT_EQ(ParseCorpus("a\t\n", melodies).rfind("line 1:", 0), 0u);
  EXPECT_EQ(ParseCorpus("\t60\n", melodies).rfind("line 1:", 0), 0u);
}

TEST(Corpus, TheBuiltInTunesAreAllThere) {
  const std::vector<Melody> tunes = testing::BuiltinMelodies();
  ASSERT_EQ(tunes.size(), 24u);
  for (const Melody& tune : tunes) {
    EXPECT_EQ(tune.name.rfind("cre_", 0), 0u);
    EXPECT_GE(tune.notes.size(), 48u);
  }
}

}  // namespace
}  // namespace hpiano
