#include "synth.h"

#include <cmath>

namespace hpiano {
namespace {

constexpr float kPi = 3.14159265358979f;
// ln(1000): a decay of 60 dB is a factor of 1000 in amplitude.
constexpr float kLn1000 = 6.90775527898f;

// Amplitude of one voice struck at velocity 127 (RMS of its partials at the
// strike is this / sqrt(2)); 16 such voices together need the limiter.
constexpr float kFullVoiceGain = 0.25f;
// Level in dB below velocity 127: kVelocityRangeDb (1 - strike)^kVelocityCurve,
// strike = (velocity - 1) / 126, so velocity 1 is 32 dB down and 64 about 12.
constexpr float kVelocityRangeDb = 32.0f;
constexpr float kVelocityCurve = 1.4f;
// Share of each partial's amplitude in the fast "prompt" decay stage.
constexpr float kPromptShare = 0.7f;
// Prompt stage T60 as a fraction of the aftersound T60.
constexpr float kPromptToAftersound = 0.2f;
// Decay rate of partial k relative to the fundamental: 1 + kPartialDamping (k - 1).
constexpr float kPartialDamping = 0.3f;
// Partials are kept below this frequency (and below 0.45 fs).
constexpr float kHighestPartialHz = 10000.0f;
// The strings rise as 1 - exp(-t / tau), tau from 1.5 ms (softest) to 0.5 ms
// (hardest): a harder hammer leaves the string sooner.
constexpr float kSoftAttackSeconds = 0.0015f;
constexpr float kHardAttackSeconds = 0.0005f;
// Hammer noise: level relative to the strings, its decay time constant, and
// its low-pass corner from the softest strike to the hardest.
constexpr float kHammerLevel = 0.6f;
constexpr float kHammerSeconds = 0.004f;
constexpr float kSoftHammerHz = 600.0f;
constexpr float kHardHammerHz = 6000.0f;
// The partials are summed in this many interleaved lanes (a SIMD vector's width).
constexpr int kSumLanes = 4;
static_assert(Voice::kMaxPartials % kSumLanes == 0, "partials fill whole lanes");
// Gains below this are set to 0 so they never become denormal.
constexpr float kFlushLevel = 1e-9f;
// A cut-off voice's last sample fades out with this time constant.
constexpr float kDeclickSeconds = 0.0015f;

// Factor per step, at steps_per_second, that lowers a level by 60 dB in
// t60_seconds: 1000^(-1 / (t60 rate)).
float DecayFactor(float t60_seconds, float steps_per_second) {
  return std::exp(-kLn1000 / (t60_seconds * steps_per_second));
}

float Clamp(float x, float low, float high) { return x < low ? low : (x > high ? high : x); }

}  // namespace

void OnePoleLowpass::Init(float sample_rate) {
  sample_rate_ = sample_rate;
  coefficient_ = 1.0f;
  state_ = 0.0f;
}

void OnePoleLowpass::SetCutoff(float hertz) { coefficient_ = 1.0f - std::exp(-2.0f * kPi * hertz / sample_rate_); }

void Limiter::Init(float sample_rate, float ceiling, float release_seconds) {
  ceiling_ = ceiling;
  release_factor_ = std::exp(-1.0f / (release_seconds * sample_rate));
  envelope_ = 0.0f;
}

float Limiter::Process(float in) {
  const float magnitude = std::fabs(in);
  const float released = envelope_ * release_factor_;
  envelope_ = magnitude > released ? magnitude : (released > kFlushLevel ? released : 0.0f);
  return envelope_ > ceiling_ ? in * (ceiling_ / envelope_) : in;
}

void Voice::Init(float sample_rate) {
  sample_rate_ = sample_rate;
  active_ = false;
  held_ = false;
  midi_ = -1;
  level_ = 0.0f;
  last_sample_ = 0.0f;
  hammer_filter_.Init(sample_rate);
}

void Voice::NoteOn(int midi, int velocity) {
  midi_ = midi;
  active_ = true;
  held_ = true;
  last_sample_ = 0.0f;

  // 0 for the softest strike, 1 for the hardest.
  const float strike = Clamp((static_cast<float>(velocity) - 1.0f) / 126.0f, 0.0f, 1.0f);
  const float level_db = -kVelocityRangeDb * std::pow(1.0f - strike, kVelocityCurve);
  const float loudness = kFullVoiceGain * std::pow(10.0f, level_db / 20.0f);
  const float fundamental_hz = 440.0f * std::exp2((static_cast<float>(midi) - 69.0f) / 12.0f);
  // B from about 1e-4 at A0 to 1.2e-3 at C8: the treble strings are stiffer.
  const float inharmonicity = 1e-4f * std::exp2((static_cast<float>(midi) - 21.0f) / 24.0f);
  const float tilt = 2.0f - 1.2f * strike;
  const float felt_hz = 1200.0f + 4800.0f * strike;
  const float nyquist_margin_hz = 0.45f * sample_rate_;
  const float highest_hz = std::fmin(nyquist_margin_hz, kHighestPartialHz);
  // Aftersound T60 of the fundamental: 12 s at C4, halving every 16 semitones up.
  const float aftersound_t60 = Clamp(12.0f * std::exp2((60.0f - static_cast<float>(midi)) / 16.0f), 1.0f, 25.0f);
  const float prompt_t60 = kPromptToAftersound * aftersound_t60;
  // Envelope segments per second.
  const float segment_rate = sample_rate_ / static_cast<float>(kEnvelopeSegment);

  float energy = 0.0f;
  for (int k = 0; k < kMaxPartials; ++k) {
    const float number = static_cast<float>(k + 1);
    const float partial_hz = number * fundamental_hz * std::sqrt(1.0f + inharmonicity * number * number);
    const float relative_to_felt = partial_hz / felt_hz;
    const bool audible = partial_hz < (k == 0 ? nyquist_margin_hz : highest_hz);
    const float amplitude = audible ? std::pow(number, -tilt) / (1.0f + relative_to_felt * relative_to_felt) : 0.0f;
    const float half_angle = kPi * partial_hz / sample_rate_;
    // With sine = 0 and aux = cos(w/2), the oscillator's sine has amplitude 1.
    partials_.sine[k] = 0.0f;
    partials_.aux[k] = amplitude > 0.0f ? std::cos(half_angle) : 0.0f;
    partials_.step[k] = amplitude > 0.0f ? 2.0f * std::sin(half_angle) : 0.0f;
    partials_.amplitude[k] = amplitude;
    const float damping = 1.0f + kPartialDamping * static_cast<float>(k);
    prompt_gain_[k] = kPromptShare * amplitude;
    prompt_factor_[k] = DecayFactor(prompt_t60 / damping, segment_rate);
    after_gain_[k] = (1.0f - kPromptShare) * amplitude;
    after_factor_[k] = DecayFactor(aftersound_t60 / damping, segment_rate);
    energy += amplitude * amplitude;
  }
  if (energy <= 0.0f) {
    active_ = false;
    held_ = false;
    return;
  }
  // Same RMS at the strike whatever the brightness: sum of a_k^2 = loudness^2.
  const float normalisation = loudness / std::sqrt(energy);
  for (int k = 0; k < kMaxPartials; ++k) {
    partials_.amplitude[k] *= normalisation;
    prompt_gain_[k] *= normalisation;
    after_gain_[k] *= normalisation;
  }
  segment_left_ = 0;

  damper_gain_ = 1.0f;
  damper_factor_ = 1.0f;
  attack_gain_ = 0.0f;
  const float attack_seconds = kSoftAttackSeconds + (kHardAttackSeconds - kSoftAttackSeconds) * strike;
  attack_rate_ = 1.0f - std::exp(-1.0f / (attack_seconds * sample_rate_));

  hammer_noise_.Init(0x2545F491u + 0x9E3779B9u * static_cast<uint32_t>(midi));
  hammer_filter_.Reset();
  hammer_filter_.SetCutoff(kSoftHammerHz + (kHardHammerHz - kSoftHammerHz) * strike);
  hammer_gain_ = kHammerLevel * loudness;
  hammer_factor_ = std::exp(-1.0f / (kHammerSeconds * sample_rate_));
  level_ = loudness + hammer_gain_;
}

void Voice::NoteOff() {
  if (!held_) return;
  held_ = false;
  damper_factor_ = DecayFactor(kDamperSeconds, sample_rate_);
}

void Voice::BeginEnvelopeSegment(Partials& partials) {
  for (int k = 0; k < kMaxPartials; ++k) {
    prompt_gain_[k] = prompt_gain_[k] * prompt_factor_[k] > kFlushLevel ? prompt_gain_[k] * prompt_factor_[k] : 0.0f;
    after_gain_[k] = after_gain_[k] * after_factor_[k] > kFlushLevel ? after_gain_[k] * after_factor_[k] : 0.0f;
    partials.amplitude_step[k] =
        (prompt_gain_[k] + after_gain_[k] - partials.amplitude[k]) * (1.0f / static_cast<float>(kEnvelopeSegment));
  }
  segment_left_ = kEnvelopeSegment;
}

void Voice::Process(float* out, int frames) {
  if (!active_) return;
  // Local copies: the compiler may keep them in registers, since `out` cannot alias them.
  Partials partials = partials_;
  WhiteNoise hammer_noise = hammer_noise_;
  OnePoleLowpass hammer_filter = hammer_filter_;
  float hammer_gain = hammer_gain_;
  float damper_gain = damper_gain_;
  float attack_gain = attack_gain_;
  float sample = last_sample_;

  for (int done = 0; done < frames;) {
    if (segment_left_ == 0) BeginEnvelopeSegment(partials);
    const int end = done + (segment_left_ < frames - done ? segment_left_ : frames - done);
    segment_left_ -= end - done;
    for (int i = done; i < end; ++i) {
      // Independent lanes, then a sum in a fixed order (no reassociation is
      // needed to vectorise, so every build adds in the same order).
      float lane[kSumLanes] = {};
      for (int k = 0; k < kMaxPartials; ++k) {
        partials.sine[k] += partials.step[k] * partials.aux[k];
        partials.aux[k] -= partials.step[k] * partials.sine[k];
        partials.amplitude[k] += partials.amplitude_step[k];
        lane[k % kSumLanes] += partials.sine[k] * partials.amplitude[k];
      }
      const float strings = (lane[0] + lane[1]) + (lane[2] + lane[3]);
      const float hammer = hammer_gain * hammer_filter.Process(hammer_noise.Process());
      hammer_gain *= hammer_factor_;
      attack_gain += attack_rate_ * (1.0f - attack_gain);
      sample = damper_gain * (attack_gain * strings + hammer);
      damper_gain *= damper_factor_;
      out[i] += sample;
    }
    done = end;
  }

  float envelope_sum = 0.0f;
  for (int k = 0; k < kMaxPartials; ++k) envelope_sum += prompt_gain_[k] + after_gain_[k];
  partials_ = partials;
  hammer_noise_ = hammer_noise;
  hammer_filter_ = hammer_filter;
  hammer_gain_ = hammer_gain > kFlushLevel ? hammer_gain : 0.0f;
  damper_gain_ = damper_gain;
  attack_gain_ = attack_gain;
  last_sample_ = sample;
  level_ = damper_gain * (envelope_sum + hammer_gain_);
  if (level_ < kSilentLevel) {
    active_ = false;
    held_ = false;
  }
}

void Synth::Init(float sample_rate) {
  for (Voice& voice : voices_) voice.Init(sample_rate);
  for (uint32_t& order : strike_order_) order = 0;
  strikes_ = 0;
  declick_offset_ = 0.0f;
  declick_factor_ = std::exp(-1.0f / (kDeclickSeconds * sample_rate));
  limiter_.Init(sample_rate, kCeiling);
}

void Synth::NoteOn(int midi, int velocity) {
  if (midi < 0 || midi > 127) return;
  if (velocity <= 0) {
    NoteOff(midi);
    return;
  }
  int voice = FindVoice(midi);
  if (voice < 0) voice = ChooseVoiceToSteal();
  Strike(voice, midi, velocity > 127 ? 127 : velocity);
}

void Synth::NoteOff(int midi) {
  const int voice = FindVoice(midi);
  if (voice >= 0) voices_[voice].NoteOff();
}

void Synth::AllNotesOff() {
  for (Voice& voice : voices_) voice.NoteOff();
}

void Synth::Process(float* out, int frames) {
  for (int i = 0; i < frames; ++i) out[i] = 0.0f;
  for (Voice& voice : voices_) voice.Process(out, frames);
  for (int i = 0; i < frames; ++i) {
    out[i] = limiter_.Process(out[i] + declick_offset_);
    declick_offset_ *= declick_factor_;
  }
  if (std::fabs(declick_offset_) < kFlushLevel) declick_offset_ = 0.0f;
}

int Synth::ActiveVoices() const {
  int count = 0;
  for (const Voice& voice : voices_) count += voice.IsActive() ? 1 : 0;
  return count;
}

void Synth::Strike(int voice, int midi, int velocity) {
  if (voices_[voice].IsActive()) declick_offset_ += voices_[voice].LastSample();
  voices_[voice].NoteOn(midi, velocity);
  strike_order_[voice] = ++strikes_;
}

int Synth::FindVoice(int midi) const {
  for (int v = 0; v < kMaxVoices; ++v) {
    if (voices_[v].IsActive() && voices_[v].Midi() == midi) return v;
  }
  return -1;
}

int Synth::ChooseVoiceToSteal() const {
  // An idle voice if there is one; else the best by (held last, quietest, oldest).
  int best = 0;
  for (int v = 0; v < kMaxVoices; ++v) {
    const Voice& candidate = voices_[v];
    if (!candidate.IsActive()) return v;
    const Voice& chosen = voices_[best];
    if (candidate.IsHeld() != chosen.IsHeld()) {
      if (!candidate.IsHeld()) best = v;
    } else if (candidate.Level() != chosen.Level()) {
      if (candidate.Level() < chosen.Level()) best = v;
    } else if (strike_order_[v] < strike_order_[best]) {
      best = v;
    }
  }
  return best;
}

}  // namespace hpiano
