// hpiano_bench: steps per second of the network, listening (predict + learn)
// and playing, across pool sizes and context orders. A benchmark, not a test:
// it prints numbers measured side by side in one run.
//
// usage: hpiano_bench [CORPUS]   (default: web/melodies/builtin.txt)
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "config.h"
#include "corpus.h"
#include "evaluation.h"
#include "network.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

}  // namespace

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "web/melodies/builtin.txt";
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  std::vector<hpiano::Melody> melodies;
  const std::string error = hpiano::ParseCorpus(text.str(), melodies);
  if (!file || !error.empty() || melodies.empty()) {
    std::fprintf(stderr, "hpiano_bench: cannot read corpus %s %s\n", path.c_str(), error.c_str());
    return 2;
  }
  std::printf("corpus %s, native build\n\n", path.c_str());
  std::printf("| pool_size | context_orders | memory MiB | listening steps/s | playing steps/s |\n");
  std::printf("|---:|---:|---:|---:|---:|\n");
  for (int pool_size : {256, 1024, 4096, 16384}) {
    for (int orders : {1, 4, 8}) {
      hpiano::Config config;
      config.pool_size = pool_size;
      config.context_orders = orders;
      config.slow_orders = std::min(config.slow_orders, orders);
      config.temperature = 1;
      hpiano::Network network;
      network.Reset(config);
      // Listening: at least 0.5 s of predict + learn over the corpus.
      long listened = 0;
      const Clock::time_point listen_start = Clock::now();
      while (Seconds(listen_start) < 0.5) listened += hpiano::Evaluate(network, melodies, true).notes;
      const double listening = listened / Seconds(listen_start);
      long played = 0;
      network.Rest();
      const Clock::time_point play_start = Clock::now();
      while (Seconds(play_start) < 0.3) {
        for (int i = 0; i < 1000; ++i) network.Step(hpiano::kPlayOwn, false);
        played += 1000;
      }
      const double playing = played / Seconds(play_start);
      std::printf("| %d | %d | %.1f | %.0f | %.0f |\n", pool_size, orders, hpiano::MemoryBytes(config) / 1048576.0,
                  listening, playing);
    }
  }
  return 0;
}
