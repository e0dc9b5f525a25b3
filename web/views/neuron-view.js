// @ts-check
// A population of neurons at the moment the last note was decided (the note
// neurons by default; the rhythm neurons through rhythm-view.js): activation
// a = ln p with the mean that is subtracted, the centred value c = a - mean
// against each neuron's adaptive threshold, and who fired or was inhibited.
// A reader can point at a bar and see why it fired: it crossed its threshold.

import { colours, playerColour, prepare } from './canvas.js';

const HEIGHT = 270;
// Fitted to its box (the embed), it shrinks down to this.
const LOWEST = 150;
// The lowest a fitted view is drawn whole (CSS px): the embed drops the view
// from a lower box.
export const lowestFitted = () => LOWEST;
const LEFT = 46;
const RIGHT = 6;

/**
 * What the view draws of a frame, and what it says of it.
 * @typedef {import('../network.js').Neurons} Neurons
 * @typedef {import('./canvas.js').ShownFrame} ShownFrame
 * @typedef {(frame: ShownFrame) => Neurons} Select
 * @typedef {(frame: ShownFrame, neurons: Neurons) => string} Explain
 */

// With `fit`, the canvas's height comes from the layout and the drawing
// squeezes to it; otherwise it is HEIGHT tall. `neurons` picks the population
// from the frame and `explain` says in words why the step went as it did
// (both the note neurons' unless given).
/**
 * @param {HTMLCanvasElement} canvas
 * @param {HTMLElement} caption
 * @param {{fit?: boolean, neurons?: Select, explain?: Explain}} [options]
 * @returns {import('./canvas.js').View}
 */
export function createNeuronView(canvas, caption, { fit = false, neurons: select = (frame) => frame, explain = explainNotes } = {}) {
  /** @param {ShownFrame} shown */
  function draw(shown) {
    const { by } = shown;
    const frame = select(shown);
    const { context: g, width, height } = prepare(canvas, fit ? undefined : HEIGHT);
    /** @param {number} at height on the HEIGHT-tall design */
    const y = (at) => (at * Math.max(LOWEST, height)) / HEIGHT;
    const palette = colours();
    const count = frame.labels.length;
    const column = (width - LEFT - RIGHT) / count;
    const barWidth = Math.max(3, Math.min(26, column * 0.56));
    /** @param {number} i */
    const centreX = (i) => LEFT + column * (i + 0.5);
    /** @param {number} y @param {string} colour @param {number[]} [dash] */
    const rule = (y, colour, dash = []) => {
      g.strokeStyle = colour;
      g.setLineDash(dash);
      g.beginPath();
      g.moveTo(LEFT, y);
      g.lineTo(width - RIGHT, y);
      g.stroke();
      g.setLineDash([]);
    };
    /** @param {number} i */
    const barColour = (i) => {
      if (frame.fired[i]) return playerColour(by);
      if (frame.inhibited[i]) return palette.inhibited;
      return palette.faint;
    };

    // Top: a = ln p (all <= 0), and the mean line.
    const top = y(22);
    const topBottom = y(108);
    const lowest = Math.max(-12, Math.min(frame.mean, ...frame.activations));
    const floor = Math.min(-1, Math.floor(lowest - 0.25));
    /** @param {number} a */
    const yA = (a) => top + ((Math.max(a, floor) / floor) * (topBottom - top));
    g.fillStyle = palette.muted;
    g.textAlign = 'left';
    g.fillText('activation a = ln p', LEFT, Math.max(7, y(8)));
    g.textAlign = 'right';
    g.fillText('0', LEFT - 6, yA(0));
    if (Math.abs(yA(floor) - yA(frame.mean)) > 12) g.fillText(String(floor), LEFT - 6, yA(floor));
    rule(yA(0), palette.line);
    for (let i = 0; i < count; i++) {
      g.fillStyle = barColour(i);
      // A certain neuron (a = 0) still shows a sliver in its colour.
      g.fillRect(centreX(i) - barWidth / 2, yA(0), barWidth, Math.max(2, yA(frame.activations[i]) - yA(0)));
    }
    rule(yA(frame.mean), palette.text, [5, 4]);
    g.fillStyle = palette.text;
    g.fillText('mean', LEFT - 6, yA(frame.mean));

    // Bottom: c = a - mean around zero, each threshold a marker across its bar.
    const middle = y(190);
    const reach = Math.max(1, Math.ceil(Math.max(...frame.centred.map(Math.abs), ...frame.thresholds.map(Math.abs))));
    const scale = y(52) / reach;
    /** @param {number} c */
    const yC = (c) => middle - Math.max(-reach, Math.min(reach, c)) * scale;
    g.fillStyle = palette.muted;
    g.textAlign = 'left';
    g.fillText(width > 340 ? 'centred c = a − mean, against threshold θ' : 'c = a − mean, against θ', LEFT, y(126));
    g.textAlign = 'right';
    g.fillText(`+${reach}`, LEFT - 6, yC(reach));
    g.fillText('0', LEFT - 6, yC(0));
    g.fillText(`−${reach}`, LEFT - 6, yC(-reach));
    rule(yC(0), palette.line);
    for (let i = 0; i < count; i++) {
      const x = centreX(i) - barWidth / 2;
      g.fillStyle = barColour(i);
      g.fillRect(x, Math.min(yC(0), yC(frame.centred[i])), barWidth, Math.abs(yC(frame.centred[i]) - yC(0)) || 1);
      g.fillStyle = palette.threshold;
      g.fillRect(x - 3, yC(frame.thresholds[i]) - 1, barWidth + 6, 2);
    }

    // Labels, the fired ones in their player's colour.
    g.textAlign = 'center';
    const shownLabels = labelsToShow(frame.labels, frame.fired, column, (label) => g.measureText(label).width);
    for (let i = 0; i < count; i++) {
      if (!shownLabels[i]) continue;
      g.fillStyle = frame.fired[i] ? playerColour(by) : palette.muted;
      g.fillText(frame.labels[i], centreX(i), y(256));
    }
    if (frame.fired.some(Boolean)) {
      for (let i = 0; i < count; i++) {
        if (!frame.fired[i]) continue;
        g.fillStyle = playerColour(by);
        g.beginPath();
        g.moveTo(centreX(i), y(264));
        g.lineTo(centreX(i) - 5, y(270));
        g.lineTo(centreX(i) + 5, y(270));
        g.fill();
      }
    }
    caption.textContent = explain(shown, frame);
  }

  return { draw };
}

