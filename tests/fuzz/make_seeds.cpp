// Writes the fuzz targets' seeds from real networks, built through the core
// itself (so every event is encoded by history.h's writer, as in real files):
//   network_file/NAME         a network taught the first three built-in tunes (the file without its CRC)
//   share_link/NAME           a network that heard the first 12 notes of two tunes (payload without CRC)
//   share_link/NAME_every_event  the same, then one event of every other kind
// usage: make_seeds CORPUS OUT_DIR (OUT_DIR/network_file and OUT_DIR/share_link must exist)
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "corpus.h"
#include "evaluation.h"
#include "network_file.h"
#include "share_link.h"

namespace {

using namespace hpiano;

void WriteWithoutCrc(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream file(path, std::ios::binary);
  file.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size() - 4));
  if (!file) throw std::runtime_error("cannot write " + path);
}

Network Taught(const Config& config, const std::vector<Melody>& tunes) {
  Network network{Network::Unset()};
  const std::string error = network.Reset(config);
  if (!error.empty()) throw std::runtime_error(error);
  Teach(network, tunes, 1);
  return network;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: make_seeds CORPUS OUT_DIR\n");
    return 2;
  }
  std::ifstream corpus_file(argv[1]);
  std::stringstream text;
  text << corpus_file.rdbuf();
  std::vector<Melody> melodies;
  const std::string corpus_error = ParseCorpus(text.str(), melodies);
  if (!corpus_error.empty() || melodies.size() < 3) {
    std::fprintf(stderr, "make_seeds: %s: %s\n", argv[1], corpus_error.c_str());
    return 2;
  }
  const std::vector<Melody> three(melodies.begin(), melodies.begin() + 3);
  std::vector<Melody> short_tunes(melodies.begin(), melodies.begin() + 2);
  for (Melody& tune : short_tunes) tune.notes.resize(12);
  const std::string out = argv[2];
  // Small key, rhythm and joint pools too, so every seed fits the fuzz build's network cap.
  const std::vector<std::vector<std::string>> configs = {
      {"pool_size=64", "context_orders=2", "slow_orders=2", "tune_pool_size=256", "music_pool_size=64",
       "music_tune_pool_size=64"},
      {"pool_size=32", "context_orders=4", "slow_orders=1", "tune_pool_size=128", "music_pool_size=32",
       "music_tune_pool_size=64"},
      {"pool_size=16", "octaves=2", "tune_pool_size=64", "music_pool_size=16", "music_tune_pool_size=64"},
      {"pool_size=256", "context_orders=4", "slow_orders=4", "tune_pool_size=512", "music_pool_size=16",
       "music_tune_pool_size=64"}};
  try {
    for (const std::vector<std::string>& assignments : configs) {
      Config config;
      std::string name;
      for (const std::string& assignment : assignments) {
        const std::string error = SetParamFromText(config, assignment);
        if (!error.empty()) throw std::runtime_error(error);
        name += (name.empty() ? "" : "_") + assignment;
      }
      WriteWithoutCrc(out + "/network_file/" + name, NetworkFile::Save(Taught(config, three)));
      Network network = Taught(config, short_tunes);
      const NetworkNotes notes{"seed", {}};
      WriteWithoutCrc(out + "/share_link/" + name, EncodeSharePayload(network, notes));
      network.Rest();
      network.Step(60, false);
      network.Step(kPlayOwn, false);
      network.Step(kPlayOwn, true);
      network.Reseed(7);
      Config adjusted = network.config();
      adjusted.temperature = 0.5;
      const std::string error = network.Adjust(adjusted);
      if (!error.empty()) throw std::runtime_error(error);
      WriteWithoutCrc(out + "/share_link/" + name + "_every_event", EncodeSharePayload(network, notes));
    }
  } catch (const std::exception& error) {
    std::fprintf(stderr, "make_seeds: %s\n", error.what());
    return 1;
  }
  return 0;
}
