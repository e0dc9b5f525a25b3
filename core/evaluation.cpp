#include "evaluation.h"

#include <algorithm>
#include <cstdio>

#include "det_math.h"

namespace hpiano {

void Score::Add(const Score& other) {
  notes += other.notes;
  top1 += other.top1;
  top3 += other.top3;
  bits += other.bits;
}

void BeginHearing(Network& network, long /*hearing*/) { network.NewTune(); }

long TeachTune(Network& network, const std::vector<int>& notes, long hearings) {
  for (long hearing = 0; hearing < hearings; ++hearing) {
    BeginHearing(network, hearing);
    for (int note : notes) network.Step(note, true);
  }
  return static_cast<long>(notes.size()) * hearings;
}

long Teach(Network& network, const std::vector<Melody>& melodies, long epochs) {
  long notes = 0;
  // Epoch by epoch, so that with a rate_floor (which forgets) no tune is heard only long ago.
  for (long epoch = 0; epoch < epochs; ++epoch)
    for (const Melody& melody : melodies) notes += TeachTune(network, melody.notes, 1);
  return notes;
}

Recall PlayBack(Network& network, const std::vector<Melody>& tunes, long prime, long play) {
  Recall recall;
  for (const Melody& tune : tunes) {
    if (static_cast<long>(tune.notes.size()) < prime + play) continue;
    network.NewTune();
    for (long i = 0; i < prime; ++i) network.Step(tune.notes[i], false);
    long right = 0;
    for (long i = prime; i < prime + play; ++i)
      right += network.Step(kPlayOwn, false) % kPitchClasses == tune.notes[i] % kPitchClasses;
    ++recall.tunes;
    recall.right += right;
    recall.perfect += right == play;
  }
  return recall;
}

Score ScorePrediction(const std::array<double, kPitchClasses>& p, int true_pitch_class) {
  Score score;
  score.notes = 1;
  // Rank = how many pitch classes are more likely (ties count against the truth).
  int rank = 0;
  for (int i = 0; i < kPitchClasses; ++i)
    if (i != true_pitch_class && p[i] >= p[true_pitch_class]) ++rank;
  score.top1 = rank < 1;
  score.top3 = rank < 3;
  score.bits = -det_log2(std::max(p[true_pitch_class], 1e-300));
  return score;
}

Score Evaluate(Network& network, const std::vector<Melody>& melodies, bool learn, const PredictionSink& sink) {
  Score total;
  for (size_t m = 0; m < melodies.size(); ++m) {
    network.NewTune();
    const std::vector<int>& notes = melodies[m].notes;
    for (size_t i = 0; i < notes.size(); ++i) {
      const std::array<double, kPitchClasses> p = network.PitchClassPrediction();
      const int truth = notes[i] % kPitchClasses;
      total.Add(ScorePrediction(p, truth));
      if (sink) sink(static_cast<int>(m), static_cast<int>(i), truth, p);
      network.Step(notes[i], learn);
    }
  }
  return total;
}

std::string FormatScore(const Score& score) {
  char line[160];
  std::snprintf(line, sizeof line, "top1=%.4f top3=%.4f bits=%.4f notes=%ld", score.Top1(), score.Top3(),
                score.BitsPerNote(), score.notes);
  return line;
}

}  // namespace hpiano
