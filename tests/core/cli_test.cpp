// The hpiano command line tool, run as a user runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

#include "test_support.h"

namespace hpiano {
namespace {

struct Result {
  int status;
  std::string out, err;
};

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ =
        std::filesystem::temp_directory_path() / ("hpiano_cli_" + std::to_string(::getpid()) + "_" +
                                                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string Path(const std::string& name) const { return (directory_ / name).string(); }

  void Write(const std::string& name, const std::string& text) const { std::ofstream(Path(name)) << text; }

  Result Run(const std::string& arguments) const {
    const std::string out = Path("stdout"), err = Path("stderr");
    const int raw = std::system((std::string(HPIANO_CLI) + " " + arguments + " >" + out + " 2>" + err).c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw), testing::ReadText(out), testing::ReadText(err)};
  }

  std::filesystem::path directory_;
};

std::string Builtin() { return std::string(HPIANO_SOURCE_DIR) + "/web/melodies/builtin.txt"; }

int CountLines(const std::string& text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// The lines of the timed corpus's builtin.txt (tests/core/fixtures), each with its newline.
std::vector<std::string> TimedBuiltinLines() {
  std::istringstream text(testing::ReadText(std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/builtin_timed.txt"));
  std::vector<std::string> lines;
  for (std::string line; std::getline(text, line);) lines.push_back(line + "\n");
  return lines;
}

// generate's output (notes of a corpus line) as a melody.
Melody MelodyOfTokens(const std::string& tokens) {
  std::vector<Melody> melodies;
  const std::string error = ParseCorpus("played\t" + tokens, melodies);
  if (!error.empty() || melodies.size() != 1) throw std::runtime_error("not a corpus line's notes: " + tokens);
  return melodies[0];
}

TEST_F(Cli, HelpListsEveryCommandAndEachCommandItsOptionsWithDefaults) {
  const Result help = Run("--help");
  EXPECT_EQ(help.status, 0);
  for (const char* command : {"train", "predict", "online", "generate", "info"})
    EXPECT_NE(help.out.find(command), std::string::npos) << command;
  const Result train = Run("train --help");
  EXPECT_EQ(train.status, 0);
  EXPECT_NE(train.out.find("--epochs E"), std::string::npos);
  EXPECT_NE(train.out.find("default 1"), std::string::npos);
  EXPECT_NE(Run("params").out.find("pool_size           default 16384"), std::string::npos);
}

TEST_F(Cli, ErrorsExitWithStatusTwoAndOneLineNamingTheProblem) {
  Write("bad.txt", "ok\t60 62\nbroken\t60 x\n");
  Write("fake.hpn", "this is not a network");
  struct Case {
    std::string arguments, expected;
  };
  const std::vector<Case> cases = {
      {"train --corpus " + Path("missing.txt") + " --out " + Path("n.hpn"), "missing.txt"},
      {"train --corpus " + Path("bad.txt") + " --out " + Path("n.hpn"), "line 2"},
      {"train --corpus " + Builtin() + " --out " + Path("n.hpn") + " --frobnicate", "unknown option"},
      {"train --corpus " + Builtin() + " --out " + Path("n.hpn") + " --epochs -3", "--epochs"},
      {"train --corpus " + Builtin() + " --out " + Path("n.hpn") + " --set k_notes=0", "k_notes"},
      {"predict --net " + Path("fake.hpn") + " --corpus " + Builtin(), "not a Hebbian Piano network"},
      {"generate --net " + Path("fake.hpn"), "--steps"},
      {"dance", "unknown command"},
  };
  for (const Case& c : cases) {
    const Result result = Run(c.arguments);
    EXPECT_EQ(result.status, 2) << c.arguments;
    EXPECT_EQ(CountLines(result.err), 1) << result.err;
    EXPECT_NE(result.err.find(c.expected), std::string::npos) << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(Path("n.hpn")));
}

// Files are written to NAME.tmp and renamed: a write that fails (here the
// temporary is /dev/full, so the flush finds the disk full) leaves neither
// NAME nor NAME.tmp behind.
TEST_F(Cli, AFailedWriteLeavesNoTemporaryFile) {
  std::filesystem::create_symlink("/dev/full", Path("out.hpn.tmp"));
  Write("one.txt", "tune\t60 62 64 65 67\n");
  const Result result = Run("train --corpus " + Path("one.txt") + " --out " + Path("out.hpn"));
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("cannot write"), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::symlink_status(Path("out.hpn.tmp"))));
  EXPECT_FALSE(std::filesystem::exists(Path("out.hpn")));
}

// generate prints MIDI:IOI, each note's IOI the class the network chose for
// the gap to the next note (the last one's: one step more than is printed).
TEST_F(Cli, PlaysBackAMelodyHeardOnceFromItsFirstNoteInItsRhythm) {
  const std::vector<int> melody = {64, 62, 60, 62, 64, 64, 64, 62, 62, 62, 64, 67, 67, 64, 62,
                                   60, 62, 64, 64, 64, 64, 62, 62, 64, 62, 60, 60, 62, 64, 62};
  std::vector<Ioi> iois;
  for (size_t i = 0; i < melody.size(); ++i)
    iois.push_back(i % 4 == 0 ? Ioi{3, 4} : i % 4 == 1 ? Ioi{1, 4} : Ioi{1, 2});
  Write("tune.txt", FormatMelody({"mary", melody, iois}) + "\n");
  ASSERT_EQ(Run("train --corpus " + Path("tune.txt") + " --out " + Path("n.hpn")).status, 0);
  const Result played = Run("generate --net " + Path("n.hpn") + " --steps 29 --prime 64:3/4 --temperature 0");
  ASSERT_EQ(played.status, 0) << played.err;
  const Melody tokens = MelodyOfTokens(played.out.substr(0, played.out.find('\n')));
  ASSERT_EQ(tokens.notes.size(), 29u);
  int keys_right = 0, rhythms_right = 0;
  for (size_t i = 0; i < tokens.notes.size(); ++i) {
    keys_right += tokens.notes[i] == melody[i + 1];
    rhythms_right += i + 2 < melody.size() && tokens.iois[i] == iois[i + 1];
  }
  EXPECT_GE(keys_right, 27);     // 90% of 29, exact MIDI notes
  EXPECT_GE(rhythms_right, 25);  // 90% of the 28 IOIs between notes it played
  const Result untimed =
      Run("generate --net " + Path("n.hpn") + " --steps 29 --prime 64:3/4 --temperature 0 --untimed");
  std::string notes_only;
  for (int note : tokens.notes) notes_only += (notes_only.empty() ? "" : " ") + std::to_string(note);
  EXPECT_EQ(untimed.out, notes_only + "\n");
  const Result bad_prime = Run("generate --net " + Path("n.hpn") + " --steps 2 --prime \"64:0 62\"");
  EXPECT_EQ(bad_prime.status, 2);
  EXPECT_EQ(bad_prime.err,
            "hpiano: --prime: '64:0' has no valid IOI (beats > 0: a whole number or a fraction like 1/2)\n");
}

TEST_F(Cli, SameSeedGivesByteIdenticalFilesAndNotes) {
  const std::string train = "train --corpus " + Builtin() + " --seed 5 --set pool_size=512 --out ";
  ASSERT_EQ(Run(train + Path("a.hpn")).status, 0);
  ASSERT_EQ(Run(train + Path("b.hpn")).status, 0);
  EXPECT_EQ(testing::ReadText(Path("a.hpn")), testing::ReadText(Path("b.hpn")));
  const std::string generate = " --steps 100 --temperature 1 --seed 9 --prime \"62 64\"";
  const Result first = Run("generate --net " + Path("a.hpn") + generate);
  const Result second = Run("generate --net " + Path("b.hpn") + generate);
  EXPECT_EQ(first.out, second.out);
  EXPECT_NE(first.out, Run("generate --net " + Path("a.hpn") + " --steps 100 --temperature 1 --seed 10").out);
}

TEST_F(Cli, PredictDumpsOneNormalisedLinePerNoteThenTheSummary) {
  ASSERT_EQ(Run("train --corpus " + Builtin() + " --out " + Path("n.hpn")).status, 0);
  Write("two.txt", "a\t60 62 64 65\nb\t67 65 64\n");
  const Result result = Run("predict --net " + Path("n.hpn") + " --corpus " + Path("two.txt") + " --dump");
  ASSERT_EQ(result.status, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  int predictions = 0;
  while (std::getline(lines, line) && line.rfind("top1=", 0) != 0) {
    std::istringstream fields(line);
    int melody, position, truth;
    fields >> melody >> position >> truth;
    double p, sum = 0;
    int count = 0;
    while (fields >> p) sum += p, ++count;
    EXPECT_EQ(count, 12);
    EXPECT_NEAR(sum, 1.0, 1e-4);
    EXPECT_EQ(truth, (melody == 0 ? std::vector<int>{0, 2, 4, 5} : std::vector<int>{7, 5, 4})[position]);
    ++predictions;
  }
  EXPECT_EQ(predictions, 7);
  EXPECT_NE(line.find("notes=7"), std::string::npos) << line;
  // Frozen prediction leaves the file as it was, so predicting twice agrees.
  EXPECT_EQ(Run("predict --net " + Path("n.hpn") + " --corpus " + Path("two.txt")).out, line + "\n");
}

TEST_F(Cli, PredictScoresKeysAndRhythmAndDumpsTheirDistributions) {
  Write("jig.txt", "a\t62:1/2 64:1/2 66:1/2 67:3/2 74:1/2 62:1\nb\t67:1 79:1/2 78:1/2 76:3\n");
  const std::string predict = "predict --train " + Builtin() + " --corpus " + Path("jig.txt") + " --learn";
  const Result summary = Run(predict);
  ASSERT_EQ(summary.status, 0) << summary.err;
  for (const char* field :
       {"top1=", "top3=", "bits=", "key_top1=", "key_bits=", "rhythm_top1=", "rhythm_bits=", "notes=10"})
    EXPECT_NE(summary.out.find(field), std::string::npos) << field << " in " << summary.out;
  for (const auto& [dump, values, truths] : std::vector<std::tuple<std::string, int, std::vector<int>>>{
           {"key", 128, {64, 66, 67, 74, 62, 79, 78, 76}}, {"rhythm", 12, {3, 3, 3, 7, 3, 6, 3, 3}}}) {
    const Result result = Run(predict + " --dump=" + dump);
    ASSERT_EQ(result.status, 0) << result.err;
    std::istringstream lines(result.out);
    std::string line;
    std::vector<int> seen;
    while (std::getline(lines, line) && line.rfind("top1=", 0) != 0) {
      std::istringstream fields(line);
      int melody, position, truth, count = 0;
      double p, sum = 0;
      fields >> melody >> position >> truth;
      while (fields >> p) sum += p, ++count;
      EXPECT_EQ(count, values) << dump;
      EXPECT_NEAR(sum, 1.0, 1e-3) << dump;
      seen.push_back(truth);
    }
    // Keys from each tune's second note; rhythm for every note with a successor (the same count).
    EXPECT_EQ(seen, truths) << dump;
    EXPECT_EQ(line, summary.out.substr(0, summary.out.size() - 1)) << dump;
  }
}

// A file and a link of format 2, made by the hpiano of that format (tests/core/fixtures:
// a small network taught the first built-in tune, temperature 0.7; what that
// hpiano printed for `generate --steps 40 --seed 5` and `predict --learn` on
// that tune): they open to the network they were, without keys and rhythm, and
// play and predict exactly as then.
TEST_F(Cli, FormatTwoFilesAndLinksOpenToTheNetworkTheyWere) {
  const std::string fixtures = std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/";
  std::string link = testing::ReadText(fixtures + "format2.link");
  link.erase(link.find_last_not_of('\n') + 1);
  ASSERT_EQ(Run("unshare --link " + link + " --out " + Path("from_link.hpn")).status, 0);
  const std::string played = testing::ReadText(fixtures + "format2.generate");
  const std::string scores = testing::ReadText(fixtures + "format2.predict");
  for (const std::string& net : {fixtures + "format2.hpn", Path("from_link.hpn")}) {
    EXPECT_EQ(Run("generate --net " + net + " --steps 40 --seed 5 --untimed").out, played) << net;
    const Result predicted = Run("predict --net " + net + " --corpus " + fixtures + "format2.corpus --learn");
    // The pitch-class scores as then (the key and rhythm scores are new).
    EXPECT_EQ(predicted.out.substr(0, predicted.out.find(" key_top1")), scores.substr(0, scores.find(" notes"))) << net;
    const std::string info = Run("info --net " + net).out;
    const size_t row = info.find("keys_and_rhythm");
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(info.substr(info.find('=', row), 3), "= 0");
  }
}

// A file and a link of format 3, made by the hpiano of that format (tests/core/fixtures:
// a small pitch network, the keys and rhythm at format 3's defaults, taught the
// first 20 notes of the first timed built-in tune twice, temperature 0.7, seed 7;
// what that hpiano printed for `generate --steps 40 --seed 5 --timed` and for
// `predict --learn` on all timed built-in tunes): the link names only what
// differed from format 3's defaults, so they open to the network they were only
// with those defaults, and play keys and rhythm and predict exactly as then.
TEST_F(Cli, FormatThreeFilesAndLinksOpenToTheNetworkTheyWere) {
  const std::string fixtures = std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/";
  std::string link = testing::ReadText(fixtures + "format3.link");
  link.erase(link.find_last_not_of('\n') + 1);
  ASSERT_EQ(Run("unshare --link " + link + " --out " + Path("from_link.hpn")).status, 0);
  const std::string played = testing::ReadText(fixtures + "format3.generate");
  const std::string scores = testing::ReadText(fixtures + "format3.predict");
  // format3.generate is what that hpiano's `generate --timed` printed: each note
  // with the IOI chosen before it. generate now prints each with the IOI after
  // it (as a corpus line): the same notes, the IOIs one note earlier.
  const Melody then = MelodyOfTokens(played.substr(0, played.find('\n')));
  ASSERT_EQ(then.notes.size(), 40u);
  for (const std::string& net : {fixtures + "format3.hpn", Path("from_link.hpn")}) {
    const Melody now = MelodyOfTokens(Run("generate --net " + net + " --steps 40 --seed 5").out);
    EXPECT_EQ(now.notes, then.notes) << net;
    ASSERT_EQ(now.iois.size(), 40u);
    EXPECT_TRUE(std::equal(now.iois.begin(), now.iois.end() - 1, then.iois.begin() + 1)) << net;
    EXPECT_EQ(Run("predict --net " + net + " --corpus " + fixtures + "builtin_timed.txt --learn").out, scores) << net;
  }
}

// A file and a link of format 5, made by the hpiano of that format (tests/core/fixtures: a default network of
// format 5 taught the first 20 notes of the first timed built-in tune twice, seed 7, temperature 0.7; what that
// hpiano printed for `generate --steps 40 --seed 5` and for `predict --learn` on all timed built-in tunes): they
// open with format 5's defaults (contexts of up to 8 notes, its escape and mix; the file's slow weights numbered as
// then) and play and predict exactly as then.
TEST_F(Cli, FormatFiveFilesAndLinksOpenToTheNetworkTheyWere) {
  const std::string fixtures = std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/";
  std::string link = testing::ReadText(fixtures + "format5.link");
  link.erase(link.find_last_not_of('\n') + 1);
  ASSERT_EQ(Run("unshare --link " + link + " --out " + Path("from_link.hpn")).status, 0);
  const std::string played = testing::ReadText(fixtures + "format5.generate");
  const std::string scores = testing::ReadText(fixtures + "format5.predict");
  for (const std::string& net : {fixtures + "format5.hpn", Path("from_link.hpn")}) {
    EXPECT_EQ(Run("generate --net " + net + " --steps 40 --seed 5").out, played) << net;
    EXPECT_EQ(Run("predict --net " + net + " --corpus " + fixtures + "builtin_timed.txt --learn").out, scores) << net;
    const std::string info = Run("info --net " + net).out;
    const size_t row = info.find("context_orders");
    ASSERT_NE(row, std::string::npos);
    EXPECT_EQ(info.substr(info.find('=', row), 3), "= 8");
  }
}

// Format 3 links stay short (issue 10): the history holds one byte per note
// and a rhythm class only where it changes. The built-in tunes with their
// timing (tests/core/fixtures/builtin_timed.txt, the timed corpus's builtin.txt):
// each heard three times in at most ~200 characters, all 24 in at most 2,000.
TEST_F(Cli, ALinkOfTimedBuiltInTunesStaysShort) {
  const std::string timed =
      testing::ReadText(std::string(HPIANO_SOURCE_DIR) + "/tests/core/fixtures/builtin_timed.txt");
  const auto link_length = [this](const std::string& corpus, int epochs) {
    Write("tunes.txt", corpus);
    EXPECT_EQ(
        Run("train --corpus " + Path("tunes.txt") + " --out " + Path("net.hpn") + " --epochs " + std::to_string(epochs))
            .status,
        0);
    std::string fragment = Run("share --net " + Path("net.hpn")).out;
    fragment.erase(fragment.find_last_not_of('\n') + 1);
    return fragment.size();
  };
  size_t longest = 0, start = 0;
  for (size_t end = timed.find('\n'); end != std::string::npos; start = end + 1, end = timed.find('\n', start))
    longest = std::max(longest, link_length(timed.substr(start, end - start + 1), 3));
  EXPECT_LE(longest, 200u);
  EXPECT_LE(link_length(timed, 1), 2000u);
}

TEST_F(Cli, InfoShowsConfigAndStatistics) {
  ASSERT_EQ(Run("train --corpus " + Builtin() + " --set theta_rate=0.1 --out " + Path("n.hpn")).status, 0);
  const Result info = Run("info --net " + Path("n.hpn"));
  EXPECT_NE(info.out.find("theta_rate          = 0.1"), std::string::npos) << info.out;
  EXPECT_NE(info.out.find("weights in [0.0000, 1.0000]"), std::string::npos) << info.out;
}

TEST_F(Cli, ShareThenUnshareGivesTheSameNetworkAndTheSameLink) {
  Write("tune.txt", testing::ReadText(Builtin()).substr(0, testing::ReadText(Builtin()).find('\n') + 1));
  ASSERT_EQ(Run("train --corpus " + Path("tune.txt") + " --out " + Path("a.hpn")).status, 0);
  const Result shared = Run("share --net " + Path("a.hpn") + " --title \"Achonry Lasses\"");
  ASSERT_EQ(shared.status, 0) << shared.err;
  const std::string fragment = shared.out.substr(0, shared.out.find('\n'));
  EXPECT_EQ(fragment.rfind("net=", 0), 0u);
  EXPECT_LT(fragment.size(), 2000u);  // a default network taught one built-in tune
  const Result opened = Run("unshare --link \"http://localhost:8080/#" + fragment + "\" --out " + Path("b.hpn"));
  ASSERT_EQ(opened.status, 0) << opened.err;
  EXPECT_EQ(Run("share --net " + Path("b.hpn")).out, shared.out);  // the title travelled too
  EXPECT_NE(Run("info --net " + Path("b.hpn")).out.find("title: Achonry Lasses\n"), std::string::npos);
  EXPECT_EQ(Run("generate --net " + Path("a.hpn") + " --steps 40 --prime 62").out,
            Run("generate --net " + Path("b.hpn") + " --steps 40 --prime 62").out);
  const Result broken =
      Run("unshare --link \"" + fragment.substr(0, fragment.size() / 2) + "\" --out " + Path("c.hpn"));
  EXPECT_EQ(broken.status, 2);
  // Half a link is refused by name: cut off, or damaged where the cut fell inside its compressed data.
  EXPECT_TRUE(broken.err.find("cut off") != std::string::npos || broken.err.find("damaged") != std::string::npos)
      << broken.err;
  EXPECT_FALSE(std::filesystem::exists(Path("c.hpn")));
}

// The line import-midi prints of each real file is its line of the timed
// corpus (which was read from these files), the name without "cre_".
TEST_F(Cli, ImportsTheTimedLineOfEachRealMidiFile) {
  const std::vector<std::string> lines = TimedBuiltinLines();
  ASSERT_EQ(lines.size(), 24u);
  for (const std::string& line : lines) {
    const std::string name = line.substr(4, line.find('\t') - 4);
    const Result imported = Run("import-midi " + std::string(HPIANO_SOURCE_DIR) + "/tests/data/midi/" + name + ".mid");
    ASSERT_EQ(imported.status, 0) << imported.err;
    EXPECT_EQ(imported.out, line.substr(4));
  }
}

// export-midi writes the rhythm: import-midi of it gives the line back, and
// train, predict and online read the .mid as they read that line.
TEST_F(Cli, ExportedMidiReadsBackInItsRhythmAndTrainsLikeItsCorpusLine) {
  const std::string notes = "62:1/6 64:1/4 66:1/3 67:1/2 69:2/3 71:3/4 73:1 74:3/2 76:2 78:3 79:4 81:6 62:11/2 64:3/2";
  ASSERT_EQ(Run("export-midi --notes \"" + notes + "\" --tempo 90 --out " + Path("scale.mid")).status, 0);
  EXPECT_EQ(Run("import-midi " + Path("scale.mid")).out, "scale\t" + notes + "\n");
  // Every line of the timed built-in tunes goes round too.
  for (const std::string& line : TimedBuiltinLines()) {
    const std::string tokens = line.substr(line.find('\t') + 1, line.size() - line.find('\t') - 2);
    ASSERT_EQ(Run("export-midi --notes \"" + tokens + "\" --out " + Path("tune.mid")).status, 0);
    EXPECT_EQ(Run("import-midi " + Path("tune.mid")).out, "tune\t" + tokens + "\n");
  }
  ASSERT_EQ(Run("export-midi --notes \"60 62\" --out " + Path("beats.mid")).status, 0);
  EXPECT_EQ(Run("import-midi " + Path("beats.mid")).out, "beats\t60:1 62:1\n");
  Write("scale.txt", "scale\t" + notes + "\n");
  ASSERT_EQ(Run("train --corpus " + Path("scale.mid") + " --out " + Path("a.hpn")).status, 0);
  ASSERT_EQ(Run("train --corpus " + Path("scale.txt") + " --out " + Path("b.hpn")).status, 0);
  EXPECT_EQ(testing::ReadText(Path("a.hpn")), testing::ReadText(Path("b.hpn")));
  Write("untimed.txt", "scale\t62 64 66 67 69 71 73 74 76 78 79 81 62 64\n");
  ASSERT_EQ(Run("train --corpus " + Path("untimed.txt") + " --out " + Path("c.hpn")).status, 0);
  EXPECT_NE(testing::ReadText(Path("a.hpn")), testing::ReadText(Path("c.hpn")));
  for (const std::string& command : std::vector<std::string>{"predict --net " + Path("a.hpn") + " --learn", "online"}) {
    const Result from_midi = Run(command + " --corpus " + Path("scale.mid"));
    ASSERT_EQ(from_midi.status, 0) << from_midi.err;
    EXPECT_EQ(from_midi.out, Run(command + " --corpus " + Path("scale.txt")).out) << command;
    EXPECT_NE(from_midi.out, Run(command + " --corpus " + Path("untimed.txt")).out) << command;
  }
  Write("fake.mid", "MThd but not really a MIDI file");
  const Result broken = Run("import-midi " + Path("fake.mid"));
  EXPECT_EQ(broken.status, 2);
  EXPECT_EQ(CountLines(broken.err), 1);
  EXPECT_EQ(Run("import-midi " + Path("scale.mid") + " --track 3").status, 2);
}

}  // namespace
}  // namespace hpiano
