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

TEST(Corpus, ReadsTimedTokensAsReducedBeats) {
  std::vector<Melody> melodies;
  ASSERT_EQ(ParseCorpus("jig\t62:1/2 67:3/2 60:2 64:2/4 65\n", melodies), "");
  ASSERT_EQ(melodies.size(), 1u);
  EXPECT_EQ(melodies[0].notes, (std::vector<int>{62, 67, 60, 64, 65}));
  const std::vector<Ioi> iois = {{1, 2}, {3, 2}, {2, 1}, {1, 2}, {1, 1}};
  EXPECT_EQ(melodies[0].iois, iois);
  // A note of one beat is written without its IOI, so untimed corpora come out as they went in.
  EXPECT_EQ(FormatMelody(melodies[0]), "jig\t62:1/2 67:3/2 60:2 64:1/2 65");
  EXPECT_EQ(RhythmBefore(melodies[0], 0), kNoRhythm);
  EXPECT_EQ(RhythmBefore(melodies[0], 2), RhythmClassOf(Ioi{3, 2}));
}

TEST(Corpus, AnUntimedLineIsOneBeatPerNote) {
  std::vector<Melody> melodies;
  ASSERT_EQ(ParseCorpus("a\t60 62 64\n", melodies), "");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(IoiAt(melodies[0], i), Ioi{});
  // Melodies from elsewhere (MIDI files) may carry no IOIs at all: one beat each too.
  EXPECT_EQ(IoiAt(Melody{"m", {60, 62}, {}}, 1), Ioi{});
  EXPECT_EQ(RhythmBefore(Melody{"m", {60, 62}, {}}, 1), kOneBeatClass);
}

TEST(Corpus, ABadTokenIsReportedWithItsLineAndTheToken) {
  std::vector<Melody> melodies;
  for (const std::string token : {"62:0", "62:x", "62:1/0", "62:", "62:1/2/3", "62:-1", "62:1/", "128:1", ":1"}) {
    const std::string error = ParseCorpus("a\t60:1\nb\t60 " + token + " 64\n", melodies);
    EXPECT_EQ(error.rfind("line 2:", 0), 0u) << token << ": " << error;
    EXPECT_NE(error.find("'" + token + "'"), std::string::npos) << error;
    EXPECT_TRUE(melodies.empty());
  }
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
