// @ts-check
// Drawing helpers for the views: canvases sharp on any screen density, and
// the page's colours read from style.css so canvas and HTML agree. And the
// contract every view keeps (piano.js draws them all alike).

/**
 * Who played a step.
 * @typedef {'user'|'network'} Player
 *
 * One of the raster's last steps: who played it, the note neurons that fired
 * and those that crossed their threshold but were inhibited, the keys that
 * sounded, when (seconds on the audio clock, voices.now()) and for how long
 * (seconds; null while a key is held).
 * @typedef {{by: Player|null, fired: number[], inhibited: number[], midis: number[], time: number, duration: number|null}} RasterStep
 *
 * What a view draws: the frame of the last step that sounded
 * (NetworkModel.frame()), who played it, and the raster's last steps.
 * @typedef {import('../network.js').Frame & {by: Player|null, recent: RasterStep[]}} ShownFrame
 *
 * A view, made with its element: draw(frame) draws; reset() forgets what it
 * kept when the network is new or opened; hear(expected, pitchClass) is told
 * each note the network learns, with the pitch class it expected before (-1: none).
 * @typedef {object} View
 * @property {(frame: ShownFrame) => void} draw
 * @property {() => void} [reset]
 * @property {(expected: number, pitchClass: number) => void} [hear]
 *
 * @typedef {{text: string, muted: string, faint: string, line: string, panel: string, empty: string,
 *   user: string, network: string, inhibited: string, threshold: string, weight: string, font: string}} Palette
 */

/** @type {Palette|null} */
let palette = null;

// Colours are CSS custom properties on :root (--user, --network, ...).
/** @returns {Palette} */
export function colours() {
  if (palette) return palette;
  const style = getComputedStyle(document.documentElement);
  /** @param {string} name */
  const read = (name) => style.getPropertyValue(`--${name}`).trim();
  palette = {
    text: read('text'),
    muted: read('muted'),
    faint: read('faint'),
    line: read('line'),
    panel: read('panel'),
    empty: read('empty'),
    user: read('user'),
    network: read('network'),
    inhibited: read('inhibited'),
    threshold: read('threshold'),
    weight: read('weight'),
    font: read('canvas-font'),
  };
  return palette;
}

// Sizes the canvas's backing store to its CSS width times devicePixelRatio
// (its CSS height is given, or taken from the layout), and returns a context
// that draws in CSS pixels.
/**
 * @param {HTMLCanvasElement} canvas
 * @param {number} [cssHeight]
 * @returns {{context: CanvasRenderingContext2D, width: number, height: number}}
 */
export function prepare(canvas, cssHeight) {
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(1, canvas.clientWidth);
  const height = cssHeight ?? Math.max(1, canvas.clientHeight);
  if (cssHeight !== undefined) canvas.style.height = `${cssHeight}px`;
  const pixelWidth = Math.round(width * ratio);
  const pixelHeight = Math.round(height * ratio);
  if (canvas.width !== pixelWidth || canvas.height !== pixelHeight) {
    canvas.width = pixelWidth;
    canvas.height = pixelHeight;
  }
  const context = /** @type {CanvasRenderingContext2D} */ (canvas.getContext('2d'));
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = colours().font;
  context.textBaseline = 'middle';
  return { context, width, height };
}

// A colour given as #rrggbb at opacity alpha.
/** @param {string} hex @param {number} alpha */
export function withAlpha(hex, alpha) {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${value >> 16}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

// The colour of a note by who played it: the user's, or the network's.
/** @param {Player|null} by */
export function playerColour(by) {
  return by === 'network' ? colours().network : colours().user;
}
