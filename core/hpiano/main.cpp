// hpiano: train, evaluate and play the Hebbian network from the command line.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <new>
#include <string>
#include <vector>

#include "cli.h"
#include "compression.h"
#include "det_math.h"
#include "evaluation.h"
#include "frame.h"
#include "midi_file.h"
#include "network_file.h"
#include "share_link.h"

namespace hpiano::cli {
namespace {

struct Command {
  const char* name;
  const char* summary;
  const char* usage;  // options, one per line, with defaults
  std::vector<std::string> valued;
  std::vector<std::string> flags;
  void (*run)(const Options&);
  size_t positionals = 0;  // arguments that are not options
};

void PrintDump(int melody, int position, int truth, const std::array<double, kPitchClasses>& p) {
  std::printf("%d %d %d", melody, position, truth);
  for (double value : p) std::printf(" %.6f", value);
  std::printf("\n");
}

void PrintDistribution(int melody, int position, int truth, const std::vector<double>& p) {
  std::printf("%d %d %d", melody, position, truth);
  for (double value : p) std::printf(" %.6f", value);
  std::printf("\n");
}

// --dump: pitch-class lines; --dump=key: MELODY POSITION TRUE_MIDI p0 ... p127;
// --dump=rhythm: MELODY POSITION TRUE_CLASS r0 ... r11.
void PrintEvaluation(Network& network, const std::vector<Melody>& melodies, bool learn, const Options& options) {
  TimedSinks sinks;
  if (options.Has("dump")) sinks.pitch_class = PrintDump;
  if (options.Has("dump=key")) sinks.key = PrintDistribution;
  if (options.Has("dump=rhythm")) sinks.rhythm = PrintDistribution;
  std::printf("%s\n", FormatTimedScore(EvaluateTimed(network, melodies, learn, sinks)).c_str());
}

// --net, or with --train CORPUS a fresh network (--seed, --set) taught that corpus
// once, without a file in between.
Network NetworkToEvaluate(const Options& options) {
  if (!options.Has("train")) return LoadNetwork(options.Text("net"));
  Network network{Network::Unset()};
  const std::string error = network.Reset(ConfigFromOptions(options));
  if (!error.empty()) throw UsageError(error);
  Teach(network, ReadCorpusFile(options.Text("train")), options.Integer("epochs", 1, 1, 100000));
  return network;
}

void Train(const Options& options) {
  const std::vector<Melody> melodies = ReadCorpusFile(options.Text("corpus"));
  const std::string out = options.Text("out");
  const long epochs = options.Integer("epochs", 1, 1, 100000);
  Network network{Network::Unset()};
  const std::string error = network.Reset(ConfigFromOptions(options));
  if (!error.empty()) throw UsageError(error);
  const long notes = Teach(network, melodies, epochs);
  WriteFileBytes(out, NetworkFile::Save(network));
  std::printf("trained on %zu melodies x %ld epochs (%ld notes), wrote %s\n", melodies.size(), epochs, notes,
              out.c_str());
}

void Predict(const Options& options) {
  Network network = NetworkToEvaluate(options);
  PrintEvaluation(network, ReadCorpusFile(options.Text("corpus")), options.Has("learn"), options);
}

void Online(const Options& options) {
  const std::vector<Melody> melodies = ReadCorpusFile(options.Text("corpus"));
  Network network{Network::Unset()};
  const std::string error = network.Reset(ConfigFromOptions(options));
  if (!error.empty()) throw UsageError(error);
  PrintEvaluation(network, melodies, true, options);
}

// The network of --net, ready to play: --temperature and --seed applied.
Network LoadNetworkToPlay(const Options& options) {
  Network network = NetworkToEvaluate(options);
  Config config = network.config();
  config.temperature = options.Number("temperature", config.temperature, 0, 100);
  const std::string error = network.Adjust(config);
  if (!error.empty()) throw UsageError(error);
  if (options.Has("seed")) network.Reseed(static_cast<uint64_t>(options.Integer("seed", 1, 0, 9007199254740991L)));
  return network;
}

// The rhythm class the network expects for the IOI after its last note: the
// likeliest (the first of equals), or one beat while it expects none more than
// another. The page gives the last note it plays the same (network.js,
// NetworkModel.expectedRhythm).
int ExpectedRhythm(const Network& network) {
  const std::vector<double>& p = network.rhythm_prediction();
  const int likeliest = p.empty() ? -1 : Likeliest(p.data(), kRhythmClasses);
  return likeliest < 0 ? kOneBeatClass : likeliest;
}

// Plays after hearing the prime (with its timing); prints what it played as a
// corpus line's notes, MIDI:IOI (--untimed: MIDI numbers only).
void Generate(const Options& options) {
  if (!options.Has("steps")) throw UsageError("missing option --steps");
  const long steps = options.Integer("steps", 0, 0, 10000000);
  const bool timed = !options.Has("untimed");
  Network network = LoadNetworkToPlay(options);
  network.Rest();
  const Melody prime = ParseNoteList(options.Text("prime", ""), "prime");
  for (size_t i = 0; i < prime.notes.size(); ++i) network.StepTimed(prime.notes[i], RhythmBefore(prime, i), false);
  // A note's IOI is the rhythm class the network chooses as it plays the next
  // note; the last note's, the one it expects (as the page's player gives it).
  Melody played;
  for (long i = 0; i < steps; ++i) {
    played.notes.push_back(network.Step(kPlayOwn, false));
    if (timed && i > 0)
      played.iois.push_back(IsRhythmClass(network.last_rhythm()) ? RhythmClassIoi(network.last_rhythm()) : Ioi{});
  }
  if (timed && steps > 0) played.iois.push_back(RhythmClassIoi(ExpectedRhythm(network)));
  const std::string line = FormatMelody(played, timed);
  std::printf("%s\n", line.substr(line.find('\t') + 1).c_str());
}

// Memory of the slow weights: taught the first N tunes of a corpus (those with
// at least prime + play notes), each tune is started anew (fast weights
// cleared), primed with its first notes (learning off) and then played on its
// own at temperature 0; scores the pitch classes played against the tune's.
void Memory(const Options& options) {
  const std::vector<Melody> corpus = ReadCorpusFile(options.Text("corpus"));
  const long tune_count = options.Integer("tunes", 20, 1, 100000);
  const long epochs = options.Integer("epochs", 5, 1, 100000);
  const long prime = options.Integer("prime", 4, 1, 1000);
  const long play = options.Integer("play", 24, 1, 100000);
  std::vector<Melody> tunes;
  for (const Melody& melody : corpus)
    if (static_cast<long>(tunes.size()) < tune_count && static_cast<long>(melody.notes.size()) >= prime + play)
      tunes.push_back(melody);
  Config config = ConfigFromOptions(options);
  config.temperature = 0;
  Network network{Network::Unset()};
  const std::string error = network.Reset(config);
  if (!error.empty()) throw UsageError(error);
  Teach(network, tunes, epochs);
  const Recall recall = PlayBack(network, tunes, prime, play);
  const double played = static_cast<double>(recall.tunes) * play;
  std::printf("tunes=%zu epochs=%ld recalled=%.4f perfect=%ld exact=%.4f exact_perfect=%ld keys=%.4f rhythms=%.4f\n",
              tunes.size(), epochs, recall.Fraction(play), recall.perfect, recall.ExactFraction(play),
              recall.exact_perfect, recall.keys_right / played, recall.rhythms_right / played);
}

// KL(reference || played) in bits, both histograms smoothed by adding half an
// observation to every bin so that a bin the network never played stays finite.
double KlBits(const std::vector<double>& reference, const std::vector<double>& played) {
  double reference_total = 0, played_total = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    reference_total += reference[i] + 0.5;
    played_total += played[i] + 0.5;
  }
  double bits = 0;
  for (size_t i = 0; i < reference.size(); ++i) {
    const double p = (reference[i] + 0.5) / reference_total, q = (played[i] + 0.5) / played_total;
    bits += p * det_log2(p / q);
  }
  return bits;
}

// Interval histogram (semitones, clamped to -12..12: 25 bins) and pitch-class histogram of a note list.
void AddHistograms(const std::vector<int>& notes, std::vector<double>& intervals, std::vector<double>& pitch_classes) {
  for (size_t i = 0; i < notes.size(); ++i) {
    pitch_classes[notes[i] % kPitchClasses] += 1;
    if (i > 0) intervals[std::clamp(notes[i] - notes[i - 1], -12, 12) + 12] += 1;
  }
}

// Most times in a row any `length`-note pattern repeats (1 = no pattern repeats back to back).
int LongestRepeat(const std::vector<int>& notes, int length) {
  int longest = 1;
  for (size_t start = 0; start + length <= notes.size(); ++start) {
    int times = 1;
    while (start + (times + 1) * length <= notes.size() &&
           std::equal(notes.begin() + start, notes.begin() + start + length, notes.begin() + start + times * length))
      ++times;
    longest = std::max(longest, times);
  }
  return longest;
}

// A baseline for play-stats: `steps` notes drawn from the corpus's first-order
// pitch-class statistics (a bigram, counts + 1), each placed in the octave
// nearest the previous note.
std::vector<int> BigramSamples(const std::vector<Melody>& corpus, long steps, uint64_t seed) {
  std::vector<double> counts(kPitchClasses * kPitchClasses, 1.0);
  for (const Melody& melody : corpus)
    for (size_t i = 1; i < melody.notes.size(); ++i)
      counts[(melody.notes[i - 1] % kPitchClasses) * kPitchClasses + melody.notes[i] % kPitchClasses] += 1;
  Pcg32 generator(seed);
  std::vector<int> played = {corpus.front().notes.front()};
  while (static_cast<long>(played.size()) < steps) {
    const int last = played.back();
    const double* row = &counts[(last % kPitchClasses) * kPitchClasses];
    double total = 0;
    for (int i = 0; i < kPitchClasses; ++i) total += row[i];
    double draw = generator.Uniform() * total;
    int next = 0;
    while (next < kPitchClasses - 1 && (draw -= row[next]) >= 0) ++next;
    const int up = (next - last % kPitchClasses + kPitchClasses) % kPitchClasses;  // 0..11 semitones up
    played.push_back(std::clamp(up <= 6 ? last + up : last + up - kPitchClasses, 0, 127));
  }
  return played;
}

void PlayStats(const Options& options) {
  Network network = LoadNetworkToPlay(options);
  const std::vector<Melody> corpus = ReadCorpusFile(options.Text("corpus"));
  const long steps = options.Integer("steps", 1000, 2, 10000000);
  network.NewTune();
  std::vector<int> played;
  for (long i = 0; i < steps; ++i) played.push_back(network.Step(kPlayOwn, false));
  std::vector<double> corpus_intervals(25), corpus_pitch_classes(kPitchClasses);
  for (const Melody& melody : corpus) AddHistograms(melody.notes, corpus_intervals, corpus_pitch_classes);
  std::vector<double> intervals(25), pitch_classes(kPitchClasses);
  AddHistograms(played, intervals, pitch_classes);
  const uint64_t bigram_seed = static_cast<uint64_t>(options.Integer("seed", 1, 0, 9007199254740991L));
  const std::vector<int> bigram = BigramSamples(corpus, steps, bigram_seed);
  std::vector<double> bigram_intervals(25), bigram_pitch_classes(kPitchClasses);
  AddHistograms(bigram, bigram_intervals, bigram_pitch_classes);
  std::printf(
      "notes=%ld temperature=%g interval_kl=%.4f pitch_class_kl=%.4f longest_8_note_repeat=%d"
      " | bigram samples: interval_kl=%.4f pitch_class_kl=%.4f longest_8_note_repeat=%d\n",
      steps, network.config().temperature, KlBits(corpus_intervals, intervals),
      KlBits(corpus_pitch_classes, pitch_classes), LongestRepeat(played, 8), KlBits(corpus_intervals, bigram_intervals),
      KlBits(corpus_pitch_classes, bigram_pitch_classes), LongestRepeat(bigram, 8));
}

void Info(const Options& options) {
  const std::string path = options.Text("net");
  NetworkNotes notes;
  const Network network = LoadNetwork(path, &notes);
  std::printf("network %s\n", path.c_str());
  if (!notes.title.empty()) std::printf("title: %s\n", notes.title.c_str());
  for (const auto& [key, value] : notes.page_settings)
    std::printf("page setting: %s = %s\n", key.c_str(), value.c_str());
  for (const ParamInfo& param : ConfigParams())
    std::printf("  %-19s = %.10g\n", param.name, GetParam(network.config(), param.name));
  std::printf("steps heard or played: %llu\n", static_cast<unsigned long long>(network.steps()));
  for (WeightSet set : {WeightSet::kSlow, WeightSet::kFast}) {
    const std::vector<uint32_t>& usage = network.usage(set);
    const std::vector<float>& weights = network.weights(set);
    long used = 0;
    uint32_t max_usage = 0;
    float low = 1, high = 0;
    for (size_t cell = 0; cell < usage.size(); ++cell) {
      if (!usage[cell]) continue;
      ++used;
      max_usage = std::max(max_usage, usage[cell]);
      for (int i = 0; i < network.note_count(); ++i) {
        low = std::min(low, weights[cell * network.note_count() + i]);
        high = std::max(high, weights[cell * network.note_count() + i]);
      }
    }
    std::printf("%s weights: %ld of %zu cells used, usage up to %u", set == WeightSet::kSlow ? "slow" : "fast", used,
                usage.size(), max_usage);
    if (used) std::printf(", weights in [%.4f, %.4f]", low, high);
    std::printf("\n");
  }
  const auto [low, high] = std::minmax_element(network.thresholds().begin(), network.thresholds().end());
  std::printf("thresholds in [%.4f, %.4f] nats\n", *low, *high);
  std::printf("history: %zu bytes\n", network.history().size());
}

void Share(const Options& options) {
  NetworkNotes notes;
  const Network network = LoadNetwork(options.Text("net"), &notes);
  if (options.Has("title")) notes.title = options.Text("title");
  if (notes.title.size() > kMaxTitleBytes) throw UsageError("--title is longer than 256 bytes");
  if (network.history().size() > kMaxShareHistoryBytes)
    throw UsageError("the network's history is too long for a link: share the .hpn file (?src=URL)");
  std::vector<uint8_t> compressed;
  const std::string error = DeflateRaw(EncodeSharePayload(network, notes), compressed);
  if (!error.empty()) throw UsageError(error);
  std::printf("%s\n", ShareFragment(compressed).c_str());
}

void Unshare(const Options& options) {
  std::vector<uint8_t> compressed, payload;
  std::string error = CompressedFromLink(options.Text("link"), compressed);
  if (error.empty()) error = InflateRaw(compressed, kMaxSharePayloadBytes, payload);
  Network network{Network::Unset()};
  NetworkNotes notes;
  if (error.empty()) error = DecodeSharePayload(payload, network, notes);
  if (!error.empty()) throw UsageError(error);
  WriteFileBytes(options.Text("out"), NetworkFile::Save(network, notes));
}

void ImportMidi(const Options& options) {
  if (options.positional().size() != 1) throw UsageError("import-midi takes one FILE.mid");
  const std::string path = options.positional()[0];
  const Melody melody =
      ReadMidiFile(path, ReadFileBytes(path), static_cast<int>(options.Integer("track", -1, 0, 65535)));
  std::printf("%s\n", FormatMelody(melody, true).c_str());
}

void ExportMidi(const Options& options) {
  Melody melody = ParseNoteList(options.Text("notes"), "notes");
  if (melody.notes.empty()) throw UsageError("--notes has no notes");
  const std::string out = options.Text("out");
  melody.name = MelodyNameFromPath(out);
  WriteFileBytes(out, WriteMidiMelody(melody, options.Number("tempo", 120, 1, 1000)));
}

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"train",
       "hear every melody of a corpus (learning on) and write the network",
       "  --corpus FILE      melodies, one per line: name<TAB>MIDI or MIDI:IOI notes, or a .mid file\n"
       "                     (its first track with notes, with its timing) (required)\n"
       "  --out NET.hpn      network file to write (required)\n"
       "  --epochs E         times through the corpus (default 1)\n"
       "  --seed S           seed of the random projections and draws (default 1)\n"
       "  --set key=value    any network parameter (repeatable; see 'hpiano params')\n",
       {"corpus", "out", "epochs", "seed"},
       {},
       Train},
      {"predict",
       "score the next-note predictions of a network on a corpus",
       "  --net NET.hpn      network file (required unless --train)\n"
       "  --train FILE       instead: a fresh network (--seed, --set) taught this corpus --epochs times (default 1)\n"
       "  --corpus FILE      melodies to predict, a corpus or a .mid file (required)\n"
       "  --learn            keep learning while hearing each melody (default: frozen)\n"
       "  --dump             first print one line per prediction:\n"
       "                     MELODY POSITION TRUE_PITCH_CLASS p0 ... p11\n"
       "  --dump=key         MELODY POSITION TRUE_MIDI p0 ... p127 (from each tune's second note)\n"
       "  --dump=rhythm      MELODY POSITION TRUE_CLASS r0 ... r11 (POSITION: the note whose IOI is predicted)\n"
       "Prints top1=... top3=... bits=... (pitch class) key_top1=... key_bits=... (exact key,\n"
       "a tune's first note not scored) rhythm_top1=... rhythm_bits=... (rhythm class of the IOI,\n"
       "every note with a successor) notes=...\n",
       {"net", "corpus", "train", "seed", "epochs"},
       {"learn", "dump", "dump=key", "dump=rhythm"},
       Predict},
      {"online",
       "learn a corpus from scratch, predicting each note before hearing it",
       "  --corpus FILE      melodies, a corpus or a .mid file (required)\n"
       "  --seed S           seed (default 1)\n"
       "  --set key=value    any network parameter (repeatable)\n"
       "  --dump             one line per prediction, as for predict\n",
       {"corpus", "seed"},
       {"dump"},
       Online},
      {"generate",
       "let the network play on its own after hearing a prime",
       "  --net NET.hpn      network file (required)\n"
       "  --steps N          notes to play (required)\n"
       "  --seed S           seed of the draws (default: the network's generator as saved)\n"
       "  --prime \"60:1/2 62\" notes it hears first, after a rest, MIDI or MIDI:IOI (default none)\n"
       "  --temperature T    0 plays the top candidate; > 0 samples (default: the network's, 1)\n"
       "  --train FILE       instead of --net: a fresh network (--set) taught this corpus --epochs times\n"
       "  --untimed          print MIDI notes only\n"
       "Prints the notes it played as a timed corpus line's notes: MIDI:IOI, IOI the beats from\n"
       "the note's onset to the next one's, the rhythm class the network chose (for the last\n"
       "note, the class it expects next).\n",
       {"net", "steps", "seed", "prime", "temperature", "train", "epochs"},
       {"untimed"},
       Generate},
      {"share",
       "print the link fragment that opens this network on the page",
       "  --net NET.hpn      network file (required)\n"
       "  --title T          title shown with the network (default: the file's, if any)\n"
       "Prints net=... : put it after '#' in the page's address.\n",
       {"net", "title"},
       {},
       Share},
      {"unshare",
       "write the network a share link holds",
       "  --link LINK        a whole URL or just its fragment (net=...) (required)\n"
       "  --out NET.hpn      network file to write (required)\n",
       {"link", "out"},
       {},
       Unshare},
      {"import-midi",
       "print the melody of a Standard MIDI File as one corpus line",
       "  FILE.mid           the file (required)\n"
       "  --track N          track to read, from 0 (default: the first track that has notes)\n"
       "Prints name<TAB>MIDI:IOI ..., IOI the beats from each note's onset to the next one's (a rest\n"
       "adds to the note before it; the last note: its length, to 1/48 beat), from the file's\n"
       "ticks per quarter note (a file timed in SMPTE frames: at its first tempo, 120 bpm if none).\n"
       "Where several notes start together, the highest is the melody.\n",
       {"track"},
       {},
       ImportMidi,
       1},
      {"export-midi",
       "write notes as a Standard MIDI File, in their rhythm",
       "  --notes \"60:1/2 62:1/2 64:1\" MIDI or MIDI:IOI (one beat), as a corpus line (required)\n"
       "  --out FILE.mid     file to write (required)\n"
       "  --tempo BPM        beats per minute (default 120)\n"
       "Each note starts at its IOI after the one before and is held 0.9 of it (the last note all of it).\n",
       {"notes", "out", "tempo"},
       {},
       ExportMidi},
      {"memory",
       "teach the first tunes of a corpus, then play each back from its first notes (slow weights)",
       "  --corpus FILE      melodies (required); tunes shorter than prime + play are skipped\n"
       "  --tunes N          how many tunes to teach (default 20)\n"
       "  --epochs E         times through those tunes (default 5)\n"
       "  --prime P          notes heard (learning off) after each new tune (default 4)\n"
       "  --play N           notes then played on its own at temperature 0 (default 24)\n"
       "  --seed S           seed (default 1)\n"
       "  --set key=value    any network parameter (repeatable)\n"
       "Prints tunes=... epochs=... recalled=FRACTION perfect=TUNES (pitch classes right, in order).\n",
       {"corpus", "tunes", "epochs", "prime", "play", "seed"},
       {},
       Memory},
      {"play-stats",
       "let the network play on its own and compare what it plays with a corpus",
       "  --net NET.hpn      network file (required)\n"
       "  --corpus FILE      reference melodies (required)\n"
       "  --steps N          notes to play after a new tune (default 1000)\n"
       "  --temperature T    default: the network's\n"
       "  --seed S           seed of the draws (default: the network's generator as saved)\n"
       "Prints interval_kl and pitch_class_kl (bits, KL(corpus || played)) and the most times in a row\n"
       "an 8-note pattern repeats, then the same for as many notes drawn from the corpus's bigram.\n",
       {"net", "corpus", "steps", "temperature", "seed"},
       {},
       PlayStats},
      {"info",
       "print a network's config and statistics",
       "  --net NET.hpn      network file (required)\n",
       {"net"},
       {},
       Info},
  };
  return commands;
}

