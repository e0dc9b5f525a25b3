#include "synth.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace hpiano {
namespace {

constexpr float kSampleRate = 48000.0f;
constexpr int kQuantum = 128;

int Frames(double seconds) { return static_cast<int>(seconds * kSampleRate); }

// Appends `frames` samples (a multiple of the 128-frame quantum) to `signal`.
void Render(Synth& synth, int frames, std::vector<float>& signal) {
  float block[kQuantum];
  for (int done = 0; done < frames; done += kQuantum) {
    const int count = std::min(kQuantum, frames - done);
    synth.Process(block, count);
    signal.insert(signal.end(), block, block + count);
  }
}

std::vector<float> RenderNote(int midi, int velocity, double seconds) {
  Synth synth;
  synth.Init(kSampleRate);
  synth.NoteOn(midi, velocity);
  std::vector<float> signal;
  Render(synth, Frames(seconds), signal);
  return signal;
}

double Rms(const std::vector<float>& signal, double from_seconds, double to_seconds) {
  const int begin = Frames(from_seconds), end = Frames(to_seconds);
  double sum = 0.0;
  for (int i = begin; i < end; ++i) sum += static_cast<double>(signal[i]) * signal[i];
  return std::sqrt(sum / (end - begin));
}

float Peak(const std::vector<float>& signal, int begin, int end) {
  float peak = 0.0f;
  for (int i = begin; i < end; ++i) peak = std::max(peak, std::fabs(signal[i]));
  return peak;
}

// Largest step between neighbouring samples in [begin, end).
float LargestStep(const std::vector<float>& signal, int begin, int end) {
  float step = 0.0f;
  for (int i = std::max(begin, 1); i < end; ++i) step = std::max(step, std::fabs(signal[i] - signal[i - 1]));
  return step;
}

// Fundamental by autocorrelation over [from, from + window): the first local
// maximum of r(lag) reaching 90% of the highest, refined by a parabola.
double PitchHz(const std::vector<float>& signal, double from_seconds, double window_seconds) {
  const int begin = Frames(from_seconds), length = Frames(window_seconds);
  const int min_lag = static_cast<int>(kSampleRate / 4500.0f), max_lag = static_cast<int>(kSampleRate / 30.0f);
  std::vector<double> r(max_lag + 2, 0.0);
  for (int lag = 0; lag <= max_lag + 1; ++lag) {
    for (int i = 0; i < length; ++i) r[lag] += static_cast<double>(signal[begin + i]) * signal[begin + i + lag];
  }
  const double highest = *std::max_element(r.begin() + min_lag, r.begin() + max_lag + 1);
  for (int lag = min_lag; lag <= max_lag; ++lag) {
    if (r[lag] >= 0.9 * highest && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
      const double curvature = r[lag - 1] - 2.0 * r[lag] + r[lag + 1];
      const double offset = curvature != 0.0 ? 0.5 * (r[lag - 1] - r[lag + 1]) / curvature : 0.0;
      return kSampleRate / (lag + offset);
    }
  }
  return 0.0;
}

// Energy of the first difference relative to the signal's: higher when brighter.
double Brightness(const std::vector<float>& signal, double from_seconds, double to_seconds) {
  double signal_energy = 0.0, difference_energy = 0.0;
  for (int i = Frames(from_seconds) + 1; i < Frames(to_seconds); ++i) {
    signal_energy += static_cast<double>(signal[i]) * signal[i];
    const double difference = static_cast<double>(signal[i]) - signal[i - 1];
    difference_energy += difference * difference;
  }
  return difference_energy / signal_energy;
}

// A synth at kSampleRate and the signal it has played so far.
class SynthTest : public ::testing::Test {
 protected:
  SynthTest() { synth_.Init(kSampleRate); }
  void Play(double seconds) { Render(synth_, Frames(seconds), signal_); }

