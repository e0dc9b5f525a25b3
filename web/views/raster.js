// @ts-check
// A scrolling raster of the last steps: time runs left to right (newest at the
// right), one row per note neuron (high notes on top, as on a piano roll).
// A filled cell fired, in the colour of who played it; an outlined cell
// crossed its threshold but was inhibited.

import { colours, playerColour, prepare, withAlpha } from './canvas.js';

export const RASTER_STEPS = 48;
const LABEL = 30;
const NARROWEST_STEP = 9;

/** @param {HTMLCanvasElement} canvas @returns {import('./canvas.js').View} */
export function createRaster(canvas) {
  /** @param {import('./canvas.js').ShownFrame} frame */
  function draw(frame) {
    const { recent: steps, labels } = frame;
    const count = labels.length;
    const rowHeight = count > 12 ? Math.max(3, 144 / count) : 12;
    const { context: g, width } = prepare(canvas, count * rowHeight + 2);
    const palette = colours();
    // As many of the last steps as fit (all of them on a wide screen).
    const shown = Math.max(1, Math.min(RASTER_STEPS, Math.floor((width - LABEL) / NARROWEST_STEP)));
    const column = (width - LABEL) / shown;
    const recent = steps.slice(-shown);
    /** @param {number} neuron */
    const y = (neuron) => (count - 1 - neuron) * rowHeight + 1;

    g.textAlign = 'right';
    for (let i = 0; i < count; i++) {
      if (count > 12 && i % 12) continue;
      g.fillStyle = palette.line;
      g.fillRect(LABEL, y(i) + rowHeight / 2, width - LABEL, 1);
      g.fillStyle = palette.muted;
      g.fillText(labels[i], LABEL - 5, y(i) + rowHeight / 2);
    }
    const first = shown - recent.length;
    recent.forEach((step, index) => {
      const x = LABEL + (first + index) * column;
      g.fillStyle = playerColour(step.by);
      for (const neuron of step.fired) g.fillRect(x + 1, y(neuron) + 1, Math.max(2, column - 2), rowHeight - 2);
      g.strokeStyle = withAlpha(palette.inhibited, 0.7);
      for (const neuron of step.inhibited) g.strokeRect(x + 1.5, y(neuron) + 1.5, Math.max(2, column - 3), rowHeight - 3);
    });
    if (!steps.length) {
      g.fillStyle = palette.text;
      g.textAlign = 'center';
      g.fillText('no notes yet: play a few to teach me', LABEL + (width - LABEL) / 2, (count * rowHeight) / 2);
    }
  }
  return { draw };
}
