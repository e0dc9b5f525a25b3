// @ts-check
// The first-order weights as a heat map: row = the last note, column = the
// next, brightness = how often that next note followed (pool 1's slow
// weights). The row of the note just played is outlined: that is where the
// simplest "this note follows that one" memory is read.

import { colours, prepare, withAlpha } from './canvas.js';

const LABEL = 30;

/** @param {HTMLCanvasElement} canvas @param {HTMLElement} caption @returns {import('./canvas.js').View} */
export function createHeatmap(canvas, caption) {
  /** @param {import('./canvas.js').ShownFrame} frame */
  function draw(frame) {
    const lastNeuron = frame.chosen;
    const count = frame.noteCount;
    const width = canvas.clientWidth;
    const size = Math.min(width, 320);
    const { context: g } = prepare(canvas, size);
    const palette = colours();
    const cell = (size - LABEL - 2) / count;
    const labelEvery = cell >= 12 ? 1 : 12;
    let any = false;

    g.textAlign = 'center';
    for (let row = 0; row < count; row++) {
      for (let col = 0; col < count; col++) {
        const value = frame.weights[row][col];
        if (value > 0) any = true;
        g.fillStyle = value > 0 ? withAlpha(palette.weight, 0.12 + 0.88 * Math.sqrt(value)) : palette.empty;
        g.fillRect(LABEL + col * cell + 0.5, LABEL + row * cell + 0.5, cell - 1, cell - 1);
      }
    }
    g.fillStyle = palette.muted;
    for (let i = 0; i < count; i += labelEvery) {
      g.textAlign = 'center';
      g.fillText(frame.labels[i], LABEL + (i + 0.5) * cell, LABEL / 2);
      g.textAlign = 'right';
      g.fillText(frame.labels[i], LABEL - 5, LABEL + (i + 0.5) * cell);
    }
    if (lastNeuron >= 0) {
      g.strokeStyle = palette.text;
      g.lineWidth = 1.5;
      g.strokeRect(LABEL, LABEL + lastNeuron * cell, count * cell, cell);
      g.lineWidth = 1;
    }
    if (!any) {
      g.fillStyle = palette.text;
      g.textAlign = 'center';
      g.fillText('empty: nothing learned yet', LABEL + (count * cell) / 2, LABEL + (count * cell) / 2);
    }
    caption.textContent = any
      ? 'Row: the last note. Column: the next. Brighter: followed more often.'
      : 'Each note you teach strengthens the link from the note before it.';
  }
  return { draw };
}