  Synth synth_;
  std::vector<float> signal_;
};

TEST_F(SynthTest, SilentWithoutNotes) {
  Play(0.5);
  EXPECT_EQ(Peak(signal_, 0, static_cast<int>(signal_.size())), 0.0f);
  EXPECT_EQ(synth_.ActiveVoices(), 0);
}

TEST_F(SynthTest, PitchFollowsEqualTemperament) {
  for (int midi : {33, 45, 57, 60, 69, 76, 84, 96}) {
    const double expected = 440.0 * std::pow(2.0, (midi - 69) / 12.0);
    const std::vector<float> signal = RenderNote(midi, 100, 0.5);
    EXPECT_NEAR(PitchHz(signal, 0.1, 0.2), expected, 0.01 * expected) << "midi " << midi;
  }
}

TEST_F(SynthTest, A4IsFourHundredFortyHertz) {
  const std::vector<float> signal = RenderNote(69, 90, 0.5);
  EXPECT_NEAR(PitchHz(signal, 0.1, 0.3), 440.0, 4.4);
}

TEST_F(SynthTest, HigherVelocityIsLouderAndBrighter) {
  const std::vector<float> soft = RenderNote(60, 30, 0.5);
  const std::vector<float> medium = RenderNote(60, 80, 0.5);
  const std::vector<float> hard = RenderNote(60, 127, 0.5);
  EXPECT_GT(Rms(medium, 0.0, 0.3), 2.0 * Rms(soft, 0.0, 0.3));
  EXPECT_GT(Rms(hard, 0.0, 0.3), 2.0 * Rms(medium, 0.0, 0.3));
  EXPECT_GT(Brightness(medium, 0.05, 0.3), 1.2 * Brightness(soft, 0.05, 0.3));
  EXPECT_GT(Brightness(hard, 0.05, 0.3), 1.2 * Brightness(medium, 0.05, 0.3));
}

TEST_F(SynthTest, HeldNoteDecaysNaturallyButKeepsSounding) {
  const std::vector<float> signal = RenderNote(60, 100, 3.0);
  const double early = Rms(signal, 0.05, 0.25), late = Rms(signal, 2.5, 3.0);
  EXPECT_LT(late, 0.5 * early);
  EXPECT_GT(late, 0.02 * early);
}

TEST_F(SynthTest, NoteOffDampsToSilenceWithinASecond) {
  synth_.NoteOn(57, 110);
  Play(0.5);
  synth_.NoteOff(57);
  Play(1.0);
  const double held = Rms(signal_, 0.3, 0.5);
  EXPECT_GT(held, 0.01);
  EXPECT_GT(Rms(signal_, 0.5, 0.6), 0.1 * held) << "the release should not cut the note off";
  EXPECT_LT(Peak(signal_, Frames(1.3), Frames(1.5)), 1e-3f);
  EXPECT_EQ(synth_.ActiveVoices(), 0);
}

TEST_F(SynthTest, VelocityZeroIsNoteOff) {
  synth_.NoteOn(64, 100);
  Play(0.2);
  synth_.NoteOn(64, 0);
  Play(1.0);
  EXPECT_EQ(synth_.ActiveVoices(), 0);
}

TEST_F(SynthTest, RepeatedNoteReusesItsVoice) {
  for (int i = 0; i < 5; ++i) {
    synth_.NoteOn(62, 100);
    Play(0.05);
  }
  EXPECT_EQ(synth_.ActiveVoices(), 1);
}

TEST_F(SynthTest, TwentyFourNotesUseAtMostTheVoiceLimit) {
  int most_active = 0;
  for (int note = 0; note < 24; ++note) {
    synth_.NoteOn(40 + 2 * note, 127);
    for (int block = 0; block < 8; ++block) {
      Render(synth_, kQuantum, signal_);
      most_active = std::max(most_active, synth_.ActiveVoices());
    }
  }
  EXPECT_GE(Synth::kMaxVoices, 16);
  EXPECT_EQ(most_active, Synth::kMaxVoices);
  EXPECT_LT(LargestStep(signal_, 0, static_cast<int>(signal_.size())), 0.3f);
}

struct Strike {
  int frame;  // a multiple of kQuantum
  int midi;
};

std::vector<float> RenderStrikes(const std::vector<Strike>& strikes, int velocity, int frames) {
  Synth synth;
  synth.Init(kSampleRate);
  std::vector<float> signal;
  for (int frame = 0; frame < frames; frame += kQuantum) {
    for (const Strike& strike : strikes) {
      if (strike.frame == frame) synth.NoteOn(strike.midi, velocity);
    }
    Render(synth, kQuantum, signal);
  }
  return signal;
}

// Below the limiter's ceiling the synth is linear, so (all 17 notes) - (the
// first 16) - (the 17th alone) leaves only what stealing did: the stolen
// voice's missing continuation, plus the de-click offset. Its first sample is
// the step the listener hears; without de-clicking it is the stolen voice's
// whole instantaneous value.
TEST_F(SynthTest, StealingAVoiceDoesNotStepTheOutput) {
  constexpr int kVelocity = 50;
  const int steal_frame = 16 * 8 * kQuantum, frames = steal_frame + Frames(0.1);
  std::vector<Strike> first_sixteen;
  for (int note = 0; note < 16; ++note) first_sixteen.push_back({note * 8 * kQuantum, 40 + 3 * note});
  const Strike seventeenth{steal_frame, 90};
  std::vector<Strike> all_seventeen = first_sixteen;
  all_seventeen.push_back(seventeenth);

  const std::vector<float> with_steal = RenderStrikes(all_seventeen, kVelocity, frames);
  const std::vector<float> without = RenderStrikes(first_sixteen, kVelocity, frames);
  const std::vector<float> alone = RenderStrikes({seventeenth}, kVelocity, frames);
  ASSERT_LT(Peak(with_steal, 0, frames), 0.8f * Synth::kCeiling) << "the limiter must stay out of this test";

  std::vector<float> residual(frames);
  for (int i = 0; i < frames; ++i) residual[i] = with_steal[i] - without[i] - alone[i];
  EXPECT_LT(Peak(residual, 0, steal_frame), 1e-6f);
  const float stolen_amplitude = Peak(residual, steal_frame + Frames(0.01), frames);
  ASSERT_GT(stolen_amplitude, 1e-3f) << "a sounding voice should have been stolen";
  EXPECT_LT(std::fabs(residual[steal_frame]), 0.1f * stolen_amplitude);
}

TEST_F(SynthTest, LimiterKeepsFortissimoChordBelowFullScale) {
  for (int note = 0; note < 16; ++note) synth_.NoteOn(36 + 4 * note, 127);
  Play(2.0);
  const float peak = Peak(signal_, 0, static_cast<int>(signal_.size()));
  EXPECT_LE(peak, Synth::kCeiling + 1e-6f);
  EXPECT_GT(peak, 0.7f) << "the chord should be loud enough to need limiting";
}

TEST_F(SynthTest, LimiterGainRecoversSmoothly) {
  Limiter limiter;
  limiter.Init(kSampleRate, 0.9f, 0.25f);
  float largest_out = 0.0f;
  for (int i = 0; i < Frames(0.1); ++i) {
    largest_out = std::max(largest_out, std::fabs(limiter.Process(3.0f * std::sin(0.05f * i))));
  }
  EXPECT_LE(largest_out, 0.9f + 1e-6f);
  EXPECT_NEAR(limiter.Gain(), 0.3f, 0.01f);
  for (int i = 0; i < Frames(0.25); ++i) limiter.Process(0.0f);
  EXPECT_NEAR(limiter.Gain(), 0.3f * std::exp(1.0f), 0.02f) << "one release time constant later";
}

TEST_F(SynthTest, SameEventsGiveIdenticalSamples) {
  std::vector<float> first, second;
  for (std::vector<float>* signal : {&first, &second}) {
    Synth synth;
    synth.Init(kSampleRate);
    synth.NoteOn(60, 80);
    synth.NoteOn(64, 90);
    Render(synth, Frames(0.3), *signal);
    synth.NoteOff(60);
    synth.NoteOn(67, 120);
    Render(synth, Frames(0.3), *signal);
  }
  ASSERT_EQ(first.size(), second.size());
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace hpiano
