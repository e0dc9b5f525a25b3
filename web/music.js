// @ts-check
// Note names, shared by every view so the keys, the neurons and the heat map
// all say "C#" for the same thing.

export const PITCH_NAMES = ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'];

/** @param {number} midi */
export function pitchName(midi) {
  return PITCH_NAMES[((midi % 12) + 12) % 12];
}

// Scientific pitch notation: 60 is C4.
/** @param {number} midi */
export function noteName(midi) {
  return `${pitchName(midi)}${Math.floor(midi / 12) - 1}`;
}

/** @param {number} midi */
export function isBlackKey(midi) {
  return PITCH_NAMES[((midi % 12) + 12) % 12].endsWith('#');
}
