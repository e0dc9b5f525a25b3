// The frame the page draws: what decided a step, what fired, what it expects
// next, and each pool's kind, size, cells and readings, as the network has them.
#include "frame.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace hpiano {
namespace {

using testing::Hear;
using testing::MakeNetwork;
using testing::SmallConfig;

constexpr int C4 = 60, D4 = 62, E4 = 64, F4 = 65;

TEST(Flatness, AFlatPredictionExpectsNothingAndAPeakExpectsItsPitchClass) {
  std::array<double, kPitchClasses> p;
  p.fill(1.0 / kPitchClasses);
  EXPECT_TRUE(IsFlat(p));
  EXPECT_EQ(ExpectedPitchClass(p), -1);
  p[4] += 1e-6;
  EXPECT_FALSE(IsFlat(p));
  EXPECT_EQ(ExpectedPitchClass(p), 4);
}

TEST(Frame, ANewNetworkShowsNothingFiredAndAFlatPrediction) {
  Network network = MakeNetwork(SmallConfig());
  Frame frame;
  frame.Show(network);
  EXPECT_FALSE(frame.stepped);
  EXPECT_TRUE(frame.flat);
  EXPECT_EQ(frame.expected_pitch_class, -1);
  EXPECT_EQ(frame.expected_midi, -1);
  EXPECT_EQ(frame.notes.chosen, -1);
  EXPECT_EQ(frame.notes.fired, std::vector<uint8_t>(network.note_count(), 0));
  EXPECT_EQ(frame.deciding_pool, -1);
}

TEST(Frame, AStepKeepsTheDriveThatDecidedItAndShowsWhatComesNext) {
  Config config = SmallConfig();
  config.tune_pool = 1;
  config.tonal_orders = 0;  // the degree pools' row: DegreePoolsAddTheLongestFamiliarOneAsARow
  Network network = MakeNetwork(config);
  Hear(network, {C4, D4, E4, F4, C4, D4, E4});
  const std::vector<double> thresholds_before = network.thresholds();
  const std::vector<double> centred_before = network.centred();
  Frame frame;
  EXPECT_EQ(frame.Step(network, F4, true), F4);

  EXPECT_EQ(frame.notes.thresholds, thresholds_before);
  EXPECT_EQ(frame.notes.centred, centred_before);
  EXPECT_NE(network.thresholds(), thresholds_before) << "the step moved the thresholds on";
  EXPECT_EQ(frame.notes.expected_before, F4 % kPitchClasses) << "it had learned that F follows C D E";
  EXPECT_TRUE(frame.stepped);
  EXPECT_EQ(frame.notes.fired, network.fired());
  EXPECT_EQ(frame.notes.chosen, network.NeuronForMidi(F4));
  EXPECT_EQ(frame.notes.prediction, network.prediction());
  EXPECT_FALSE(frame.flat);
  EXPECT_EQ(frame.expected_pitch_class, C4 % kPitchClasses);
  EXPECT_EQ(frame.expected_midi % kPitchClasses, C4 % kPitchClasses);

  const int pools = network.pool_count();
  ASSERT_EQ(static_cast<int>(frame.pool_kind.size()), pools);
  EXPECT_EQ(frame.pool_kind[0], static_cast<uint8_t>(PoolKind::kAlwaysOn));
  EXPECT_EQ(frame.pool_kind[1], static_cast<uint8_t>(PoolKind::kContext));
  EXPECT_EQ(frame.pool_kind[pools - 1], static_cast<uint8_t>(PoolKind::kTune));
  EXPECT_EQ(frame.pool_size[0], 1);
  EXPECT_EQ(frame.pool_size[1], config.pool_size);
  EXPECT_EQ(frame.pool_size[pools - 1], config.tune_pool_size);
  for (int pool = 0; pool < pools; ++pool) {
    const std::vector<int> cells(frame.cells.begin() + frame.cell_start[pool],
                                 frame.cells.begin() + frame.cell_start[pool + 1]);
    EXPECT_EQ(cells, network.code(pool)) << "pool " << pool;
    for (WeightSet set : {WeightSet::kSlow, WeightSet::kFast}) {
      const Frame::Readings& readings = frame.readings[static_cast<int>(set)];
      EXPECT_EQ(readings.vote[pool], network.reading(set, pool).vote);
      EXPECT_EQ(readings.confidence[pool], network.reading(set, pool).confidence);
      EXPECT_EQ(readings.read[pool], network.ReadsPool(set, pool));
    }
  }
  EXPECT_TRUE(frame.readings[0].read[pools - 1]) << "the slow weights read the tune pool";
  EXPECT_FALSE(frame.readings[1].read[pools - 1]) << "the fast weights do not";
  EXPECT_EQ(frame.deciding_pool, network.deciding_pool());
  EXPECT_EQ(frame.first_order_weights, network.FirstOrderWeights());
}

// With degree pools, one more row after the network's pools: the longest
// degree pool whose context was heard, its cells within the pool, read by the
// slow weights only, its vote the pitch class that followed those steps of the scale.
TEST(Frame, DegreePoolsAddTheLongestFamiliarOneAsARow) {
  Config config = SmallConfig();
  config.tonal_orders = 3;
  config.tonal_pool_size = 256;
  Network network = MakeNetwork(config);
  Frame frame;
  frame.Show(network);
  const int pools = network.pool_count();
  ASSERT_EQ(static_cast<int>(frame.pool_kind.size()), pools + 1);
  EXPECT_EQ(frame.tonal_reference, -1);
  EXPECT_EQ(frame.readings[0].vote[pools], -1) << "nothing heard";
  for (int i = 0; i < 3; ++i) Hear(network, {C4, D4, E4, F4});
  network.NewTune();
  Hear(network, {C4, D4, E4}, false);
  frame.Show(network);
  EXPECT_EQ(frame.pool_kind[pools], static_cast<uint8_t>(PoolKind::kDegrees));
  EXPECT_EQ(frame.pool_size[pools], config.tonal_pool_size);
  EXPECT_EQ(frame.tonal_reference, C4 % kPitchClasses);
  EXPECT_EQ(frame.tonal_order, 3);
  EXPECT_EQ(frame.cell_start[pools + 1] - frame.cell_start[pools], config.tonal_k_context);
  for (int i = frame.cell_start[pools]; i < frame.cell_start[pools + 1]; ++i) {
    EXPECT_GE(frame.cells[i], 0);
    EXPECT_LT(frame.cells[i], config.tonal_pool_size);
  }
  EXPECT_TRUE(frame.readings[0].read[pools]);
  EXPECT_FALSE(frame.readings[1].read[pools]);
  EXPECT_EQ(frame.readings[0].vote[pools], F4 % kPitchClasses);
  EXPECT_GT(frame.readings[0].confidence[pools], 0);
  // In another key the same steps are recognised: D E F# votes G.
  network.NewTune();
  Hear(network, {D4, E4, D4 + 4}, false);
  frame.Show(network);
  EXPECT_EQ(frame.tonal_reference, D4 % kPitchClasses);
  EXPECT_EQ(frame.tonal_order, 3);
  EXPECT_EQ(frame.readings[0].vote[pools], (F4 + 2) % kPitchClasses);
}

// The class of 1/2 beat and of a dotted quarter (3/2 beats), rhythm.h's numbering.
constexpr int kHalfBeat = 3, kDottedBeat = 7;

TEST(FrameRhythm, ShowsTheRhythmNeuronsDriveWhatFiredAndWhatTheyExpectNext) {
  Network network = MakeNetwork(SmallConfig());
  Frame frame;
  frame.Show(network);
  EXPECT_TRUE(frame.rhythm.enabled);
  EXPECT_EQ(frame.rhythm.chosen, -1);
  EXPECT_EQ(frame.rhythm.expected, -1) << "a new network expects no rhythm";
  ASSERT_EQ(frame.rhythm.prediction.size(), static_cast<size_t>(kRhythmClasses));

  // A dotted rhythm, long-short: each note's rhythm is the IOI that ended at it.
  const std::vector<int> keys = {C4, D4, E4, F4, C4, D4, E4, F4};
  for (int hearing = 0; hearing < 4; ++hearing) {
    network.NewTune();
    for (size_t i = 0; i < keys.size(); ++i)
      network.StepTimed(keys[i], i == 0 ? kNoRhythm : i % 2 ? kDottedBeat : kHalfBeat, true);
  }
  network.NewTune();
  frame.Step(network, C4, kNoRhythm, true);
  EXPECT_EQ(frame.rhythm.chosen, -1) << "no IOI ended at a tune's first note";
  EXPECT_EQ(frame.rhythm.fired, std::vector<uint8_t>(kRhythmClasses, 0));
  EXPECT_EQ(frame.rhythm.expected, kDottedBeat) << "after the first note comes the long one";

  const std::vector<double> centred_before = network.key_rhythm().rhythms().centred();
  const std::vector<double> thresholds_before = network.key_rhythm().rhythms().thresholds();
  frame.Step(network, D4, kDottedBeat, true);
  EXPECT_EQ(frame.rhythm.centred, centred_before) << "the drive that decided the step";
  EXPECT_EQ(frame.rhythm.thresholds, thresholds_before);
  EXPECT_EQ(frame.rhythm.expected_before, kDottedBeat);
  EXPECT_EQ(frame.rhythm.chosen, kDottedBeat);
  for (int i = 0; i < kRhythmClasses; ++i) {
    EXPECT_EQ(frame.rhythm.fired[i], i == kDottedBeat) << i;
    EXPECT_EQ(frame.rhythm.inhibited[i],
              i != kDottedBeat && centred_before[i] - thresholds_before[i] > kCandidateMargin);
    EXPECT_NEAR(frame.rhythm.centred[i], frame.rhythm.activation[i] - frame.rhythm.mean, 1e-12);
  }
  EXPECT_EQ(frame.rhythm.prediction, network.rhythm_prediction());
  EXPECT_EQ(frame.rhythm.expected, kHalfBeat) << "then the short one";

  // Playing, the class the rhythm neurons chose is the one that fired.
  frame.Step(network, kPlayOwn, false);
  EXPECT_GE(frame.rhythm.chosen, 0);
  EXPECT_EQ(frame.rhythm.chosen, network.last_rhythm());
  EXPECT_EQ(frame.rhythm.fired[frame.rhythm.chosen], 1);
}

TEST(FrameRhythm, ANetworkWithoutRhythmNeuronsSaysSo) {
  Config config = SmallConfig();
  config.keys_and_rhythm = 0;
  Network network = MakeNetwork(config);
  Hear(network, {C4, D4, E4, F4, C4, D4, E4});
  Frame frame;
  frame.Step(network, F4, true);
  EXPECT_FALSE(frame.rhythm.enabled);
  EXPECT_EQ(frame.rhythm.expected, -1);
  EXPECT_EQ(frame.rhythm.chosen, -1);
  EXPECT_EQ(frame.expected_midi % kPitchClasses, C4 % kPitchClasses) << "the pitch class placed as it plays";
}

TEST(FrameKey, TheExpectedKeyIsTheOctaveTheTuneWentTo) {
  // A tune that leaps up an octave from C4: placed by pitch class alone the C
  // that follows C4 would sound at C4 again; the key prediction knows it is C5.
  constexpr int C5 = 72, G4 = 67;
  Network network = MakeNetwork(SmallConfig());
  for (int hearing = 0; hearing < 3; ++hearing) {
    network.NewTune();
    Hear(network, {C4, C5, G4, E4, C4, C5, G4, E4});
  }
  network.NewTune();
  Frame frame;
  frame.Step(network, C4, true);
  EXPECT_EQ(frame.expected_pitch_class, C4 % kPitchClasses);
  EXPECT_EQ(frame.expected_midi, C5);
  const std::array<double, kMidiKeys> keys = network.KeyPrediction();
  EXPECT_EQ(frame.expected_midi_probability, keys[C5]);
  EXPECT_GT(frame.expected_midi_probability, 0.5);
  frame.Step(network, C5, true);
  EXPECT_EQ(frame.expected_midi, G4) << "and down again";
}

}  // namespace
}  // namespace hpiano
