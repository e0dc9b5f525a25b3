// Helpers shared by the core tests: the project's own melodies and small networks.
#pragma once

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "config.h"
#include "corpus.h"
#include "network.h"

namespace hpiano::testing {

inline std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The 24 built-in tunes the app ships (web/melodies/builtin.txt).
inline std::vector<Melody> BuiltinMelodies() {
  std::vector<Melody> melodies;
  const std::string error =
      ParseCorpus(ReadText(std::string(HPIANO_SOURCE_DIR) + "/web/melodies/builtin.txt"), melodies);
  if (!error.empty() || melodies.empty()) throw std::runtime_error("web/melodies/builtin.txt: " + error);
  return melodies;
}

// A config small enough for exhaustive file tests, still with long contexts.
inline Config SmallConfig() {
  Config config;
  config.pool_size = 64;
  config.tune_pool_size = 256;
  config.context_orders = 4;
  config.slow_orders = 2;
  config.projection_fan_out = 8;
  config.music_pool_size = 256;
  return config;
}

inline Network MakeNetwork(const Config& config) {
  Network network;
  const std::string error = network.Reset(config);
  if (!error.empty()) throw std::runtime_error(error);
  return network;
}

inline void Hear(Network& network, const std::vector<int>& notes, bool learn = true) {
  for (int note : notes) network.Step(note, learn);
}

}  // namespace hpiano::testing
