// @ts-check
// The context pools, one row each: which cells fire (pool m's code stands for
// the last m notes), how familiar that context is (n_m, how often all its
// cells have been there) and which note it votes for next, with the share of
// times that note followed. Read for the tune being heard (fast weights) and
// for everything heard (slow weights).

import { PITCH_NAMES } from '../music.js';
import { colours, prepare, withAlpha } from './canvas.js';

const ROW = 22;
const SMALLEST_ROW = 14;
const HEAD = 22;
const LABEL = 54;
const READING = 104;
const GAP = 8;

// The lowest a fitted view of `rows` pools is drawn whole (CSS px): the embed
// drops the view from a lower box.
/** @param {number} rows */
export const lowestFitted = (rows) => HEAD + rows * SMALLEST_ROW + 4;

// With `fit` (the embed), rows shrink to the canvas's height from the layout
// and only the deciding weights' reading is shown, to fit a narrow box.
/**
 * @param {HTMLCanvasElement} canvas
 * @param {HTMLElement} caption
 * @param {{fit?: boolean}} [options]
 * @returns {import('./canvas.js').View}
 */
export function createPoolView(canvas, caption, { fit = false } = {}) {
  /** @param {import('./canvas.js').ShownFrame} frame */
  function draw(frame) {
    const rows = frame.pools.length;
    const { context: g, width, height } = prepare(canvas, fit ? undefined : HEAD + rows * ROW + 4);
    const row = fit ? Math.max(SMALLEST_ROW, Math.min(ROW, (height - HEAD - 4) / rows)) : ROW;
    const readings = fit ? 1 : 2;
    const palette = colours();
    const stripLeft = LABEL;
    const stripWidth = Math.max(40, width - LABEL - readings * (READING + GAP));
    const fastLeft = stripLeft + stripWidth + GAP;
    const slowLeft = fastLeft + READING + GAP;

    g.fillStyle = palette.muted;
    g.textAlign = 'left';
    g.fillText('context', 0, HEAD / 2);
    const contextSize = frame.pools.find((pool) => pool.kind === 'context')?.size ?? 1;
    g.fillText(stripWidth > 140 ? `firing cells (of ${contextSize})` : 'firing cells', stripLeft, HEAD / 2);
    if (fit) g.fillText(frame.decidingSet === 'fast' ? 'this tune' : 'all it heard', fastLeft, HEAD / 2);
    else {
      g.fillText('this tune', fastLeft, HEAD / 2);
      g.fillText('all it heard', slowLeft, HEAD / 2);
    }

    frame.pools.forEach((pool, m) => {
      const y = HEAD + m * row;
      const mid = y + row / 2;
      if (m === frame.decidingPool) {
        g.strokeStyle = palette.weight;
        g.lineWidth = 1.5;
        g.strokeRect(0.75, y + 1.75, width - 1.5, row - 2.5);
        g.lineWidth = 1;
      }
      g.fillStyle = m === frame.decidingPool ? palette.text : palette.muted;
      g.textAlign = 'left';
      g.fillText(poolName(pool, m, frame), 6, mid);

      const familiar = pool.fast.confidence > 0 || pool.slow.confidence > 0;
      g.fillStyle = palette.line;
      g.fillRect(stripLeft, mid - 1, stripWidth, 2);
      g.fillStyle = familiar ? palette.text : palette.muted;
      for (const cell of pool.cells) {
        const x = stripLeft + (cell / pool.size) * (stripWidth - 3);
        g.fillRect(x, mid - row / 2 + 4, 3, row - 8);
      }

      const bar = Math.min(16, row - 4);
      if (fit) drawReading(g, palette, frame, pool[frame.decidingSet], fastLeft, mid, bar);
      else {
        drawReading(g, palette, frame, pool.fast, fastLeft, mid, bar);
        drawReading(g, palette, frame, pool.slow, slowLeft, mid, bar);
      }
    });
    caption.textContent = explain(frame);
  }
  return { draw };
}

