// What the page draws of a step, built in one go: the drive that decided the
// step, what fired, and what the network now expects, with each pool's kind,
// size, firing cells and readings. The page reads it in one call (the
// bindings give typed-array views over these vectors) instead of one call a
// field. The frame owns its copies (a few KB a step), so it stays whole when
// the network steps on, is reset or is replaced.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "network.h"

namespace hpiano {

// A pitch-class prediction is flat (it expects nothing yet: a new network, or
// nothing familiar) when its largest and smallest probabilities differ by less
// than this. The one definition the page's views use.
constexpr double kFlatSpread = 1e-9;
bool IsFlat(const std::array<double, kPitchClasses>& pitch_classes);
// The pitch class a prediction expects most (the lowest of ties), or -1 when it is flat.
int ExpectedPitchClass(const std::array<double, kPitchClasses>& pitch_classes);
// The same for any distribution (the rhythm classes'): its likeliest index, -1 when flat.
int Likeliest(const double* p, int count);

struct Frame {
  // One weight set's reading of every pool (PoolReading's fields, pool-major).
  struct Readings {
    std::vector<uint8_t> read;  // 1 if the set reads the pool (Network::ReadsPool)
    std::vector<double> confidence, vote_share, distinct;
    std::vector<int32_t> vote;
  };

  // A population of neurons as the page draws it: the note neurons, the rhythm neurons.
  struct Neurons {
    // The drive that decided the step, taken before it (the step moves the
    // thresholds and the drive on): a = ln p, its mean, c = a - mean, theta,
    // and what it expected most then, -1 if flat (the note neurons: a pitch class).
    std::vector<double> activation, centred, thresholds;
    double mean = 0;
    int expected_before = -1;
    // The step: which neurons fired, which crossed their threshold but lost to
    // them (inhibited), and the one that fired (the first of a chord); all zero
    // and -1 before any step, or when none fired.
    std::vector<uint8_t> fired, inhibited;
    int chosen = -1;
    // After the step: p of each neuron for the next note.
    std::vector<double> prediction;
    // Nothing fired and nothing expected before it: a network shown with no step.
    void ShowNoStep();
  };

  // The note neurons: `chosen` is the neuron of the key pressed or of the note
  // it chose. The MIDI notes that sounded; whether it stepped at all.
  Neurons notes;
  std::vector<int32_t> fired_midi;
  bool stepped = false;

  // For the next note: the prediction's pitch classes, whether it is flat, the
  // pitch class it expects most (-1 when flat); the MIDI note each note neuron
  // plays now.
  std::array<double, kPitchClasses> pitch_classes{};
  bool flat = true;
  int expected_pitch_class = -1;
  std::vector<int32_t> neuron_midi;
  // The exact key it expects next and p(that key), as the network places what
  // it plays: with one octave of note neurons, once the interval neurons have
  // learned (keys_and_rhythm), the key prediction's likeliest key
  // (Network::KeyPrediction); else where the likeliest note neuron would sound
  // (MidiForNeuron: its own key when octaves > 1) with its probability; -1 and
  // 0 when flat.
  int expected_midi = -1;
  double expected_midi_probability = 0;

  // The rhythm neurons, one per rhythm class (rhythm.h). What fired is the class
  // of the IOI that ended at this note (heard, or chosen when the network
  // plays; none at a tune's first note or after a rest), decided by the drive
  // before the step; the prediction is for the IOI from this note to the next,
  // `expected` its likeliest class (-1 when flat). A network without them
  // (keys_and_rhythm 0: files and links of formats 1 and 2) has enabled false
  // and a flat prediction.
  struct Rhythm : Neurons {
    bool enabled = false;
    int expected = -1;
  } rhythm;

  // Per pool m: its kind (PoolKind), its size in cells (1 for pool 0), and its
  // firing cells, cells[cell_start[m] .. cell_start[m + 1]).
  // With degree pools (tonal_orders > 0) one more row, kind kDegrees: the
  // longest familiar one (its order tonal_order), read by the slow weights only,
  // its vote a pitch class; tonal_reference is the tune's reference pitch class
  // (-1 before its first note, or without degree pools).
  std::vector<uint8_t> pool_kind;
  int tonal_order = 0, tonal_reference = -1;
  std::vector<int32_t> pool_size, cells, cell_start;
  Readings readings[2];  // indexed by WeightSet
  // The pool and the weight set that decided the prediction (Network::deciding_pool,
  // -1 if none), and the mix weights of the three readouts (Readout order).
  int deciding_pool = -1;
  WeightSet deciding_set = WeightSet::kSlow;
  std::array<double, kReadouts> mix_weight{};
  // p(next = column | last = row) as pool 1's slow weights hold it (Network::FirstOrderWeights).
  std::vector<float> first_order_weights;

  // One step of the network (Network::Step's or StepTimed's arguments),
  // filling the frame; returns the MIDI note that sounded, as they do.
  int Step(Network& network, int key, bool learn);
  int Step(Network& network, int key, int rhythm_class, bool learn);
  // The network as it is, with no step (a new, reset or opened network): its
  // current drive, nothing fired.
  void Show(const Network& network);

 private:
  // What Step reads before the network steps, and after (`midi` sounded).
  void BeforeStep(const Network& network);
  int AfterStep(const Network& network, int midi);
  void TakeDrive(const Network& network);
  void TakeExpectation(const Network& network);
  void TakeDegreeRow(const Network& network);
};

}  // namespace hpiano
