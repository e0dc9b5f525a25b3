// @ts-check
// "How well it guesses": before each note it hears, did the note it expected
// most (top-1 pitch class) come? The curve is the share of right guesses over
// the last WINDOW notes heard, against notes heard since the network was new
// (the page's live version of scripts/plot-online).

import { colours, prepare, withAlpha } from './canvas.js';

const HEIGHT = 112;
// Room for the axes' labels, CSS pixels: the percentages on the left, the notes below.
const AXIS_LEFT = 38;
const AXIS_BOTTOM = 20;
const WINDOW = 50;
const MAX_POINTS = 2000;

/** @param {HTMLCanvasElement} canvas @param {HTMLElement} caption @returns {import('./canvas.js').View} */
export function createLearningCurve(canvas, caption) {
  /** @type {number[]} 1 for each right guess, 0 for each wrong one */
  let hits = [];
  let heard = 0;

  // `expected`: the pitch class it expected most before the note (-1: none,
  // its prediction was flat); `pitchClass`: the note heard.
  /** @param {number} expected @param {number} pitchClass */
  function hear(expected, pitchClass) {
    hits.push(expected === pitchClass ? 1 : 0);
    // Trimmed now and then, not on every note (a long tune is taught note by note).
    if (hits.length > 2 * MAX_POINTS) hits = hits.slice(-MAX_POINTS);
    heard += 1;
  }

  function reset() {
    hits = [];
    heard = 0;
  }

  // Share of right guesses in the window ending at each of the last MAX_POINTS notes.
  function curve() {
    /** @type {number[]} */
    const points = [];
    const shown = hits.slice(-MAX_POINTS);
    let inWindow = 0;
    shown.forEach((hit, i) => {
      inWindow += hit - (i >= WINDOW ? shown[i - WINDOW] : 0);
      points.push(inWindow / Math.min(i + 1, WINDOW));
    });
    return points;
  }

  // Axes: the share of right guesses up the left (0%, 50%, 100%), the notes
  // heard along the bottom (the first and last shown, counted since it was new).
  function draw() {
    const { context: g, width } = prepare(canvas, HEIGHT);
    const palette = colours();
    const points = curve();
    const left = AXIS_LEFT;
    const right = width - 6;
    const top = 6;
    const bottom = HEIGHT - AXIS_BOTTOM;
    /** @param {number} share */
    const yOf = (share) => top + (1 - share) * (bottom - top);
    g.lineWidth = 1;
    g.textAlign = 'right';
    for (const level of [0, 0.5, 1]) {
      const y = yOf(level);
      g.strokeStyle = palette.line;
      g.beginPath();
      g.moveTo(left, y);
      g.lineTo(right, y);
      g.stroke();
      g.fillStyle = palette.muted;
      g.fillText(`${level * 100}%`, left - 6, y);
    }
    const first = Math.max(1, heard - points.length + 1);
    const labelY = HEIGHT - AXIS_BOTTOM / 2 + 1;
    g.fillStyle = palette.muted;
    g.textAlign = 'center';
    g.fillText('notes heard', (left + right) / 2, labelY);
    if (heard) {
      g.textAlign = 'left';
      g.fillText(String(first), left, labelY);
      g.textAlign = 'right';
      g.fillText(String(heard), right, labelY);
    }
    if (points.length > 1) {
      g.strokeStyle = palette.weight;
      g.lineWidth = 2;
      g.beginPath();
      points.forEach((share, i) => {
        const x = left + (i / (points.length - 1)) * (right - left);
        if (i === 0) g.moveTo(x, yOf(share));
        else g.lineTo(x, yOf(share));
      });
      g.stroke();
      g.fillStyle = withAlpha(palette.weight, 0.12);
      g.lineTo(right, bottom);
      g.lineTo(left, bottom);
      g.fill();
    }
    caption.textContent = describe(points);
  }

  /** @param {number[]} points */
  function describe(points) {
    if (!heard) return 'Play or teach a few notes: this curve shows how often it guessed the next one right.';
    const last = Math.round(points[points.length - 1] * 100);
    const span = Math.min(heard, WINDOW);
    return `Of the last ${span} notes it heard, it expected ${last}% right (top guess), ${heard} notes heard in all.`;
  }

  return { hear, reset, draw };
}