// Two labels this far apart (CSS px) at least, centre to centre, are read apart.
const LABEL_GAP = 4;

// Which labels the row has room for, `column` px apart: every one when they
// fit; else the first of these whose labels fit side by side: the naturals (C
// D E F G A B, the names a reader finds a key by; none are sharps for the
// rhythm neurons), else every other one (the first of each 12 in a row
// longer than 12: the octaves' Cs).
// The neurons that fired are always labelled; a label that would touch one is
// left out.
/**
 * @param {string[]} labels @param {ArrayLike<number>} fired @param {number} column
 * @param {(label: string) => number} widthOf its width in CSS px
 * @returns {boolean[]}
 */
export function labelsToShow(labels, fired, column, widthOf) {
  const widths = labels.map(widthOf);
  const count = labels.length;
  /** @param {number} a @param {number} b indices */
  const apart = (a, b) => Math.abs(b - a) * column >= (widths[a] + widths[b]) / 2 + LABEL_GAP;
  /** @param {(i: number) => boolean} wanted */
  const fits = (wanted) => {
    const chosen = labels.flatMap((_, i) => (wanted(i) ? [i] : []));
    return chosen.every((index, j) => j === 0 || apart(chosen[j - 1], index));
  };
  const sharps = labels.some((label) => label.includes('#'));
  /** @type {((i: number) => boolean)[]} */
  const rules = [
    () => true,
    ...(sharps ? [(i) => !labels[i].includes('#')] : []),
    count > 12 ? (i) => i % 12 === 0 : (i) => i % 2 === 0,
  ];
  const wanted = rules.find(fits) ?? rules[rules.length - 1];
  return labels.map((_, i) => {
    if (fired[i]) return true;
    if (!wanted(i)) return false;
    const touchesFired = [i - 1, i + 1].some((next) => fired[next] && !apart(i, next));
    return !touchesFired;
  });
}

// c - theta as the captions write it: +0.25, −1.50.
/** @param {number} value */
export const formatMargin = (value) => `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(2)}`;

/** @param {ShownFrame} frame */
function explainNotes(frame) {
  const { by } = frame;
  if (!frame.hasStepped && frame.learnedNotes > 0) return `It has learned ${frame.learnedNotes} notes. Press a key and see which neuron fires, or let it play.`;
  if (!frame.hasStepped) return 'Nothing played yet. Play a few notes to teach me: each key you press fires its note neuron.';
  /** @param {number} i */
  const margin = (i) => frame.centred[i] - frame.thresholds[i];
  /** @param {number[]} list */
  const names = (list) => list.map((i) => frame.labels[i]).join(', ');
  const chosen = frame.chosen;
  const name = frame.labels[chosen];
  const joined = [];
  const inhibited = [];
  for (let i = 0; i < frame.noteCount; i++) {
    if (frame.fired[i] && i !== chosen) joined.push(i);
    if (frame.inhibited[i]) inhibited.push(i);
  }
  const { k_notes: k, temperature } = frame.config;
  let text;
  if (by === 'user') {
    text = `You played ${name}: its neuron fired because the key clamps it. It stood at c − θ = ${formatMargin(margin(chosen))}, `;
    text += margin(chosen) > 0 ? 'above its threshold: it expected that note.' : 'below its threshold: it did not expect that note.';
    if (inhibited.length) text += ` ${names(inhibited)} had crossed the threshold but lost to the key (inhibited).`;
    return text;
  }
  if (margin(chosen) > 0) {
    text = `${name} fired: c − θ = ${formatMargin(margin(chosen))}, it crossed its threshold and won`;
    text += temperature > 0 ? ` the draw at temperature ${temperature}.` : '.';
  } else if (inhibited.length) {
    text = `${name} fired below its threshold (c − θ = ${formatMargin(margin(chosen))}): at temperature ${temperature} every note has a chance.`;
  } else {
    text = `${name} fired: no neuron crossed its threshold, so the top candidate sounds (a melody never stalls).`;
  }
  if (joined.length) text += ` ${names(joined)} crossed ${joined.length > 1 ? 'theirs' : 'its'} too and joined it (up to ${k} may fire together).`;
  if (inhibited.length) {
    text += ` ${names(inhibited)} crossed too but ${inhibited.length > 1 ? 'were' : 'was'} inhibited: only ${k} note${k > 1 ? 's' : ''} may fire together.`;
  }
  return text;
}
