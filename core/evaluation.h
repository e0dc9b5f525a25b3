// Teacher-forced evaluation: before each note of a melody, read the network's
// pitch-class prediction, score it, then let it hear the note.
#pragma once

#include <array>
#include <functional>
#include <vector>

#include "corpus.h"
#include "network.h"

namespace hpiano {

struct Score {
  long notes = 0;
  long top1 = 0;    // predictions whose most likely pitch class was right
  long top3 = 0;    // ... whose three most likely held it
  double bits = 0;  // sum of -log2 p(true pitch class)
  double Top1() const { return notes ? static_cast<double>(top1) / notes : 0; }
  double Top3() const { return notes ? static_cast<double>(top3) / notes : 0; }
  double BitsPerNote() const { return notes ? bits / notes : 0; }
  void Add(const Score& other);
};

// Called once per prediction: melody index, position in it, true pitch class, prediction.
using PredictionSink = std::function<void(int, int, int, const std::array<double, kPitchClasses>&)>;
// The same for the key (128 values) and the rhythm class (12 values; position =
// the note whose IOI is predicted).
using DistributionSink = std::function<void(int, int, int, const std::vector<double>&)>;

// Pitch class (every note), exact key (every note but a tune's first) and rhythm
// class (every note that has a successor).
struct TimedScore {
  Score pitch_class, key, rhythm;
};

struct TimedSinks {
  PredictionSink pitch_class;
  DistributionSink key, rhythm;
};

// Teaching: the one definition that the command line (train, memory) and the
// page (learn, through the bindings' beginHearing and teach) share.
//
// What precedes hearing number `hearing` (0, 1, ...) of a tune being taught:
// a new tune every time, so the fast weights hold the last hearing only. Tried
// against a rest between hearings (fast weights holding them all): the slow
// weights, so the memory and listening scores, are the same, and played back
// right after teaching (100 tunes of the evaluation corpus, 24 notes from the
// first 4) a new tune got 98.5% of the notes after 3 hearings (rest: 97.5%)
// and 99.4% after 5 (rest: 98.5%).
void BeginHearing(Network& network, long hearing);
// Teaches one tune: `hearings` hearings, learning every note, each with the
// rhythm class of the IOI before it (one beat each when the tune has no
// timing). Returns the notes heard.
long TeachTune(Network& network, const Melody& tune, long hearings);
// Teaches every melody in order, `epochs` times (each time one hearing of
// each, keys clamped). Returns the notes heard.
long Teach(Network& network, const std::vector<Melody>& melodies, long epochs);

// What a network played back of tunes it was taught (see PlayBack).
struct Recall {
  long tunes = 0;          // tunes played back
  long right = 0;          // notes played whose pitch class was the tune's
  long exact = 0;          // notes played in the tune's key and with its rhythm class (of the IOI before the note)
  long exact_perfect = 0;  // tunes played back with every key and rhythm right
  long keys_right = 0;     // notes played in the tune's key
  long rhythms_right = 0;  // notes played with the tune's rhythm class
  long perfect = 0;        // tunes played back with every note right
  double Fraction(long play) const {
    return tunes ? static_cast<double>(right) / (static_cast<double>(tunes) * play) : 0;
  }
  double ExactFraction(long play) const {
    return tunes ? static_cast<double>(exact) / (static_cast<double>(tunes) * play) : 0;
  }
};

// Memory: each tune of at least prime + play notes is started anew (activity
// and fast weights cleared), hears its first `prime` notes with learning off,
// then the network plays `play` notes of its own, scored against the tune's
// next notes. Play at temperature 0 to hear what it holds most likely.
Recall PlayBack(Network& network, const std::vector<Melody>& tunes, long prime, long play);

// Scores one prediction of `true_pitch_class`.
Score ScorePrediction(const std::array<double, kPitchClasses>& p, int true_pitch_class);
// Scores a distribution over `count` outcomes for outcome `truth`.
Score ScoreDistribution(const double* p, int count, int truth);

// Each melody starts a new tune (activity and fast weights cleared, slow
// weights kept); with `learn` the network learns each note after predicting it.
Score Evaluate(Network& network, const std::vector<Melody>& melodies, bool learn, const PredictionSink& sink = {});

// Pitch classes, keys and rhythm classes (unless !score_keys_and_rhythm), each
// note predicted before it is heard, then heard with the rhythm class of the IOI before it.
TimedScore EvaluateTimed(Network& network, const std::vector<Melody>& melodies, bool learn,
                         const TimedSinks& sinks = {}, bool score_keys_and_rhythm = true);

// "top1=… top3=… bits=… notes=…"
std::string FormatScore(const Score& score);
// "top1=… top3=… bits=… key_top1=… key_bits=… rhythm_top1=… rhythm_bits=… notes=…"
std::string FormatTimedScore(const TimedScore& score);

}  // namespace hpiano
