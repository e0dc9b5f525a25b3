// Drawing helpers for the views: canvases sharp on any screen density, and
// the page's colours read from style.css so canvas and HTML agree.

let palette = null;

// Colours are CSS custom properties on :root (--user, --network, ...).
export function colours() {
  if (palette) return palette;
  const style = getComputedStyle(document.documentElement);
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
  const context = canvas.getContext('2d');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  context.font = colours().font;
  context.textBaseline = 'middle';
  return { context, width, height };
}

// A colour given as #rrggbb at opacity alpha.
export function withAlpha(hex, alpha) {
  const value = parseInt(hex.slice(1), 16);
  return `rgba(${value >> 16}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

// The colour of a note by who played it: the user's, or the network's.
export function playerColour(by) {
  return by === 'network' ? colours().network : colours().user;
}
