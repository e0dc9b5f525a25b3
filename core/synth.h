// A small polyphonic piano synthesiser for the browser's AudioWorklet.
//
// Each voice is additive: up to kMaxPartials stiff-string partials with their
// own two-stage exponential decay, plus a short filtered-noise hammer thump.
// The voices are summed, de-clicked when one is stolen, and passed through a
// peak limiter. Everything is float, fixed-size and allocation-free, so the
// same code runs natively (tests, benchmarks) and as a tiny WebAssembly module.
#pragma once

#include <cstdint>

namespace hpiano {

// White noise from a 32-bit xorshift generator (Marsaglia 2003), uniform in
// [-1, 1). The seed fixes the sequence, so renders are reproducible.
class WhiteNoise {
 public:
  void Init(uint32_t seed) { state_ = seed != 0 ? seed : 0x9E3779B9u; }

  float Process() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return static_cast<float>(static_cast<int32_t>(state_)) * (1.0f / 2147483648.0f);
  }

 private:
  uint32_t state_ = 0x9E3779B9u;
};

// One-pole low-pass: y[n] = y[n-1] + a (x[n] - y[n-1]) with
// a = 1 - exp(-2 pi fc / fs), so fc (Hz) is the -3 dB corner.
class OnePoleLowpass {
 public:
  void Init(float sample_rate);
  void SetCutoff(float hertz);
  void Reset() { state_ = 0.0f; }
  float Process(float in) {
    state_ += coefficient_ * (in - state_);
    return state_;
  }

 private:
  float sample_rate_ = 48000.0f;
  float coefficient_ = 1.0f;
  float state_ = 0.0f;
};

// Peak limiter without look-ahead. The envelope follows |x| instantly when it
// rises and falls as env[n] = env[n-1] * exp(-1 / (release * fs)) otherwise;
// the gain is min(1, ceiling / env). Since env >= |x| at every sample, the
// output never exceeds the ceiling, and the gain recovers smoothly.
class Limiter {
 public:
  void Init(float sample_rate, float ceiling = 0.9f, float release_seconds = 0.25f);
  float Process(float in);
  // Current gain in (0, 1]; 1 means no reduction.
  float Gain() const { return envelope_ > ceiling_ ? ceiling_ / envelope_ : 1.0f; }

 private:
  float ceiling_ = 0.9f;
  float release_factor_ = 1.0f;
  float envelope_ = 0.0f;
};

// One piano note: partial k (k = 1..kMaxPartials) of a stiff string sounds at
//   f_k = k f0 sqrt(1 + B k^2)   (Fletcher 1964; B grows towards the treble)
// with amplitude a_k = k^-tilt / (1 + (f_k / f_felt)^2), where a harder strike
// (higher velocity) lowers the tilt and raises f_felt, so it is brighter.
// Each partial decays in two stages (the "prompt" and "aftersound" of coupled
// strings, Weinreich 1977): a_k (w e^(-t/tp_k) + (1 - w) e^(-t/ta_k)), with
// higher partials decaying faster. The strings rise within about a
// millisecond, under a few milliseconds of low-passed noise for the hammer's
// thump. NoteOff lowers the damper: the whole voice then decays by 60 dB in
// kDamperSeconds.
class Voice {
 public:
  static constexpr int kMaxPartials = 12;
  // Level (linear, full scale 1) below which a voice is considered silent.
  static constexpr float kSilentLevel = 1e-4f;
  // Time for the damper to bring a released note down by 60 dB.
  static constexpr float kDamperSeconds = 0.3f;

  void Init(float sample_rate);
  // Strikes the string: midi 0..127 (69 = A4 = 440 Hz), velocity 1..127.
  void NoteOn(int midi, int velocity);
  void NoteOff();
  // Adds `frames` samples of this voice to `out`.
  void Process(float* out, int frames);

  bool IsActive() const { return active_; }
  bool IsHeld() const { return held_; }
  int Midi() const { return midi_; }
  // Upper bound of the voice's amplitude at the end of the last Process.
  float Level() const { return level_; }
  // The voice's most recent output sample.
  float LastSample() const { return last_sample_; }

 private:
  float sample_rate_ = 48000.0f;
  bool active_ = false;
  bool held_ = false;
  int midi_ = -1;
  float level_ = 0.0f;
  float last_sample_ = 0.0f;

  // Partial k - 1 is a "magic circle" oscillator (Hammer/Gordon):
  //   sine += step * aux;  aux -= step * sine;  step = 2 sin(pi f_k / fs)
  // whose `sine` is an undamped sinusoid of exactly f_k with no amplitude
  // drift. Its amplitude moves linearly to the envelope's next value over each
  // segment of kEnvelopeSegment samples.
  struct Partials {
    float sine[kMaxPartials];
    float aux[kMaxPartials];
    float step[kMaxPartials];
    float amplitude[kMaxPartials];
    float amplitude_step[kMaxPartials];
  };
  static constexpr int kEnvelopeSegment = 32;

  // Computes the envelope at the end of the next segment and the ramps to it.
  void BeginEnvelopeSegment(Partials& partials);

  Partials partials_ = {};
  int segment_left_ = 0;
  // Two-stage envelope, multiplied by its factors once per segment.
  float prompt_gain_[kMaxPartials] = {};
  float prompt_factor_[kMaxPartials] = {};
  float after_gain_[kMaxPartials] = {};
  float after_factor_[kMaxPartials] = {};

  float damper_gain_ = 1.0f;
  float damper_factor_ = 1.0f;
  // Rises towards 1 as attack_gain += attack_rate (1 - attack_gain) per sample.
  float attack_gain_ = 0.0f;
  float attack_rate_ = 1.0f;

  WhiteNoise hammer_noise_;
  OnePoleLowpass hammer_filter_;
  float hammer_gain_ = 0.0f;
  float hammer_factor_ = 0.0f;
};

// The polyphonic instrument: kMaxVoices voices, mixed into a mono signal.
class Synth {
 public:
  static constexpr int kMaxVoices = 16;

  void Init(float sample_rate);
  // velocity 0 is a note-off (MIDI running-status convention); midi outside
  // 0..127 is ignored. A note already sounding is struck again on its voice;
  // otherwise a free voice is used, or the quietest releasing one is stolen
  // (the quietest held one if none is releasing; the oldest on a tie).
  void NoteOn(int midi, int velocity);
  void NoteOff(int midi);
  void AllNotesOff();
  // Writes `frames` mono samples, each within [-kCeiling, kCeiling].
  void Process(float* out, int frames);
  int ActiveVoices() const;

  static constexpr float kCeiling = 0.9f;

 private:
  // Starts `voice` on a new note, carrying its last sample over into the
  // de-click offset so that cutting it short does not step the output.
  void Strike(int voice, int midi, int velocity);
  int FindVoice(int midi) const;
  int ChooseVoiceToSteal() const;

  Voice voices_[kMaxVoices];
  uint32_t strike_order_[kMaxVoices] = {};
  uint32_t strikes_ = 0;
  // A cut-off voice's last value, fading to 0 with a ~1.5 ms time constant.
  float declick_offset_ = 0.0f;
  float declick_factor_ = 0.0f;
  Limiter limiter_;
};

}  // namespace hpiano
