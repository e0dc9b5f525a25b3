// @ts-check
// A piano roll of the last steps: time runs left to right (seconds, the newest
// note on the right), one row per key (high keys on top). Each note is a bar
// from its onset for as long as it sounded, in the colour of who played it; a
// note neuron that crossed its threshold but was inhibited is an outline at the
// key it would have sounded, beside the note that won; the dashed bar is the
// key it expects next, placed after the gap its rhythm neurons expect.

import { colours, playerColour, prepare, withAlpha } from './canvas.js';
import { isBlackKey, noteName } from '../music.js';

export const RASTER_STEPS = 48;
const LABEL = 34;
const AXIS = 16;
const TALLEST = 200;
const ROW_MOST = 12;
const ROW_LEAST = 3;
// The fewest keys shown (an octave and its neighbours), and the keys added above and below the notes.
const FEWEST_KEYS = 15;
const MARGIN_KEYS = 2;
// Time: at least this many seconds shown, at least this many CSS px a second.
const SHORTEST_WINDOW_S = 3;
const LEAST_PX_PER_S = 20;
// A note whose end is not known yet (a key still held, a tune just taught) is drawn this long at most.
const UNKNOWN_DURATION_S = 0.3;

/**
 * One bar of the roll, in CSS px: a note that sounded, an inhibited candidate, or the expectation.
 * @typedef {{kind: 'note'|'inhibited'|'expected', by: import('./canvas.js').Player|null, midi: number, x0: number, x1: number, y: number}} Bar
 *
 * What the roll draws: its height, the keys shown (low..high), the row height,
 * where second `t` (the audio clock) is, the bars and the time ticks.
 * @typedef {{height: number, low: number, high: number, row: number, x: (t: number) => number,
 *   bars: Bar[], ticks: {x: number, label: string}[]}} RollLayout
 */

// The key a note neuron stands for in a step: itself when the neurons are
// keys (octaves > 1), else its pitch class's key nearest the note that sounded.
/** @param {number} neuron @param {number} near @param {import('../network.js').Frame} frame */
function keyOf(neuron, near, frame) {
  if (frame.noteCount !== 12) return frame.neuronMidi[neuron];
  return near + ((((neuron - near) % 12) + 18) % 12) - 6;
}

// Where everything goes for a canvas `width` CSS px wide, a beat lasting
// `beatSeconds` (the expectation's place): a pure function of the frame and its
// steps, so it can be checked without drawing.
/**
 * @param {import('./canvas.js').ShownFrame} frame
 * @param {number} width
 * @param {number} beatSeconds
 * @returns {RollLayout}
 */
export function rollLayout(frame, width, beatSeconds) {
  const steps = frame.recent;
  /** @type {{kind: Bar['kind'], by: Bar['by'], midi: number, start: number, end: number}[]} */
  const notes = [];
  steps.forEach((step, index) => {
    const next = steps[index + 1]?.time ?? Infinity;
    const end = step.time + (step.duration ?? Math.min(UNKNOWN_DURATION_S, Math.max(0.05, (next - step.time) * 0.9)));
    for (const midi of step.midis) notes.push({ kind: 'note', by: step.by, midi, start: step.time, end });
    const near = step.midis[0];
    for (const neuron of step.inhibited) notes.push({ kind: 'inhibited', by: step.by, midi: keyOf(neuron, near, frame), start: step.time, end });
  });
  const last = steps.at(-1);
  if (last && frame.expectedMidi >= 0 && frame.rhythm.expected >= 0) {
    const gap = frame.rhythm.beats[frame.rhythm.expected] * beatSeconds;
    notes.push({ kind: 'expected', by: null, midi: frame.expectedMidi, start: last.time + gap, end: last.time + gap * 1.85 });
  }

  // Keys: every note shown, a margin around, at least FEWEST_KEYS.
  const midis = notes.map((note) => note.midi);
  let low = midis.length ? Math.min(...midis) - MARGIN_KEYS : 60;
  let high = midis.length ? Math.max(...midis) + MARGIN_KEYS : 60 + FEWEST_KEYS - 1;
  while (high - low + 1 < FEWEST_KEYS) {
    if ((high - low) % 2) low--;
    else high++;
  }
  low = Math.max(0, low);
  high = Math.min(127, high);
  const keys = high - low + 1;
  const row = Math.max(ROW_LEAST, Math.min(ROW_MOST, Math.floor(TALLEST / keys)));
  const height = keys * row + AXIS;

  // Time: the right edge just past the latest end; as far back as the steps go, within the px-a-second floor.
  const span = width - LABEL;
  const right = notes.length ? Math.max(...notes.map((note) => note.end)) + 0.1 : 0;
  const first = steps.length ? steps[0].time : 0;
  const window = Math.max(SHORTEST_WINDOW_S, Math.min(right - first + 0.1, span / LEAST_PX_PER_S));
  const left = right - window;
  /** @param {number} t */
  const x = (t) => LABEL + ((t - left) / window) * span;
  /** @param {number} midi */
  const y = (midi) => (high - midi) * row;
  const bars = notes
    .filter((note) => note.end > left)
    .map((note) => ({ kind: note.kind, by: note.by, midi: note.midi, x0: Math.max(LABEL, x(note.start)), x1: x(note.end), y: y(note.midi) }));

  // A tick every 1, 2, 5, 10 ... seconds, at least 40 px apart, counted from the last note's onset.
  const origin = last?.time ?? right;
  const every = [1, 2, 5, 10, 20, 60].find((seconds) => (seconds / window) * span >= 40) ?? 60;
  const ticks = [];
  for (let t = origin - every * Math.floor((origin - left) / every); t <= right; t += every) {
    const label = Math.abs(t - origin) < 1e-6 ? 'last note' : `${t < origin ? '−' : '+'}${Math.round(Math.abs(t - origin))} s`;
    ticks.push({ x: x(t), label });
  }
  return { height, low, high, row, x, bars, ticks };
}

