// Behaviour of the network, step by step, as MODEL.md describes it.
#include "network.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "evaluation.h"
#include "network_file.h"
#include "test_support.h"

namespace hpiano {
namespace {

using testing::BuiltinMelodies;
using testing::Hear;
using testing::MakeNetwork;
using testing::SmallConfig;

constexpr int C4 = 60, D4 = 62, E4 = 64, G4 = 67;

TEST(Centring, CentredValuesAreActivationsMinusTheirMean) {
  Network network = MakeNetwork(Config());
  Hear(network, {C4, E4, G4, C4, E4, G4, C4, E4});
  const std::vector<double>& a = network.activation();
  const double mean = std::accumulate(a.begin(), a.end(), 0.0) / a.size();
  EXPECT_NEAR(network.mean_activation(), mean, 1e-12);
  double centred_sum = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(network.centred()[i], a[i] - mean, 1e-12);
    EXPECT_NEAR(a[i], std::log(network.prediction()[i]), 1e-12);
    centred_sum += network.centred()[i];
  }
  EXPECT_NEAR(centred_sum, 0.0, 1e-9);
  // Learning made the activations unequal, so centring is not trivially zero.
  EXPECT_GT(*std::max_element(a.begin(), a.end()) - *std::min_element(a.begin(), a.end()), 1.0);
}

TEST(KWinners, KeepsExactlyKLargestAboveThreshold) {
  const std::vector<double> values = {0.5, 3.0, -1.0, 2.0, 2.0, 0.1, 7.0};
  EXPECT_EQ(KWinners(values, 3, 0.0), (std::vector<int>{6, 1, 3}));  // the tie of 2.0 goes to the lower index
  EXPECT_EQ(KWinners(values, 1, 0.0), (std::vector<int>{6}));
  EXPECT_EQ(KWinners(values, 5, 1.0), (std::vector<int>{6, 1, 3, 4}));  // only four pass 1.0
  EXPECT_TRUE(KWinners(values, 3, 10.0).empty());
}

TEST(KWinners, EveryPoolFiresExactlyKContextCells) {
  Config config = SmallConfig();
  config.k_context = 5;
  Network network = MakeNetwork(config);
  Hear(network, {C4, D4, E4, C4, G4});
  for (int pool = 1; pool < network.pool_count(); ++pool) {
    const std::vector<int>& code = network.code(pool);
    EXPECT_EQ(code.size(), 5u) << "pool " << pool;
    EXPECT_EQ(std::set<int>(code.begin(), code.end()).size(), 5u);
  }
}

TEST(ContextPools, SameLastNotesGiveSameCellsWhateverCameBefore) {
  Network first = MakeNetwork(Config()), second = MakeNetwork(Config());
  Hear(first, {C4, C4, D4, 71, 65, E4, G4, D4}, false);
  Hear(second, {69, 57, 70, 62, 59, E4, G4, D4}, false);
  // Both end with E G D: pools 1..3 agree, pool 4 (which also remembers 65 or 59) does not.
  for (int pool = 1; pool <= 3; ++pool) EXPECT_EQ(first.code(pool), second.code(pool)) << "pool " << pool;
  for (int pool = 4; pool <= 8; ++pool) EXPECT_NE(first.code(pool), second.code(pool)) << "pool " << pool;
}

TEST(ContextPools, DifferentContextsGiveDifferentCells) {
  // All 144 two-note contexts give 144 different codes in pool 2.
  std::set<std::vector<int>> codes;
  for (int a = 0; a < 12; ++a) {
    for (int b = 0; b < 12; ++b) {
      Network network = MakeNetwork(Config());
      Hear(network, {60 + a, 60 + b}, false);
      codes.insert(network.code(2));
    }
  }
  EXPECT_EQ(codes.size(), 144u);
}

TEST(Thresholds, ANoteFiringEveryStepRisesAndASilentOneFalls) {
  Network network = MakeNetwork(Config());
  const std::vector<double> before = network.thresholds();
  for (int i = 0; i < 50; ++i) network.Step(C4, false);  // frozen: it keeps expecting every note equally
  EXPECT_GT(network.thresholds()[0], before[0] + 0.5);
  for (int note = 1; note < 12; ++note) EXPECT_LT(network.thresholds()[note], before[note] - 0.05);
  EXPECT_LE(network.thresholds()[0], network.config().theta_max);
}

TEST(Thresholds, BreakALoopWhenPlayingOnItsOwn) {
  // Taught only "C D", arg-max playing would repeat C D forever; homeostasis
  // makes notes that fire beyond expectation harder to fire, so others get a turn.
  Config config;
  config.theta_rate = 0.5;
  Network network = MakeNetwork(config);
  for (int i = 0; i < 3; ++i) Hear(network, {C4, D4}, false);
  std::set<int> played;
  for (int i = 0; i < 40; ++i) played.insert(network.Step(kPlayOwn, false) % 12);
  EXPECT_GT(played.size(), 2u);
}

TEST(Learning, AfterHearingCThenEItExpectsEWhenCIsHeard) {
  Network network = MakeNetwork(Config());
  for (int i = 0; i < 20; ++i) {
    network.NewTune();
    Hear(network, {G4, C4, E4, D4});
  }
  network.NewTune();
  Hear(network, {D4, C4}, false);  // a context it never heard before C: only "C" is familiar
  const std::array<double, kPitchClasses> p = network.PitchClassPrediction();
  EXPECT_EQ(std::max_element(p.begin(), p.end()) - p.begin(), 4);  // E
  EXPECT_GT(p[4], 0.5);
}

TEST(Learning, OutstarWeightIsTheFrequencyItsNoteFollowedItsContext) {
  Network network = MakeNetwork(Config());
  // After C: E three times, G once, D once.
  const std::vector<int> followers = {E4, G4, E4, D4, E4};
  for (int next : followers) {
    network.NewTune();
    network.Step(C4, true);
    network.Step(next, true);
  }
  network.NewTune();
  network.Step(C4, false);
  const int pool = 1;  // "the last note was C"
  for (int cell : network.code(pool)) {
    const int global = 1 + cell;  // pool 1 starts at cell 1
    EXPECT_EQ(network.usage(WeightSet::kSlow)[global], 5u);
    const float* w = &network.weights(WeightSet::kSlow)[global * 12];
    EXPECT_NEAR(w[4], 3.0 / 5, 1e-6);
    EXPECT_NEAR(w[7], 1.0 / 5, 1e-6);
    EXPECT_NEAR(w[2], 1.0 / 5, 1e-6);
    EXPECT_NEAR(w[0], 0.0, 1e-6);
  }
}

TEST(Learning, FrozenNetworkChangesNoWeight) {
  Network network = MakeNetwork(SmallConfig());
  Hear(network, {C4, E4, G4});
  const std::vector<float> slow = network.weights(WeightSet::kSlow), fast = network.weights(WeightSet::kFast);
  Hear(network, {D4, D4, C4, 71}, false);
  EXPECT_EQ(network.weights(WeightSet::kSlow), slow);
  EXPECT_EQ(network.weights(WeightSet::kFast), fast);
}

TEST(Learning, NewTuneClearsFastWeightsAndRestKeepsThem) {
  Network network = MakeNetwork(Config());
  Hear(network, {C4, E4, G4, C4});
  auto used = [&network] {
    const std::vector<uint32_t>& u = network.usage(WeightSet::kFast);
    return std::count_if(u.begin(), u.end(), [](uint32_t v) { return v > 0; });
  };
  EXPECT_GT(used(), 0);
  network.Rest();
  EXPECT_GT(used(), 0);
  network.NewTune();
  EXPECT_EQ(used(), 0);
  EXPECT_GT(network.usage(WeightSet::kSlow)[0], 0u);  // slow weights stay
}

// FirstOrderWeights is kept between calls: it follows every change of the
// weights it reads (learning; a new tune clearing the fast weights, which it
// reads when the slow weights read no pool) as one built afresh does.
TEST(Learning, FirstOrderWeightsFollowEveryChangeOfTheWeights) {
  for (int slow_orders : {2, 0}) {
    Config config = SmallConfig();
    config.slow_orders = slow_orders;
    Network network = MakeNetwork(config);
    const auto expect_as_built_afresh = [&network](const char* after) {
      Network fresh{Network::Unset()};
      ASSERT_EQ(NetworkFile::Load(NetworkFile::Save(network), fresh), "");
      EXPECT_EQ(network.FirstOrderWeights(), fresh.FirstOrderWeights()) << "after " << after;
    };
    const std::vector<float> untaught = network.FirstOrderWeights();
    Hear(network, {C4, E4, G4, C4, E4});
    expect_as_built_afresh("learning");
    EXPECT_NE(network.FirstOrderWeights(), untaught);
    Hear(network, {D4, C4}, false);
    expect_as_built_afresh("hearing without learning");
    network.NewTune();
    expect_as_built_afresh("a new tune");
    if (slow_orders == 0) {
      EXPECT_EQ(network.FirstOrderWeights(), untaught) << "the fast weights were cleared";
    }
  }
}

// Plays `melody` back after one hearing, primed with its first note; returns
// the fraction of the remaining notes whose pitch class is right, in order.
double PlaybackAccuracy(Network& network, const std::vector<int>& melody) {
  network.NewTune();
  Hear(network, melody);
  network.Rest();
  network.Step(melody[0], false);
  int right = 0;
  for (size_t i = 1; i < melody.size(); ++i) right += network.Step(kPlayOwn, false) % 12 == melody[i] % 12;
  return static_cast<double>(right) / (melody.size() - 1);
}

TEST(Memory, PlaysBackAThirtyNoteMelodyAfterOneHearing) {
  // "Twinkle twinkle": 64 62 60 ... repeated notes followed by different ones.
  const std::vector<int> melody = {60, 60, 67, 67, 69, 69, 67, 65, 65, 64, 64, 62, 62, 60, 67, 67,
                                   65, 65, 64, 64, 62, 67, 67, 65, 65, 64, 64, 62, 60, 60, 67, 67};
  Config config;
  config.temperature = 0;  // plays its top candidate
  Network network = MakeNetwork(config);
  EXPECT_GE(PlaybackAccuracy(network, melody), 0.9);
  // A note followed by different notes needs more than the last note: the
  // plain one-layer network cannot play it back.
  Config plain = config;
  plain.context_orders = 1;
  plain.slow_orders = 1;
  plain.tune_pool = 0;
  Network one_layer = MakeNetwork(plain);
  EXPECT_LT(PlaybackAccuracy(one_layer, melody), 0.7);
}

TEST(Stability, AMillionExtremeStepsKeepWeightsInRange) {
  Config config = SmallConfig();
  config.pool_size = 16;
  config.k_context = 8;
  config.rate_floor = 1;  // every update overwrites the row
  config.theta_rate = 1;
  config.theta_max = 100;
  config.temperature = 100;
  config.mix_sharpness = 16;
  config.k_notes = 12;
  Network network = MakeNetwork(config);
  for (int i = 0; i < 1000000; ++i) {
    if (i % 997 == 0) network.NewTune();
    network.Step(i % 3 == 0 ? kPlayOwn : (i * 7919) % 128, true);
  }
  for (WeightSet set : {WeightSet::kSlow, WeightSet::kFast})
    for (float w : network.weights(set)) ASSERT_TRUE(w >= 0.0f && w <= 1.0f);
  // Pool 0's slow cell heard every step: its count is exact, no wrap-around.
  EXPECT_EQ(network.usage(WeightSet::kSlow)[0], 1000000u);
  for (double p : network.prediction()) ASSERT_TRUE(std::isfinite(p) && p > 0);
  for (double theta : network.thresholds()) ASSERT_TRUE(std::fabs(theta) <= 100);
}

TEST(Determinism, SameSeedSameNotesDifferentSeedDifferentNotes) {
  auto play = [](uint64_t seed) {
    Config config;
    config.temperature = 1;
    Network network = MakeNetwork(config);
    Hear(network, BuiltinMelodies()[0].notes);
    network.Reseed(seed);
    network.Rest();
    std::vector<int> notes;
    for (int i = 0; i < 200; ++i) notes.push_back(network.Step(kPlayOwn, false));
    return notes;
  };
  EXPECT_EQ(play(7), play(7));
  EXPECT_NE(play(7), play(8));
}

// Bits (-log2 p of the true pitch class) of each prediction of online
// learning (predict, then learn) over `melodies`, in order.
std::vector<double> OnlineBits(const std::vector<Melody>& melodies) {
  Network network = MakeNetwork(Config());
  std::vector<double> bits;
  Evaluate(network, melodies, true,
           [&bits](int, int, int truth, const std::array<double, 12>& p) { bits.push_back(-std::log2(p[truth])); });
  return bits;
}

double Mean(std::vector<double>::const_iterator begin, std::vector<double>::const_iterator end) {
  return std::accumulate(begin, end, 0.0) / static_cast<double>(end - begin);
}

TEST(OnlineLearning, TunesHeardLaterArePredictedBetterThanFromScratch) {
  // The 24 tunes differ in how predictable they are (top-1 from 40% to 83%
  // within one tune), so each half is compared with itself: heard second,
  // after the other half, against heard first by a network that knows nothing.
  const std::vector<Melody> tunes = BuiltinMelodies();
  const std::vector<Melody> first_half(tunes.begin(), tunes.begin() + 12), second_half(tunes.begin() + 12, tunes.end());
  std::vector<Melody> reversed = second_half;
  reversed.insert(reversed.end(), first_half.begin(), first_half.end());
  const std::vector<double> in_order = OnlineBits(tunes), swapped = OnlineBits(reversed);
  long first_notes = 0;
  for (const Melody& melody : first_half) first_notes += static_cast<long>(melody.notes.size());
  const long second_notes = static_cast<long>(in_order.size()) - first_notes;
  const double second_heard_late = Mean(in_order.begin() + first_notes, in_order.end());
  const double second_heard_first = Mean(swapped.begin(), swapped.begin() + second_notes);
  const double first_heard_late = Mean(swapped.begin() + second_notes, swapped.end());
  const double first_heard_first = Mean(in_order.begin(), in_order.begin() + first_notes);
  EXPECT_LT(second_heard_late, second_heard_first - 0.02);
  EXPECT_LT(first_heard_late, first_heard_first - 0.02);
}

// The slow weights have rows only for the pools they read (0..slow_orders and the tune pool), the fast weights for
// pools 0..context_orders; a file keeps the numbering where the slow set spanned every context pool, so a network
// with fewer slow pools saves and opens to the same weights and predictions.
TEST(Network, TheSlowWeightsHaveRowsOnlyForThePoolsTheyRead) {
  Config config = testing::SmallConfig();
  config.slow_orders = 1;
  Network network(Network::Unset{});
  ASSERT_EQ(network.Reset(config), "");
  EXPECT_EQ(network.cell_count(WeightSet::kSlow), 1 + config.pool_size + config.tune_pool_size);
  EXPECT_EQ(network.cell_count(WeightSet::kFast), 1 + config.context_orders * config.pool_size);
  for (int round = 0; round < 2; ++round)
    for (int key : {60, 62, 64, 65, 67, 65, 64, 62}) network.Step(key, true);
  const std::vector<uint8_t> bytes = NetworkFile::Save(network);
  Network loaded(Network::Unset{});
  ASSERT_EQ(NetworkFile::Load(bytes, loaded), "");
  EXPECT_EQ(loaded.weights(WeightSet::kSlow), network.weights(WeightSet::kSlow));
  EXPECT_EQ(loaded.usage(WeightSet::kSlow), network.usage(WeightSet::kSlow));
  EXPECT_EQ(loaded.prediction(), network.prediction());
  EXPECT_EQ(NetworkFile::Save(loaded), bytes);
}

}  // namespace
}  // namespace hpiano
