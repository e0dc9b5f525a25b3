// @ts-check
// "How well it guesses": before each note it hears, did the note it expected
// most (top-1 pitch class) come? The curve is the share of right guesses over
// the last WINDOW notes heard, against notes heard since the network was new
// (the page's live version of scripts/plot-online).

import { colours, prepare, withAlpha } from './canvas.js';

const HEIGHT = 90;
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

  function draw() {
    const { context: g, width } = prepare(canvas, HEIGHT);
    const palette = colours();
    const points = curve();
    g.strokeStyle = palette.line;
    g.lineWidth = 1;
    for (const level of [0, 0.5, 1]) {
      const y = 4 + (1 - level) * (HEIGHT - 8);
      g.beginPath();
      g.moveTo(0, y);
      g.lineTo(width, y);
      g.stroke();
    }
    if (points.length > 1) {
      g.strokeStyle = palette.weight;
      g.lineWidth = 2;
      g.beginPath();
      points.forEach((share, i) => {
        const x = (i / (points.length - 1)) * width;
        const y = 4 + (1 - share) * (HEIGHT - 8);
        if (i === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      });
      g.stroke();
      g.fillStyle = withAlpha(palette.weight, 0.12);
      g.lineTo(width, HEIGHT - 4);
      g.lineTo(0, HEIGHT - 4);
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
