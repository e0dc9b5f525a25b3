// @ts-check
// Where the page's notes go. Every note passes here with who played it (the
// user or the network), so the built-in synth, a Web MIDI output and the
// recorder all hear the same notes and each keeps what it wants; the synth can
// be switched off when a MIDI instrument plays them instead.
//
// A listener is {noteOn(midi, velocity, time, by), noteOff(midi, time, by),
// allOff(time, by)}, times in seconds on sound.now()'s clock; allOff cancels
// that player's notes, including those scheduled after `time`.

export function createVoices(sound) {
  const listeners = new Set();
  let synth = true;

  const voice = (by) => ({
    start: () => sound.start(),
    now: () => sound.now(),
    noteOn(midi, velocity = 90, time) {
      if (synth) sound.noteOn(midi, velocity, time);
      const at = time ?? sound.now();
      for (const listener of listeners) listener.noteOn(midi, velocity, at, by);
    },
    // Sent to the synth even when it is off, so no note switched off mid-way hangs.
    noteOff(midi, time) {
      sound.noteOff(midi, time);
      const at = time ?? sound.now();
      for (const listener of listeners) listener.noteOff(midi, at, by);
    },
    allNotesOff() {
      sound.allNotesOff();
      const now = sound.now();
      for (const listener of listeners) listener.allOff(now, by);
    },
  });

  return {
    user: voice('user'),
    network: voice('network'),
    now: () => sound.now(),
    start: () => sound.start(),
    // A metronome click at `time`: the built-in synth's clock only, never a MIDI output.
    /** @param {number} time */
    click: (time) => sound.click(time),
    listen(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setSynth(on) {
      if (on === synth) return;
      synth = on;
      if (!on) sound.allNotesOff();
    },
  };
}
