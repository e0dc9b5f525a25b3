// The hpiano command line tool, run as a user runs it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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

TEST_F(Cli, PlaysBackAMelodyHeardOnceFromItsFirstNote) {
  const std::vector<int> melody = {64, 62, 60, 62, 64, 64, 64, 62, 62, 62, 64, 67, 67, 64, 62,
                                   60, 62, 64, 64, 64, 64, 62, 62, 64, 62, 60, 60, 62, 64, 62};
  Write("tune.txt", FormatMelody({"mary", melody}) + "\n");
  ASSERT_EQ(Run("train --corpus " + Path("tune.txt") + " --out " + Path("n.hpn")).status, 0);
  const Result played = Run("generate --net " + Path("n.hpn") + " --steps 29 --prime 64 --temperature 0");
  ASSERT_EQ(played.status, 0) << played.err;
  std::istringstream notes(played.out);
  int right = 0, note = 0;
  for (size_t i = 1; notes >> note; ++i) right += i < melody.size() && note == melody[i];
  EXPECT_GE(right, 27);  // 90% of 29, exact MIDI notes
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
  EXPECT_NE(broken.err.find("damaged"), std::string::npos) << broken.err;
  EXPECT_FALSE(std::filesystem::exists(Path("c.hpn")));
}

TEST_F(Cli, ImportsTheMelodyOfEachRealMidiFile) {
  for (const Melody& tune : testing::BuiltinMelodies()) {
    const std::string file = std::string(HPIANO_SOURCE_DIR) + "/tests/data/midi/" + tune.name.substr(4) + ".mid";
    const Result imported = Run("import-midi " + file);
    ASSERT_EQ(imported.status, 0) << imported.err;
    EXPECT_EQ(imported.out, FormatMelody({tune.name.substr(4), tune.notes}) + "\n");
  }
}

TEST_F(Cli, ExportedMidiReadsBackAndTrainsLikeItsCorpusLine) {
  const std::string notes = "62 64 66 67 69 71 73 74";
  ASSERT_EQ(Run("export-midi --notes \"" + notes + "\" --tempo 90 --out " + Path("scale.mid")).status, 0);
  EXPECT_EQ(Run("import-midi " + Path("scale.mid")).out, "scale\t" + notes + "\n");
  Write("scale.txt", "scale\t" + notes + "\n");
  ASSERT_EQ(Run("train --corpus " + Path("scale.mid") + " --out " + Path("a.hpn")).status, 0);
  ASSERT_EQ(Run("train --corpus " + Path("scale.txt") + " --out " + Path("b.hpn")).status, 0);
  EXPECT_EQ(testing::ReadText(Path("a.hpn")), testing::ReadText(Path("b.hpn")));
  Write("fake.mid", "MThd but not really a MIDI file");
  const Result broken = Run("import-midi " + Path("fake.mid"));
  EXPECT_EQ(broken.status, 2);
  EXPECT_EQ(CountLines(broken.err), 1);
  EXPECT_EQ(Run("import-midi " + Path("scale.mid") + " --track 3").status, 2);
}

}  // namespace
}  // namespace hpiano
