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

long TeachTune(Network& network, const Melody& tune, long hearings) {
  for (long hearing = 0; hearing < hearings; ++hearing) {
    BeginHearing(network, hearing);
    for (size_t i = 0; i < tune.notes.size(); ++i) network.StepTimed(tune.notes[i], RhythmBefore(tune, i), true);
  }
  return static_cast<long>(tune.notes.size()) * hearings;
}

long Teach(Network& network, const std::vector<Melody>& melodies, long epochs) {
  long notes = 0;
  // Epoch by epoch, so that with a rate_floor (which forgets) no tune is heard only long ago.
  for (long epoch = 0; epoch < epochs; ++epoch)
    for (const Melody& melody : melodies) notes += TeachTune(network, melody, 1);
  return notes;
}

Recall PlayBack(Network& network, const std::vector<Melody>& tunes, long prime, long play) {
  Recall recall;
  for (const Melody& tune : tunes) {
    if (static_cast<long>(tune.notes.size()) < prime + play) continue;
    network.NewTune();
    for (long i = 0; i < prime; ++i) network.StepTimed(tune.notes[i], RhythmBefore(tune, i), false);
    long right = 0, exact = 0;
    for (long i = prime; i < prime + play; ++i) {
      const int midi = network.StepTimed(kPlayOwn, kChooseRhythm, false);
      right += midi % kPitchClasses == tune.notes[i] % kPitchClasses;
      exact += midi == tune.notes[i] && network.last_rhythm() == RhythmBefore(tune, i);
      recall.keys_right += midi == tune.notes[i];
      recall.rhythms_right += network.last_rhythm() == RhythmBefore(tune, i);
    }
    ++recall.tunes;
    recall.right += right;
    recall.perfect += right == play;
    recall.exact += exact;
    recall.exact_perfect += exact == play;
  }
  return recall;
}

Score ScoreDistribution(const double* p, int count, int truth) {
  Score score;
  score.notes = 1;
  // Rank = how many outcomes are more likely (ties count against the truth).
  int rank = 0;
  for (int i = 0; i < count; ++i)
    if (i != truth && p[i] >= p[truth]) ++rank;
  score.top1 = rank < 1;
  score.top3 = rank < 3;
  score.bits = -det_log2(std::max(p[truth], 1e-300));
  return score;
}

Score ScorePrediction(const std::array<double, kPitchClasses>& p, int true_pitch_class) {
  return ScoreDistribution(p.data(), kPitchClasses, true_pitch_class);
}

TimedScore EvaluateTimed(Network& network, const std::vector<Melody>& melodies, bool learn, const TimedSinks& sinks,
                         bool score_keys_and_rhythm) {
  TimedScore total;
  std::vector<double> distribution;
  for (size_t m = 0; m < melodies.size(); ++m) {
    network.NewTune();
    const Melody& melody = melodies[m];
    for (size_t i = 0; i < melody.notes.size(); ++i) {
      const int melody_index = static_cast<int>(m), position = static_cast<int>(i);
      const std::array<double, kPitchClasses> p = network.PitchClassPrediction();
      const int truth = melody.notes[i] % kPitchClasses;
      total.pitch_class.Add(ScorePrediction(p, truth));
      if (sinks.pitch_class) sinks.pitch_class(melody_index, position, truth, p);
      const int rhythm = RhythmBefore(melody, i);
      if (i > 0 && score_keys_and_rhythm) {
        const std::array<double, kMidiKeys> keys = network.KeyPrediction();
        total.key.Add(ScoreDistribution(keys.data(), kMidiKeys, melody.notes[i]));
        if (sinks.key) sinks.key(melody_index, position, melody.notes[i], {keys.begin(), keys.end()});
        distribution = network.rhythm_prediction();
        total.rhythm.Add(ScoreDistribution(distribution.data(), kRhythmClasses, rhythm));
        if (sinks.rhythm) sinks.rhythm(melody_index, position - 1, rhythm, distribution);
      }
      network.StepTimed(melody.notes[i], rhythm, learn);
    }
  }
  return total;
}

Score Evaluate(Network& network, const std::vector<Melody>& melodies, bool learn, const PredictionSink& sink) {
  return EvaluateTimed(network, melodies, learn, {sink, {}, {}}, false).pitch_class;
}

std::string FormatScore(const Score& score) {
  char line[160];
  std::snprintf(line, sizeof line, "top1=%.4f top3=%.4f bits=%.4f notes=%ld", score.Top1(), score.Top3(),
                score.BitsPerNote(), score.notes);
  return line;
}

std::string FormatTimedScore(const TimedScore& score) {
  char line[240];
  std::snprintf(line, sizeof line,
                "top1=%.4f top3=%.4f bits=%.4f key_top1=%.4f key_bits=%.4f rhythm_top1=%.4f rhythm_bits=%.4f notes=%ld",
                score.pitch_class.Top1(), score.pitch_class.Top3(), score.pitch_class.BitsPerNote(), score.key.Top1(),
                score.key.BitsPerNote(), score.rhythm.Top1(), score.rhythm.BitsPerNote(), score.pitch_class.notes);
  return line;
}

}  // namespace hpiano
