// hpiano_bench: steps per second of the network, listening (predict + learn)
// and playing, across pool sizes and context orders. A benchmark, not a test:
// it prints numbers measured side by side in one run.
//
// usage: hpiano_bench [CORPUS]   (default: web/melodies/builtin.txt)
//        hpiano_bench --listen POOL_SIZE CONTEXT_ORDERS TUNE_POOL CORPUS
//            prints CPU microseconds per listening step for one config (for the
//            WebAssembly benchmark, which runs the same workload beside it)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>

#include "config.h"
#include "corpus.h"
#include "evaluation.h"
#include "network.h"
#include "synth_bench.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

hpiano::Config BenchConfig(int pool_size, int orders, int tune_pool = 1) {
  hpiano::Config config;
  config.tune_pool = tune_pool;
  config.pool_size = pool_size;
  config.tune_pool_size = 8 * pool_size;  // the defaults' ratio (16,384 and 131,072)
  config.context_orders = orders;
  config.slow_orders = std::min(config.slow_orders, orders);
  config.temperature = 1;
  return config;
}

// A network with `config`; a config the core refuses ends the benchmark with its message.
hpiano::Network BenchNetwork(const hpiano::Config& config) {
  hpiano::Network network{hpiano::Network::Unset()};
  const std::string error = network.Reset(config);
  if (!error.empty()) {
    std::fprintf(stderr, "hpiano_bench: %s\n", error.c_str());
    std::exit(1);
  }
  return network;
}

// Listening steps (predict + learn) per second over the corpus, for at least `seconds`.
double ListeningStepsPerSecond(const hpiano::Config& config, const std::vector<hpiano::Melody>& melodies,
                               double seconds) {
  hpiano::Network network = BenchNetwork(config);
  long listened = 0;
  const Clock::time_point start = Clock::now();
  while (Seconds(start) < seconds) listened += hpiano::Evaluate(network, melodies, true).notes;
  return listened / Seconds(start);
}

// CPU microseconds per listening step over the corpus, after one warm-up pass, for at least
// a CPU second: the workload step.bench.mjs times in WebAssembly beside it (CPU time, as the
// machine running both may be shared).
double CpuMicrosecondsPerListeningStep(const hpiano::Config& config, const std::vector<hpiano::Melody>& melodies) {
  hpiano::Network network = BenchNetwork(config);
  hpiano::Evaluate(network, melodies, true);
  long listened = 0;
  const std::clock_t start = std::clock();
  const auto cpu_seconds = [start] { return static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC; };
  while (cpu_seconds() < 1.0) listened += hpiano::Evaluate(network, melodies, true).notes;
  return 1e6 * cpu_seconds() / listened;
}

// Listening steps per second over the corpus heard once by fresh networks (the
// median of `networks`): no context repeats but those the corpus itself repeats,
// so the codes' memo helps only as much as the music repeats itself.
double FirstHearingStepsPerSecond(const hpiano::Config& config, const std::vector<hpiano::Melody>& melodies,
                                  int networks) {
  std::vector<double> rates;
  for (int n = 0; n < networks; ++n) {
    hpiano::Network network = BenchNetwork(config);
    const Clock::time_point start = Clock::now();
    const long listened = hpiano::Evaluate(network, melodies, true).notes;
    rates.push_back(listened / Seconds(start));
  }
  std::sort(rates.begin(), rates.end());
  return rates[rates.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const bool one_config = argc == 6 && std::string(argv[1]) == "--listen";
  const std::string path = one_config ? argv[5] : argc > 1 ? argv[1] : "web/melodies/builtin.txt";
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  std::vector<hpiano::Melody> melodies;
  const std::string error = hpiano::ParseCorpus(text.str(), melodies);
  if (!file || !error.empty() || melodies.empty()) {
    std::fprintf(stderr, "hpiano_bench: cannot read corpus %s %s\n", path.c_str(), error.c_str());
    return 2;
  }
  if (one_config) {
    const hpiano::Config config = BenchConfig(std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]));
    std::printf("%.3f\n", CpuMicrosecondsPerListeningStep(config, melodies));
    return 0;
  }
  std::printf("corpus %s, native build\n\n", path.c_str());
  std::printf("| pool_size | tune_pool_size | context_orders | memory MiB | listening steps/s | playing steps/s |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|\n");
  for (int pool_size : {256, 1024, 4096, 16384}) {
    for (int orders : {1, 4, 8}) {
      const hpiano::Config config = BenchConfig(pool_size, orders);
      const double listening = ListeningStepsPerSecond(config, melodies, 0.5);
      hpiano::Network network = BenchNetwork(config);
      long played = 0;
      network.Rest();
      const Clock::time_point play_start = Clock::now();
      while (Seconds(play_start) < 0.3) {
        for (int i = 0; i < 1000; ++i) network.Step(hpiano::kPlayOwn, false);
        played += 1000;
      }
      const double playing = played / Seconds(play_start);
      std::printf("| %d | %d | %d | %.1f | %.0f | %.0f |\n", pool_size, config.tune_pool_size, orders,
                  hpiano::MemoryBytes(config) / 1048576.0, listening, playing);
    }
  }
  hpiano::Config defaults;
  defaults.temperature = 1;
  std::printf("\ndefaults, the corpus heard once by a fresh network (median of 5): %.0f listening steps/s\n",
              FirstHearingStepsPerSecond(defaults, melodies, 5));
  std::printf("\nsynthesiser: %.1f us per 128-frame quantum with 16 voices (budget at 48 kHz: 2667 us)\n",
              hpiano::SynthNanosecondsPerQuantum(16) / 1000);
  return 0;
}