/**
 * @param {CanvasRenderingContext2D} g
 * @param {import('./canvas.js').Palette} palette
 * @param {import('./canvas.js').ShownFrame} frame
 * @param {import('../network.js').Reading} reading
 * @param {number} left
 * @param {number} mid
 * @param {number} bar
 */
function drawReading(g, palette, frame, reading, left, mid, bar) {
  g.textAlign = 'left';
  if (!reading.read) {
    g.fillStyle = palette.faint;
    g.fillText('not read', left, mid);
    return;
  }
  if (reading.confidence <= 0 || reading.vote < 0) {
    g.fillStyle = palette.faint;
    g.fillText('new', left, mid);
    return;
  }
  g.fillStyle = withAlpha(palette.weight, 0.28);
  g.fillRect(left, mid - bar / 2, READING * reading.voteShare, bar);
  g.fillStyle = palette.text;
  const share = Math.round(reading.voteShare * 100);
  g.fillText(`${count(reading.confidence)}× → ${frame.labels[reading.vote]} ${share}%`, left + 4, mid);
}

// Pool 0 is the always-on cell, pools 1..context_orders the last m notes, the
// tune pool (where the core has one) the whole tune so far, and the degrees row
// (with degree pools) the last notes as steps of the scale of the tune's key.
/**
 * @param {import('../network.js').Pool} pool @param {number} m
 * @param {import('../network.js').Frame} frame
 */
function poolName(pool, m, frame) {
  if (pool.kind === 'degrees') return frame.tonalReference < 0 ? 'key ?' : `in ${PITCH_NAMES[frame.tonalReference]}`;
  return pool.kind === 'context' ? `last ${m}` : pool.kind;
}

/** @param {number} n */
function count(n) {
  return n >= 1000 ? `${Math.round(n / 1000)}k` : String(Math.round(n));
}

/** @param {import('./canvas.js').ShownFrame} frame */
function explain(frame) {
  const m = frame.decidingPool;
  if (!frame.hasStepped && frame.learnedNotes > 0) return 'Play a few notes and see which contexts it remembers.';
  if (m < 0 || !frame.hasStepped) return 'No context is familiar yet: play a few notes to teach me.';
  const pool = frame.pools[m];
  const reading = frame.decidingSet === 'fast' ? pool.fast : pool.slow;
  const where = frame.decidingSet === 'fast' ? 'in this tune' : 'in all it has heard';
  const note = frame.labels[reading.vote];
  const share = Math.round(reading.voteShare * 100);
  const times = Math.round(reading.confidence);
  if (m === 0) {
    // A vote's share of 1 / (notes heard) is a tie between all of them.
    const heard = Math.round(reading.distinct);
    const tie = heard > 1 && Math.abs(reading.voteShare * heard - 1) < 1e-3;
    const commonest = tie ? `the ${heard} notes are equally common (${share}% each)` : `${note} is the commonest (${share}%)`;
    return `No longer context is familiar yet; over all notes ${where}, ${commonest}.${keyNote(frame)}`;
  }
  const what = pool.kind === 'tune' ? 'The tune so far was' : m === 1 ? 'The last note was' : `The last ${m} notes were`;
  return `${what} heard here ${times} time${times === 1 ? '' : 's'} before ${where}, and ${note} followed ${share}% of the time: the “${poolName(pool, m, frame)}” row decides.${keyNote(frame)}`;
}

// With degree pools: what the key row says (it adds its prediction to the others).
/** @param {import('./canvas.js').ShownFrame} frame */
function keyNote(frame) {
  const row = frame.pools.find((pool) => pool.kind === 'degrees');
  if (!row || frame.tonalReference < 0 || row.slow.vote < 0) return '';
  const steps = frame.tonalOrder === 1 ? 'the last note' : `the last ${frame.tonalOrder} notes`;
  return ` Read as steps of the scale of ${PITCH_NAMES[frame.tonalReference]}, ${steps} were followed by ${frame.labels[row.slow.vote]} ${Math.round(row.slow.voteShare * 100)}% of the time in every key (the “${poolName(row, 0, frame)}” row).`;
}
