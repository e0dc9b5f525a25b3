// @ts-check
// "What it expects next": the 12 pitch-class probabilities of the next note,
// and which pool (how long a context) decided them.

import { colours, prepare, withAlpha } from './canvas.js';
import { PITCH_NAMES } from '../music.js';

const HEIGHT = 64;

/** @param {HTMLCanvasElement} canvas @param {HTMLElement} caption @returns {import('./canvas.js').View} */
export function createExpectation(canvas, caption) {
  /** @param {import('./canvas.js').ShownFrame} frame */
  function draw(frame) {
    const { context: g, width } = prepare(canvas, HEIGHT);
    const palette = colours();
    const p = frame.pitchClasses;
    const best = frame.expected;
    const column = width / 12;
    const barWidth = Math.min(30, column * 0.7);
    g.textAlign = 'center';
    for (let i = 0; i < 12; i++) {
      const x = column * (i + 0.5);
      const height = p[i] * (HEIGHT - 20);
      g.fillStyle = withAlpha(palette.weight, 0.15);
      g.fillRect(x - barWidth / 2, 2, barWidth, HEIGHT - 20);
      g.fillStyle = i === best ? palette.weight : withAlpha(palette.weight, 0.55);
      g.fillRect(x - barWidth / 2, HEIGHT - 18 - height, barWidth, height);
      g.fillStyle = i === best ? palette.text : palette.muted;
      g.fillText(PITCH_NAMES[i], x, HEIGHT - 8);
    }
    caption.textContent = describe(frame, best);
  }
  return { draw };
}

/** @param {import('./canvas.js').ShownFrame} frame @param {number} best */
function describe(frame, best) {
  if (frame.flat) return 'No expectation yet: every note is equally likely.';
  const share = Math.round(frame.pitchClasses[best] * 100);
  const pool = frame.decidingPool;
  // Each context in the words of its row in the context pools: any, last m, tune.
  let by = `the last ${pool === 1 ? 'note' : `${pool} notes`} (the “last ${pool}” row)`;
  const kind = frame.pools[pool]?.kind ?? 'any';
  if (kind === 'any') by = 'how common each note is (the “any” row: no context)';
  else if (kind === 'tune') by = 'the whole tune so far (the “tune” row)';
  return `It expects ${PITCH_NAMES[best]} (${share}%), decided by ${by}.`;
}
