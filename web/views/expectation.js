// @ts-check
// "What it expects next", what and when: the 12 pitch-class probabilities of
// the next note with which pool (how long a context) decided them, the exact
// key it expects (with its octave), and the rhythm neurons' probabilities of
// the gap to it, in beats.

import { colours, prepare, withAlpha } from './canvas.js';
import { noteName, PITCH_NAMES, pitchName } from '../music.js';
import { rhythmWords } from './rhythm-view.js';

// One row of bars: its title, the bars, their labels (CSS px).
const TITLE = 12;
const BARS = 34;
const LABELS = 14;
const ROW = TITLE + BARS + LABELS;
const GAP = 6;
const HEIGHT = 2 * ROW + GAP;

/** @param {HTMLCanvasElement} canvas @param {HTMLElement} caption @returns {import('./canvas.js').View} */
export function createExpectation(canvas, caption) {
  /** @param {import('./canvas.js').ShownFrame} frame */
  function draw(frame) {
    const { context: g, width } = prepare(canvas, HEIGHT);
    const palette = colours();
    const what = frame.expectedMidi >= 0 ? `next note: ${noteName(frame.expectedMidi)}` : 'next note';
    bars(g, width, 0, what, PITCH_NAMES, frame.pitchClasses, frame.expected, palette);
    const { rhythm } = frame;
    const when = rhythm.enabled ? 'gap to it, beats' : 'gap to it: no rhythm neurons';
    bars(g, width, ROW + GAP, when, rhythm.labels, rhythm.prediction, rhythm.expected, palette);
    caption.textContent = describe(frame);
  }
  return { draw };
}

// A row of probability bars from `top`, the likeliest (`best`, -1: none) bright.
/**
 * @param {CanvasRenderingContext2D} g @param {number} width @param {number} top @param {string} title
 * @param {string[]} labels @param {ArrayLike<number>} p @param {number} best
 * @param {import('./canvas.js').Palette} palette
 */
function bars(g, width, top, title, labels, p, best, palette) {
  const column = width / labels.length;
  const barWidth = Math.min(30, column * 0.7);
  g.textAlign = 'left';
  g.fillStyle = palette.muted;
  g.fillText(title, 0, top + TITLE / 2);
  g.textAlign = 'center';
  const base = top + TITLE + BARS;
  for (let i = 0; i < labels.length; i++) {
    const x = column * (i + 0.5);
    g.fillStyle = withAlpha(palette.weight, 0.15);
    g.fillRect(x - barWidth / 2, top + TITLE + 2, barWidth, BARS - 2);
    g.fillStyle = i === best ? palette.weight : withAlpha(palette.weight, 0.55);
    const height = p[i] * (BARS - 2);
    g.fillRect(x - barWidth / 2, base - height, barWidth, height);
    // Every label where they fit, else every other one and the likeliest.
    if (i !== best && i % 2 && g.measureText(labels[i]).width > column - 3) continue;
    g.fillStyle = i === best ? palette.text : palette.muted;
    g.fillText(labels[i], x, base + LABELS / 2 + 1);
  }
}

/** @param {import('./canvas.js').ShownFrame} frame */
function describe(frame) {
  if (frame.flat) return 'No expectation yet: every note is equally likely.';
  const best = frame.expected;
  const pool = frame.decidingPool;
  // Each context in the words of its row in the context pools: any, last m, tune.
  let by = `the last ${pool === 1 ? 'note' : `${pool} notes`} (the “last ${pool}” row)`;
  const kind = frame.pools[pool]?.kind ?? 'any';
  if (kind === 'any') by = 'how common each note is (the “any” row: no context)';
  else if (kind === 'tune') by = 'the whole tune so far (the “tune” row)';
  // The degree row adds its say to the others': where it, not the longest
  // familiar context, points at the expected note, it is what decided.
  const deciding = frame.pools[pool]?.[frame.decidingSet === 'fast' ? 'fast' : 'slow'];
  const degrees = frame.pools.find((row) => row.kind === 'degrees');
  if (deciding?.vote !== best && degrees && frame.tonalReference >= 0 && degrees.slow.vote === best) {
    const key = PITCH_NAMES[frame.tonalReference];
    by = `the last notes as steps of the scale of ${key} (the “in ${key}” row)`;
  }
  const percent = (/** @type {number} */ p) => `${Math.round(p * 100)}%`;
  let text = `It expects ${PITCH_NAMES[best]} (${percent(frame.pitchClasses[best])}), decided by ${by}`;
  // The key prediction weighs the interval neurons' own guess too, so its likeliest key may be of another note.
  const key = frame.expectedMidi;
  if (key >= 0 && pitchName(key) === PITCH_NAMES[best]) text += `, on ${noteName(key)} (${percent(frame.expectedMidiProbability)})`;
  else if (key >= 0) text += `; the likeliest key is ${noteName(key)} (${percent(frame.expectedMidiProbability)})`;
  const { rhythm } = frame;
  if (rhythm.expected >= 0) text += `, after ${rhythmWords(rhythm, rhythm.expected)} (${percent(rhythm.prediction[rhythm.expected])})`;
  return `${text}.`;
}
