// Melody memory of the slow weights: taught the 24 built-in tunes, the network
// plays each back from its first notes after a new tune (fast weights cleared).
#include <gtest/gtest.h>

#include "corpus.h"
#include "evaluation.h"
#include "network.h"
#include "test_support.h"

namespace hpiano {
namespace {

using testing::BuiltinMelodies;
using testing::MakeNetwork;

constexpr int kPrime = 4, kPlay = 24, kEpochs = 5;

// Each tune taught kEpochs times, then played back from its first kPrime notes
// at temperature 0 from the slow weights alone.
Recall PlayBackFromSlowWeights(Config config, const std::vector<Melody>& tunes) {
  config.temperature = 0;
  Network network = MakeNetwork(config);
  Teach(network, tunes, kEpochs);
  return PlayBack(network, tunes, kPrime, kPlay);
}

// Fraction of the kPlay notes after each tune's first kPrime whose pitch class is right.
double RecallFromSlowWeights(const Config& config) {
  return PlayBackFromSlowWeights(config, BuiltinMelodies()).Fraction(kPlay);
}

TEST(Memory, TheTunePoolPlaysBackTwentyFourTaughtTunes) {
  // The tune pool recalls each tune from its start; without it, contexts of at
  // most slow_orders notes are shared between tunes, and the plain one-layer
  // network only knows which note tends to follow which.
  const double with_tune_pool = RecallFromSlowWeights(Config());
  Config without;
  without.tune_pool = 0;
  const double without_tune_pool = RecallFromSlowWeights(without);
  Config plain;
  plain.context_orders = 1;
  plain.slow_orders = 1;
  plain.tune_pool = 0;
  EXPECT_GE(with_tune_pool, 0.90);
  EXPECT_LT(without_tune_pool, with_tune_pool - 0.2);
  EXPECT_LT(RecallFromSlowWeights(plain), 0.30);
}

TEST(Memory, ATunePoolTooSmallForTheTunesConfusesThem) {
  // Each note of each tune takes k_context cells of the tune pool; in 256 cells
  // the 24 tunes' ~3,000 notes share cells, so one tune's context recalls another's.
  Config small;
  small.tune_pool_size = 256;
  EXPECT_LT(RecallFromSlowWeights(small), RecallFromSlowWeights(Config()) - 0.2);
}

// The timed built-in tunes (tests/core/fixtures/builtin_timed.txt).
std::vector<Melody> TimedBuiltinMelodies() {
  std::vector<Melody> melodies;
  const std::string error = ParseCorpus(
      testing::ReadText(std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/builtin_timed.txt"), melodies);
  EXPECT_EQ(error, "");
  return melodies;
}

// Fraction of the kPlay notes played in the tune's key and with its rhythm class.
double ExactRecallFromSlowWeights(const Config& config) {
  return PlayBackFromSlowWeights(config, TimedBuiltinMelodies()).ExactFraction(kPlay);
}

TEST(Memory, TheKeyAndRhythmTunePoolPlaysTaughtTunesInTheirKeysAndRhythm) {
  // Issue 10: at least 90% of the notes played exactly (key and rhythm class).
  // Without the key-and-rhythm tune pool (format 3's defaults) the interval
  // and rhythm neurons know contexts of a few notes only, shared between tunes;
  // chained on (key, rhythm) pairs, the first key or rhythm played wrong
  // derails the recall of the rest of the tune.
  const double with_tune_pool = ExactRecallFromSlowWeights(Config());
  EXPECT_GE(with_tune_pool, 0.90);
  Config without = Config();
  without.music_tune_pool_size = 0;
  EXPECT_LT(ExactRecallFromSlowWeights(without), with_tune_pool - 0.15);
  Config chained_on_keys = Config();
  chained_on_keys.music_tune_chain = 0;
  EXPECT_LT(ExactRecallFromSlowWeights(chained_on_keys), with_tune_pool);
}

}  // namespace
}  // namespace hpiano
