// @ts-check
// The rhythm neurons, one per rhythm class (the time from one note's onset to
// the next one's, in beats), drawn as the note neurons are (neuron-view.js):
// the class of the gap that ended at the last note fired (the gap heard, or
// the one the network chose before the note it played), the others that had
// crossed their threshold lost to it.

import { createNeuronView, formatMargin } from './neuron-view.js';

// What each class is in note values, a beat being a quarter note; keyed by
// the class's beats as network.js writes them (the core's table of classes).
/** @type {Record<string, string>} */
const NOTE_VALUES = {
  '1/6': 'a sixteenth-note triplet',
  '1/4': 'a sixteenth',
  '1/3': 'an eighth-note triplet',
  '1/2': 'an eighth',
  '2/3': 'a quarter-note triplet',
  '3/4': 'a dotted eighth',
  1: 'a quarter',
  '3/2': 'a dotted quarter',
  2: 'a half note',
  3: 'a dotted half',
  4: 'a whole note',
  6: 'a dotted whole',
};

// Rhythm class `i` in words: "1/2 beat (an eighth)", "3/2 beats (a dotted quarter)".
/** @param {import('../network.js').RhythmNeurons} rhythm @param {number} i */
export function rhythmWords(rhythm, i) {
  const label = rhythm.labels[i];
  const value = NOTE_VALUES[label];
  return `${label} beat${rhythm.beats[i] > 1 ? 's' : ''}${value ? ` (${value})` : ''}`;
}

/**
 * @param {HTMLCanvasElement} canvas
 * @param {HTMLElement} caption
 * @param {{fit?: boolean}} [options]
 * @returns {import('./canvas.js').View}
 */
export function createRhythmView(canvas, caption, { fit = false } = {}) {
  return createNeuronView(canvas, caption, { fit, neurons: (frame) => frame.rhythm, explain });
}

/** @param {import('./canvas.js').ShownFrame} frame */
function explain(frame) {
  const { rhythm, by } = frame;
  if (!rhythm.enabled) return 'This network has no rhythm neurons (it was made before they existed): every note it plays lasts one beat.';
  const next = rhythm.expected >= 0
    ? ` Next it expects a gap of ${rhythmWords(rhythm, rhythm.expected)}, ${Math.round(rhythm.prediction[rhythm.expected] * 100)}%.`
    : '';
  if (!frame.hasStepped) {
    return 'No rhythm heard yet. The gap from each note to the next fires the neuron of its length; heard a few times, a rhythm is expected.' + next;
  }
  const chosen = rhythm.chosen;
  if (chosen < 0) return `No gap ended at this note (the first of a tune, or after a rest), so no rhythm neuron fired.${next}`;
  const margin = rhythm.centred[chosen] - rhythm.thresholds[chosen];
  const lost = rhythm.labels.filter((_, i) => rhythm.inhibited[i]);
  const losers = lost.length ? ` ${lost.join(', ')} had crossed ${lost.length > 1 ? 'theirs' : 'its'} too and lost.` : '';
  const gap = rhythmWords(rhythm, chosen);
  if (by === 'user') {
    const expected = margin > 0 ? 'above its threshold: it expected that rhythm' : 'below its threshold: it did not expect that rhythm';
    return `The gap before your note was ${gap}: its neuron fired, at c − θ = ${formatMargin(margin)}, ${expected}.${losers}${next}`;
  }
  const how = margin > 0 ? 'it crossed its threshold and won' : 'below its threshold, drawn at its temperature';
  return `It chose a gap of ${gap} before its note: c − θ = ${formatMargin(margin)}, ${how}.${losers}${next}`;
}
