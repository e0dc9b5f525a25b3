// C exports of the piano synthesiser for web/audio/piano-worklet.js: a bare
// WebAssembly module with no imports and no JavaScript glue, because the
// AudioWorkletGlobalScope has neither fetch nor TextDecoder.
#include "synth.h"

namespace {

// The Web Audio render quantum.
constexpr int kMaxRenderFrames = 128;

hpiano::Synth synth;
float rendered[kMaxRenderFrames];

}  // namespace

extern "C" {

__attribute__((export_name("synth_init"))) void synth_init(float sample_rate) { synth.Init(sample_rate); }

__attribute__((export_name("synth_note_on"))) void synth_note_on(int midi, int velocity) {
  synth.NoteOn(midi, velocity);
}

__attribute__((export_name("synth_note_off"))) void synth_note_off(int midi) { synth.NoteOff(midi); }

__attribute__((export_name("synth_all_notes_off"))) void synth_all_notes_off() { synth.AllNotesOff(); }

// Renders min(frames, 128) mono samples (0 renders nothing) and returns the
// address of the static buffer that holds them, always the same.
__attribute__((export_name("synth_render"))) float* synth_render(int frames) {
  synth.Process(rendered, frames < 0 ? 0 : (frames > kMaxRenderFrames ? kMaxRenderFrames : frames));
  return rendered;
}

__attribute__((export_name("synth_active_voices"))) int synth_active_voices() { return synth.ActiveVoices(); }

}  // extern "C"
