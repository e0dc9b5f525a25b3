// @ts-check
// Records what the user and the network play, as a voices listener
// (voices.js), for a MIDI file: each note's pitch, start, length and velocity,
// in seconds from the start of the recording, turned into beats on export:
// the file plays the rhythm that was played (the player's notes at the IOIs it
// scheduled them, exactly; yours as you pressed them).

// Past this many notes (hours of playing) the recording stops growing.
const MAX_NOTES = 200_000;

export function createRecorder() {
  let origin = null;
  let notes = [];
  const sounding = new Map();

  const key = (midi, by) => `${by}:${midi}`;

  const listener = {
    noteOn(midi, velocity, time, by) {
      if (origin === null || time < origin || notes.length >= MAX_NOTES) return;
      const note = { midi, velocity, by, start: time - origin, end: Infinity };
      notes.push(note);
      sounding.set(key(midi, by), note);
    },
    noteOff(midi, time, by) {
      const note = sounding.get(key(midi, by));
      if (!note) return;
      note.end = Math.max(note.start, time - origin);
      sounding.delete(key(midi, by));
    },
    // The player schedules notes ahead and cancels them when stopped: what
    // had not sounded by `time` never did, and what was sounding ends there.
    allOff(time, by) {
      if (origin === null) return;
      const cut = time - origin;
      notes = notes.filter((note) => note.by !== by || note.start <= cut);
      for (const note of notes) if (note.by === by && note.end > cut) note.end = cut;
      for (const [name, note] of sounding) if (note.by === by) sounding.delete(name);
    },
  };

  return {
    listener,
    recording: () => origin !== null,
    count: () => notes.length,
    // Starts a new recording at `now` (seconds on the voices' clock).
    start(now) {
      origin = now;
      notes = [];
      sounding.clear();
    },
    // Ends it at `now`: notes still held end there.
    stop(now) {
      if (origin === null) return;
      const end = now - origin;
      notes = notes.filter((note) => note.start <= end);
      for (const note of notes) note.end = Math.min(note.end, end);
      sounding.clear();
      origin = null;
    },
    // The notes for core.writeMidi, in beats at `tempo` bpm from the first
    // note's start (silence before it is not kept). Measured from a note
    // rather than from when recording began, onsets the player scheduled a
    // whole number of ticks apart land on whole ticks, so their IOIs read
    // back exactly.
    events(tempo) {
      const beat = tempo / 60;
      let first = Infinity;
      for (const note of notes) first = Math.min(first, note.start);
      return notes
        .map((note) => ({
          midi: note.midi,
          startBeats: (note.start - first) * beat,
          lengthBeats: Math.max(0, note.end - note.start) * beat,
          velocity: note.velocity,
        }))
        .sort((a, b) => a.startBeats - b.startBeats);
    },
  };
}
