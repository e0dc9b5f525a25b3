// The interval and rhythm neurons (key_rhythm.h, population.h): they hear,
// predict and play exact keys and rhythm classes.
#include "key_rhythm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <set>

#include "evaluation.h"
#include "network.h"
#include "network_file.h"
#include "share_link.h"
#include "test_support.h"

namespace hpiano {
namespace {

Config SmallTimedConfig() { return testing::SmallConfig(); }

// A tune with octave leaps (so the nearest octave is often wrong; none beyond
// interval_range) and a dotted rhythm, its 16 notes heard four times.
Melody LeapingJig() {
  Melody tune{"leaping", {}, {}};
  const int keys[] = {62, 74, 69, 66, 78, 74, 69, 57, 62, 74, 69, 81, 79, 67, 64, 62};
  const Ioi iois[] = {{1, 2}, {1, 2}, {1, 2}, {1, 1}, {1, 2}, {3, 2}, {1, 2}, {1, 4}};
  for (int bar = 0; bar < 4; ++bar)
    for (int i = 0; i < 16; ++i) {
      tune.notes.push_back(keys[i]);
      tune.iois.push_back(iois[i % 8]);
    }
  return tune;
}

TEST(HashedChain, PoolMCodesExactlyTheLastMSymbols) {
  HashedChain chain;
  chain.Reset(3, 1024, 4, 7, 0x100, 1);
  const auto codes_after = [&chain](const std::vector<int>& symbols) {
    chain.Clear(99);
    for (int symbol : symbols) chain.Advance(symbol);
    return std::vector<std::vector<int>>{chain.code(1), chain.code(2), chain.code(3)};
  };
  const auto a = codes_after({1, 2, 3, 4}), b = codes_after({9, 2, 3, 4}), c = codes_after({9, 9, 3, 4});
  EXPECT_EQ(a[2], b[2]);  // same last 3 symbols, whatever came before
  EXPECT_EQ(a[1], c[1]);  // same last 2
  EXPECT_NE(a[2], c[2]);  // the third last differs
  for (const auto& code : a) {
    EXPECT_EQ(code.size(), 4u);
    EXPECT_EQ(std::set<int>(code.begin(), code.end()).size(), 4u);  // k distinct cells
  }
  std::vector<int> first;
  chain.FirstPoolCode(4, first);
  EXPECT_EQ(first, a[0]);
}

TEST(Population, OutstarWeightsCountWhatFollowedAndThePredictionSumsToOne) {
  Config config;
  Population population;
  population.Reset(5, 1, 1);
  const std::vector<PoolView> no_pools;
  for (int neuron : {2, 2, 2, 4}) {
    population.Predict(no_pools, config);
    population.Learn(neuron, no_pools, config);
    population.Fired(neuron, config);
  }
  population.Predict(no_pools, config);
  const std::vector<double>& p = population.prediction();
  EXPECT_NEAR(std::accumulate(p.begin(), p.end(), 0.0), 1.0, 1e-12);
  EXPECT_GT(p[2], p[4]);
  EXPECT_GT(p[4], p[0]);
  EXPECT_EQ(p[0], p[1]);
  // Centred activations have mean zero.
  const std::vector<double>& c = population.centred();
  EXPECT_NEAR(std::accumulate(c.begin(), c.end(), 0.0), 0.0, 1e-12);
}

TEST(KeyRhythm, TheKeyPredictionPlacesEachPitchClassAndSumsToOne) {
  Network network(Network::Unset{});
  Config config = SmallTimedConfig();
  config.interval_vote = 0;
  config.key_mix = 0;
  ASSERT_EQ(network.Reset(config), "");
  const Melody tune = LeapingJig();
  Teach(network, {tune}, 2);
  network.NewTune();
  for (int i = 0; i < 5; ++i) network.StepTimed(tune.notes[i], RhythmBefore(tune, i), false);
  const std::array<double, kMidiKeys> keys = network.KeyPrediction();
  const std::array<double, kPitchClasses> pitch_classes = network.PitchClassPrediction();
  EXPECT_NEAR(std::accumulate(keys.begin(), keys.end(), 0.0), 1.0, 1e-9);
  // With interval_vote 0 and no mixing, the interval neurons only share each pitch class out among its keys.
  for (int pc = 0; pc < kPitchClasses; ++pc) {
    double sum = 0;
    for (int key = pc; key < kMidiKeys; key += 12) sum += keys[key];
    EXPECT_NEAR(sum, pitch_classes[pc], 1e-7) << pc;
  }
  // Every key keeps some probability, far ones too.
  EXPECT_GT(*std::min_element(keys.begin(), keys.end()), 0.0);
}

TEST(KeyRhythm, ListeningItLearnsTheKeysAndRhythmOfATune) {
  Network network(Network::Unset{});
  ASSERT_EQ(network.Reset(SmallTimedConfig()), "");
  const Melody tune = LeapingJig();
  const TimedScore first = EvaluateTimed(network, {tune}, true);
  // Heard once, then heard again within the same tune (four bars repeat): the
  // fast weights know the leaps and the rhythm well before the end.
  EXPECT_EQ(first.key.notes, static_cast<long>(tune.notes.size()) - 1);
  EXPECT_EQ(first.rhythm.notes, static_cast<long>(tune.notes.size()) - 1);
  const TimedScore second = EvaluateTimed(network, {tune}, false);  // frozen: the slow weights heard it once
  EXPECT_GT(second.key.Top1(), 0.9);
  EXPECT_GT(second.rhythm.Top1(), 0.9);
  EXPECT_LT(second.rhythm.BitsPerNote(), first.rhythm.BitsPerNote());
}

TEST(KeyRhythm, ItPlaysBackATaughtTuneInItsKeysAndRhythm) {
  Network network(Network::Unset{});
  Config config = SmallTimedConfig();
  config.temperature = 0;
  ASSERT_EQ(network.Reset(config), "");
  const Melody tune = LeapingJig();
  Teach(network, {tune}, 1);
  // Rest, not a new tune: the fast weights still hold it.
  network.Rest();
  for (int i = 0; i < 4; ++i) network.StepTimed(tune.notes[i], RhythmBefore(tune, i), false);
  int right = 0;
  for (size_t i = 4; i < 28; ++i) {
    const int midi = network.StepTimed(kPlayOwn, kChooseRhythm, false);
    right += midi == tune.notes[i] && network.last_rhythm() == RhythmBefore(tune, i);
  }
  EXPECT_GE(right, 22);  // 90% of 24, key and rhythm class both
}

TEST(KeyRhythm, PlayingOnItsOwnStaysWithinTheKeysItHeard) {
  Network network(Network::Unset{});
  Config config = SmallTimedConfig();
  config.music_pool_size = 4096;  // key pool 1 tells heard keys apart (no shared cells)
  ASSERT_EQ(network.Reset(config), "");
  const std::vector<Melody> tunes = testing::BuiltinMelodies();
  Teach(network, tunes, 1);
  int lowest = 127, highest = 0;
  for (const Melody& tune : tunes)
    for (int key : tune.notes) {
      lowest = std::min(lowest, key);
      highest = std::max(highest, key);
    }
  network.Rest();
  for (int i = 0; i < 3000; ++i) {
    const int midi = network.StepTimed(kPlayOwn, kChooseRhythm, false);
    ASSERT_GE(midi, lowest) << "note " << i;
    ASSERT_LE(midi, highest) << "note " << i;
    ASSERT_GE(network.last_rhythm(), 0);
    ASSERT_LT(network.last_rhythm(), kRhythmClasses);
  }
}

TEST(KeyRhythm, ATunesLastKeyCountsAsHeard) {
  // Played keys are kept among the keys heard; a tune's last key is followed by
  // its end (a new tune, or a rest as the page teaches), which the interval
  // neurons learn, so a scale climbs to its top note.
  const Melody scale{"scale", {60, 62, 64, 65, 67, 69, 71, 72}, {}};
  for (const bool rest_between : {false, true}) {
    Network network(Network::Unset{});
    Config config = SmallTimedConfig();
    config.temperature = 0;
    ASSERT_EQ(network.Reset(config), "");
    if (rest_between) {
      network.NewTune();
      for (int epoch = 0; epoch < 3; ++epoch) {
        network.Rest();
        for (int note : scale.notes) network.Step(note, true);
      }
      network.Rest();
    } else {
      Teach(network, {scale}, 3);
      network.NewTune();
    }
    network.Step(60, false);
    std::vector<int> played;
    for (int i = 0; i < 7; ++i) played.push_back(network.Step(kPlayOwn, false));
    EXPECT_EQ(played, std::vector<int>(scale.notes.begin() + 1, scale.notes.end())) << rest_between;
  }
}

TEST(KeyRhythm, PitchClassScoresDoNotDependOnTheRhythm) {
  // The note neurons hear pitch classes only: timing changes nothing of theirs.
  Melody timed = LeapingJig(), untimed = timed;
  untimed.iois.clear();
  Network a(Network::Unset{}), b(Network::Unset{});
  ASSERT_EQ(a.Reset(SmallTimedConfig()), "");
  ASSERT_EQ(b.Reset(SmallTimedConfig()), "");
  const TimedScore with_rhythm = EvaluateTimed(a, {timed, timed}, true);
  const TimedScore without = EvaluateTimed(b, {untimed, untimed}, true);
  EXPECT_EQ(with_rhythm.pitch_class.bits, without.pitch_class.bits);
  EXPECT_EQ(with_rhythm.pitch_class.top1, without.pitch_class.top1);
  // One beat each: every rhythm but the first, predicted before anything was learned, is right.
  EXPECT_EQ(without.rhythm.top1, without.rhythm.notes - 1);
}

TEST(KeyRhythm, TheSameSeedGivesTheSameKeysAndRhythm) {
  const auto play = [](uint64_t seed) {
    Network network(Network::Unset{});
    Config config = SmallTimedConfig();
    config.seed = seed;
    EXPECT_EQ(network.Reset(config), "");
    Teach(network, {LeapingJig()}, 1);
    network.Rest();
    std::vector<int> played;
    for (int i = 0; i < 200; ++i) {
      played.push_back(network.StepTimed(kPlayOwn, kChooseRhythm, false));
      played.push_back(network.last_rhythm());
    }
    return played;
  };
  EXPECT_EQ(play(3), play(3));
  EXPECT_NE(play(3), play(4));
}

// A network taught the jig, then part of it again without learning, and
// playing: mid-tune, with fast weights, thresholds and a chosen rhythm.
Network MidTuneNetwork() {
  Network network = testing::MakeNetwork(SmallTimedConfig());
  Teach(network, {LeapingJig()}, 2);
  network.NewTune();
  const Melody tune = LeapingJig();
  for (size_t i = 0; i < 5; ++i) network.StepTimed(tune.notes[i], RhythmBefore(tune, i), i < 3);
  for (int i = 0; i < 3; ++i) network.StepTimed(kPlayOwn, kChooseRhythm, true);
  return network;
}

// What the interval and rhythm neurons predict and then play, 30 notes on.
std::vector<double> KeysAndRhythmAhead(Network network) {
  const std::array<double, kMidiKeys> keys = network.KeyPrediction();
  std::vector<double> seen(keys.begin(), keys.end());
  seen.insert(seen.end(), network.rhythm_prediction().begin(), network.rhythm_prediction().end());
  for (int i = 0; i < 30; ++i) {
    seen.push_back(network.StepTimed(kPlayOwn, kChooseRhythm, false));
    seen.push_back(network.last_rhythm());
  }
  return seen;
}

// Format 3: the .hpn file keeps the interval and rhythm neurons (weights,
// usage, thresholds, recent losses, codes, the previous key and the onset
// phase), so the loaded network predicts and plays the same keys and rhythm.
TEST(KeyRhythmFormats, TheFileKeepsKeysAndRhythm) {
  const Network original = MidTuneNetwork();
  const std::vector<uint8_t> bytes = NetworkFile::Save(original);
  Network loaded;
  ASSERT_EQ(NetworkFile::Load(bytes, loaded), "");
  EXPECT_EQ(NetworkFile::Save(loaded), bytes);
  EXPECT_EQ(loaded.key_rhythm().rhythms().thresholds(), original.key_rhythm().rhythms().thresholds());
  EXPECT_EQ(KeysAndRhythmAhead(loaded), KeysAndRhythmAhead(original));
  // A fresh network of the same config predicts otherwise: the file carried them.
  EXPECT_NE(KeysAndRhythmAhead(testing::MakeNetwork(SmallTimedConfig())), KeysAndRhythmAhead(original));
}

// ... and the link's history carries each heard note's rhythm class, so the
// replayed network is the same, bit for bit.
TEST(KeyRhythmFormats, TheLinkKeepsKeysAndRhythm) {
  const Network original = MidTuneNetwork();
  Network opened;
  NetworkNotes notes;
  ASSERT_EQ(DecodeSharePayload(EncodeSharePayload(original, {}), opened, notes), "");
  EXPECT_EQ(NetworkFile::Save(opened), NetworkFile::Save(original));
  EXPECT_EQ(KeysAndRhythmAhead(opened), KeysAndRhythmAhead(original));
}

}  // namespace
}  // namespace hpiano