void PrintHelp() {
  std::printf(
      "hpiano: a neural network that learns melodies by Hebbian learning\n\n"
      "usage: hpiano COMMAND [options]    hpiano COMMAND --help    hpiano params\n\ncommands:\n");
  for (const Command& command : Commands()) std::printf("  %-10s %s\n", command.name, command.summary);
  std::printf("  %-10s %s\n", "params", "list the network parameters, their ranges and defaults");
  std::printf("\nerrors print one line on stderr and exit with status 2.\n");
}

void PrintParams() {
  const Config defaults;
  for (const ParamInfo& param : ConfigParams())
    std::printf("%-19s default %-10.16g range %.16g..%.16g  %s\n", param.name, GetParam(defaults, param.name),
                param.min, param.max, param.help);
}

int Run(const std::vector<std::string>& args) {
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    PrintHelp();
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "params") {
    PrintParams();
    return 0;
  }
  for (const Command& command : Commands()) {
    if (args[0] != command.name) continue;
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
      std::printf("hpiano %s: %s\n\n%s", command.name, command.summary, command.usage);
      return 0;
    }
    const Options options(rest, command.valued, command.flags);
    if (options.positional().size() > command.positionals)
      throw UsageError("unexpected argument '" + options.positional().back() + "'");
    command.run(options);
    return 0;
  }
  throw UsageError("unknown command '" + args[0] + "' (see hpiano --help)");
}

}  // namespace
}  // namespace hpiano::cli

int main(int argc, char** argv) {
  try {
    return hpiano::cli::Run(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const hpiano::cli::UsageError& error) {
    std::fprintf(stderr, "hpiano: %s\n", error.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "hpiano: out of memory\n");
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hpiano: %s\n", error.what());
  }
  return 2;
}
