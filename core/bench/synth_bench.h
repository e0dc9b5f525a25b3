// Cost of the piano synthesiser: what the AudioWorklet pays per render quantum.
#pragma once

#include <chrono>

#include "synth.h"

namespace hpiano {

// Nanoseconds per Synth::Process(out, 128) at 48 kHz with `voices` notes held
// (velocity 100, midi 40, 43, 46, ...; struck again every 250 quanta so that
// none dies away), averaged over 2000 quanta after 100 of warm-up. The budget
// of a quantum is 128 / 48000 s = 2,666,667 ns.
inline double SynthNanosecondsPerQuantum(int voices) {
  constexpr int kQuantum = 128;
  constexpr int kWarmUpQuanta = 100;
  constexpr int kTimedQuanta = 2000;
  constexpr int kRestrikeQuanta = 250;
  Synth synth;
  synth.Init(48000.0f);
  const auto strike_all = [&synth, voices] {
    for (int note = 0; note < voices; ++note) synth.NoteOn(40 + 3 * note, 100);
  };
  strike_all();
  float out[kQuantum];
  float checksum = 0.0f;
  for (int i = 0; i < kWarmUpQuanta; ++i) synth.Process(out, kQuantum);
  const auto begin = std::chrono::steady_clock::now();
  for (int i = 0; i < kTimedQuanta; ++i) {
    if (i % kRestrikeQuanta == 0) strike_all();
    synth.Process(out, kQuantum);
    checksum += out[0];
  }
  const auto end = std::chrono::steady_clock::now();
  // Keeps the rendering from being optimised away.
  volatile float sink = checksum;
  (void)sink;
  return std::chrono::duration<double, std::nano>(end - begin).count() / kTimedQuanta;
}

}  // namespace hpiano