// beatSeconds(): how long a beat is now (the page's tempo), for where the expected note goes.
/**
 * @param {HTMLCanvasElement} canvas
 * @param {{beatSeconds?: () => number}} [options]
 * @returns {import('./canvas.js').View}
 */
export function createPianoRoll(canvas, { beatSeconds = () => 0.5 } = {}) {
  /** @param {import('./canvas.js').ShownFrame} frame */
  function draw(frame) {
    const width = Math.max(1, canvas.clientWidth);
    const layout = rollLayout(frame, width, beatSeconds());
    const { low, high, row, bars, ticks } = layout;
    const { context: g } = prepare(canvas, layout.height);
    const palette = colours();
    const rows = high - low + 1;

    // The rows: black keys shaded, each C ruled and named.
    g.textAlign = 'right';
    for (let midi = low; midi <= high; midi++) {
      const top = (high - midi) * row;
      if (isBlackKey(midi)) {
        g.fillStyle = palette.empty;
        g.fillRect(LABEL, top, width - LABEL, row);
      }
      if (midi % 12 === 0 || (midi === low && rows <= 24)) {
        g.fillStyle = palette.line;
        g.fillRect(LABEL, top + row - 1, width - LABEL, 1);
        g.fillStyle = palette.muted;
        g.fillText(noteName(midi), LABEL - 5, top + row / 2);
      }
    }
    // The time axis.
    g.textAlign = 'center';
    for (const tick of ticks) {
      g.fillStyle = palette.line;
      g.fillRect(tick.x, 0, 1, rows * row);
      g.fillStyle = palette.muted;
      g.fillText(tick.label, Math.min(width - 24, Math.max(LABEL + 24, tick.x)), rows * row + AXIS / 2 + 1);
    }

    // The candidates that lost first, faint, so the notes that sounded stand out over them.
    const thick = Math.max(2, row - 1);
    const order = { inhibited: 0, note: 1, expected: 2 };
    for (const bar of [...bars].sort((a, b) => order[a.kind] - order[b.kind])) {
      const barWidth = Math.max(3, bar.x1 - bar.x0 - 1);
      if (bar.kind === 'note') {
        g.fillStyle = playerColour(bar.by);
        g.fillRect(bar.x0, bar.y, barWidth, thick);
      } else if (bar.kind === 'inhibited') {
        g.strokeStyle = withAlpha(palette.inhibited, 0.55);
        g.lineWidth = 1;
        g.strokeRect(bar.x0 + 0.5, bar.y + 0.5, barWidth - 1, Math.max(1, thick - 1));
      } else {
        g.strokeStyle = palette.weight;
        g.lineWidth = 1.5;
        g.setLineDash([3, 3]);
        g.strokeRect(bar.x0 + 0.75, bar.y + 0.75, barWidth - 1.5, Math.max(1, thick - 1.5));
        g.setLineDash([]);
      }
    }
    if (!frame.recent.length) {
      g.fillStyle = palette.text;
      g.textAlign = 'center';
      g.fillText('no notes yet: play a few to teach me', LABEL + (width - LABEL) / 2, (rows * row) / 2);
    }
  }
  return { draw };
}
