// The page's settings as one plain, serialisable object, so the controls, the
// modes and window.hebbianPiano read and change the same thing. Whatever the
// network itself holds (weights, thresholds) lives in network.js, not here.
//
//   mode         'learn' | 'play' | 'duet'
//   learning     whether the user's notes are learned (Learn and Duet)
//   tempo        beats per minute when the network plays, one note a beat
//   epochs       hearings per tune when teaching a melody
//   octave       MIDI note of the computer keyboard's A key
//   config       the network's parameters, names from MODEL.md
//   title        the network's title, which travels with its links and files
//   synth        whether the built-in synth sounds the notes
//   midiOutMine  whether the user's own notes go to the MIDI output too

export const MODES = ['learn', 'play', 'duet'];
// Beats per minute the tempo control offers, and a link or file may set.
export const TEMPO = { min: 40, max: 300 };

export function createState(config) {
  const state = {
    mode: 'learn',
    learning: true,
    tempo: 132,
    epochs: 3,
    octave: 60,
    title: '',
    synth: true,
    midiOutMine: false,
    config: { ...config },
  };
  const listeners = new Set();
  return {
    get: () => state,
    // Shallow merge; `config` is merged one level deeper.
    set(patch) {
      const { config: configPatch, ...rest } = patch;
      Object.assign(state, rest);
      if (configPatch) Object.assign(state.config, configPatch);
      for (const listener of listeners) listener(state, patch);
    },
    subscribe(listener) {
      listeners.add(listener);
    },
    snapshot: () => structuredClone(state),
  };
}
