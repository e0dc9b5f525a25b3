// @ts-check
// The piano keyboard on screen and the computer keyboard that plays it. Keys
// light in the colour of who played them: the user or the network.

import { isBlackKey, noteName } from '../music.js';

// Physical keys (KeyboardEvent.code, so other layouts play the same places)
// and their semitone above the octave's C: the usual A W S E D ... layout.
/** @type {Record<string, number>} */
const COMPUTER_KEYS = {
  KeyA: 0, KeyW: 1, KeyS: 2, KeyE: 3, KeyD: 4, KeyF: 5, KeyT: 6, KeyG: 7, KeyY: 8,
  KeyH: 9, KeyU: 10, KeyJ: 11, KeyK: 12, KeyO: 13, KeyL: 14, KeyP: 15, Semicolon: 16,
};
const KEY_LETTERS = Object.fromEntries(
  Object.entries(COMPUTER_KEYS).map(([code, offset]) => [offset, code === 'Semicolon' ? ';' : code.slice(3)]),
);
// A black key's width in white keys (style.css's --black-width).
const BLACK_SHARE = 0.62;
// A tap lights its key at least this long, so it can be seen.
const MIN_LIT_MS = 220;

/**
 * @typedef {import('./canvas.js').Player} Player
 *
 * The keys from `low` to `high` (MIDI notes) in `container`; onDown(midi,
 * velocity) and onUp(midi) when a pointer presses and releases one.
 * @param {HTMLElement} container
 * @param {{low: number, high: number, onDown: (midi: number, velocity: number) => void, onUp: (midi: number) => void}} options
 */
export function createKeyboard(container, { low, high, onDown, onUp }) {
  /** @type {Map<number, HTMLButtonElement>} */
  const keys = new Map();
  const lit = new Map();
  const whites = [];
  for (let midi = low; midi <= high; midi++) if (!isBlackKey(midi)) whites.push(midi);
  container.style.setProperty('--white-count', String(whites.length));
  container.replaceChildren();

  for (let midi = low; midi <= high; midi++) {
    const key = document.createElement('button');
    key.type = 'button';
    key.tabIndex = -1;
    key.dataset.midi = String(midi);
    key.className = isBlackKey(midi) ? 'key black' : midi % 12 === 0 ? 'key white octave-start' : 'key white';
    if (isBlackKey(midi)) {
      const whitesBefore = whites.filter((white) => white < midi).length;
      key.style.left = `calc(${(whitesBefore / whites.length) * 100}% - var(--black-width) / 2)`;
    }
    // Its name is its note, in its text: shown under each C, for a screen
    // reader only on the other keys. The computer key's letter is a hint for
    // the eye (and not there on a touch screen), not part of the name.
    const label = document.createElement('span');
    label.className = midi % 12 === 0 ? 'key-label' : 'key-label visually-hidden';
    label.textContent = noteName(midi);
    const letter = document.createElement('span');
    letter.className = 'key-letter';
    letter.setAttribute('aria-hidden', 'true');
    key.append(letter, label);
    container.append(key);
    keys.set(midi, key);
  }

  // In white keys (a white key's width is 1): where key `midi` starts and ends
  // along the keyboard. A black key straddles the edge between two whites,
  // BLACK_SHARE of a white wide (style.css's --black-width).
  /** @param {number} midi */
  const whitesBelow = (midi) => whites.filter((white) => white < midi).length;
  /** @param {number} midi @returns {[number, number]} */
  const span = (midi) => {
    const at = whitesBelow(midi);
    return isBlackKey(midi) ? [at - BLACK_SHARE / 2, at + BLACK_SHARE / 2] : [at, at + 1];
  };
  // Whether a black key straddles the edge `at` white keys from the lowest.
  /** @param {number} at */
  const blackAtEdge = (at) => at > 0 && at < whites.length && isBlackKey(whites[at] - 1);
  // The view set by showRange: `shown` whole white keys from `first`, each `width` CSS px.
  /** @type {{first: number, shown: number, width: number} | null} */
  let fitted = null;
  // Whether a key that lights out of view is scrolled into it (showRange's `follow`).
  let follow = false;

  /** @param {number} first the white key (its index) at the left edge */
  const scrollToWhite = (first) => {
    if (!fitted || !container.parentElement) return;
    fitted.first = Math.max(0, Math.min(whites.length - fitted.shown, first));
    container.parentElement.scrollLeft = fitted.first * fitted.width;
  };

  // Brings key `midi` wholly into the fitted view (with a key or two to spare
  // beside it when there is room), moving it by whole white keys, as little as it can.
  /** @param {number} midi */
  const reveal = (midi) => {
    const scroller = container.parentElement;
    if (!fitted || !scroller || !keys.has(midi)) return;
    // Where the reader (or snapping) left it.
    fitted.first = Math.round(scroller.scrollLeft / fitted.width);
    const [left, right] = span(midi);
    const { first, shown } = fitted;
    if (left >= first && right <= first + shown) return;
    const spare = Math.min(2, Math.floor((shown - Math.ceil(right - left)) / 2));
    scrollToWhite(left < first ? Math.floor(left) - spare : Math.ceil(right) + spare - shown);
  };

  // Pointer id -> the key it holds, so a mouse can slide across keys and
  // several fingers can hold several keys.
  /** @type {Map<number, number>} */
  const held = new Map();
  /** @param {PointerEvent} event @param {HTMLElement} key */
  const velocityAt = (event, key) => {
    const box = key.getBoundingClientRect();
    const depth = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    return Math.round(55 + 60 * depth);
  };
  /** @param {PointerEvent} event @param {HTMLElement} key */
  const press = (event, key) => {
    const midi = Number(key.dataset.midi);
    held.set(event.pointerId, midi);
    onDown(midi, velocityAt(event, key));
  };
  /** @param {PointerEvent} event */
  const release = (event) => {
    const midi = held.get(event.pointerId);
    if (midi === undefined) return;
    held.delete(event.pointerId);
    onUp(midi);
  };
  /** @param {Event} event @returns {HTMLElement|null} the key under the event */
  const keyOf = (event) => (event.target instanceof Element ? event.target.closest('.key') : null);
  container.addEventListener('pointerdown', (event) => {
    const key = keyOf(event);
    if (!key || event.button > 0) return;
    event.preventDefault();
    key.releasePointerCapture?.(event.pointerId);
    press(event, key);
  });
  container.addEventListener('pointerover', (event) => {
    const key = keyOf(event);
    if (!key || !held.has(event.pointerId) || held.get(event.pointerId) === Number(key.dataset.midi)) return;
    release(event);
    press(event, key);
  });
  container.addEventListener('pointerup', release);
  container.addEventListener('pointercancel', release);
  container.addEventListener('pointerleave', release);
  container.addEventListener('contextmenu', (event) => event.preventDefault());

  // From the keyboard alone: one key is in the tab order (a roving tabindex),
  // the arrow keys move along the keys, Enter or Space plays the focused one
  // for as long as it is held.
  let focusable = keys.get(Math.min(high, Math.max(low, 60))) ?? keys.get(low);
  if (focusable) focusable.tabIndex = 0;
  /** @param {number} midi */
  const focusKey = (midi) => {
    const key = keys.get(Math.min(high, Math.max(low, midi)));
    if (!key || !focusable) return;
    focusable.tabIndex = -1;
    key.tabIndex = 0;
    focusable = key;
    key.focus();
  };
  /** @type {Set<number>} keys held down by Enter or Space */
  const typed = new Set();
  const STEPS = { ArrowLeft: -1, ArrowRight: 1, ArrowDown: -12, ArrowUp: 12, PageDown: -12, PageUp: 12 };
  container.addEventListener('keydown', (event) => {
    const key = keyOf(event);
    if (!key || event.ctrlKey || event.metaKey || event.altKey) return;
    const midi = Number(key.dataset.midi);
    if (event.key in STEPS) focusKey(midi + STEPS[/** @type {keyof typeof STEPS} */ (event.key)]);
    else if (event.key === 'Home' || event.key === 'End') focusKey(event.key === 'Home' ? low : high);
    else if (event.key === 'Enter' || event.key === ' ') {
      if (!event.repeat && !typed.has(midi)) {
        typed.add(midi);
        onDown(midi, 90);
      }
    } else return;
    event.preventDefault();
  });
  container.addEventListener('keyup', (event) => {
    const key = keyOf(event);
    if (!key || (event.key !== 'Enter' && event.key !== ' ')) return;
    event.preventDefault();
    const midi = Number(key.dataset.midi);
    if (typed.delete(midi)) onUp(midi);
  });
  container.addEventListener('focusout', (event) => {
    const key = keyOf(event);
    const midi = key ? Number(key.dataset.midi) : NaN;
    if (typed.delete(midi)) onUp(midi);
  });
  // The skip link and a click on the keyboard's own box land on the key in the tab order.
  container.addEventListener('focus', () => focusable?.focus());

  /** @param {number} midi @param {Player} by */
  function light(midi, by) {
    const key = keys.get(midi);
    if (!key) return;
    const record = lit.get(`${midi}:${by}`) ?? { count: 0, since: 0 };
    record.count++;
    record.since = performance.now();
    lit.set(`${midi}:${by}`, record);
    key.classList.add(`lit-${by}`);
    if (follow) reveal(midi);
  }

  /** @param {number} midi @param {Player} by */
  function unlight(midi, by) {
    const record = lit.get(`${midi}:${by}`);
    if (!record) return;
    const wait = MIN_LIT_MS - (performance.now() - record.since);
    const off = () => {
      record.count = Math.max(0, record.count - 1);
      if (record.count === 0) keys.get(midi)?.classList.remove(`lit-${by}`);
    };
    if (wait > 0) setTimeout(off, wait);
    else off();
  }

  return {
    light,
    unlight,
    // Lights a key for `ms`: a note whose end is already known.
    /** @param {number} midi @param {Player} by @param {number} ms */
    flash(midi, by, ms) {
      light(midi, by);
      setTimeout(() => unlight(midi, by), ms);
    },
    // Marks the key it expects next (or none).
    /** @param {number} midi -1: none */
    expect(midi) {
      for (const key of container.querySelectorAll('.expected')) key.classList.remove('expected');
      keys.get(midi)?.classList.add('expected');
    },
    // Shows the computer keyboard's letters on the keys they play.
    /** @param {number} octave the MIDI note the A key plays */
    showLetters(octave) {
      for (const [midi, key] of keys) {
        const letter = key.querySelector('.key-letter');
        if (letter) letter.textContent = KEY_LETTERS[midi - octave] ?? '';
      }
    },
    /** @param {number} midi */
    centre(midi) {
      const key = keys.get(midi);
      const scroller = container.parentElement;
      if (!key || !scroller || scroller.scrollWidth <= scroller.clientWidth) return;
      scroller.scrollLeft = key.offsetLeft - (scroller.clientWidth - key.offsetWidth) / 2;
    },
    // Shows the keys from `from` to `to` (MIDI) whole and as near the middle
    // as it can: the white keys are a whole number of CSS px wide, about as
    // many as fit no narrower than the keyboard's min-width allows, and the
    // scroller is cut down (centred in its room) to a whole number of them,
    // so that no key is cut at its edges (snapping keeps it so: embed.css).
    // A range wider than the view shows its middle. With `follow`, a key that
    // lights out of view is scrolled into it (the notes the network plays are
    // within the range it heard, core/key_rhythm, but a press() is anywhere).
    /** @param {number} from @param {number} to @param {{follow?: boolean}} [options] */
    showRange(from, to, { follow: following = false } = {}) {
      const scroller = container.parentElement;
      if (!scroller) return;
      follow = following;
      scroller.style.width = '';
      scroller.style.marginLeft = '';
      container.style.width = '';
      const room = scroller.clientWidth;
      // The narrowest a white key may be: the keyboard's min-width (CSS) shared out.
      const narrowest = Math.max(1, parseFloat(getComputedStyle(container).minWidth) / whites.length || 0);
      const most = Math.max(1, Math.min(whites.length, Math.floor(room / narrowest)));
      /** @param {number} midi */
      const onKeyboard = (midi) => Math.min(high, Math.max(low, midi));
      const left = span(onKeyboard(from))[0];
      const right = span(onKeyboard(Math.max(from, to)))[1];
      // Each view: `shown` white keys from `first`. In order of weight: the
      // range whole, no black key cut at an edge, as many keys as fit (a few
      // fewer, each wider, may leave no black key cut), the range in the middle.
      let best = { first: 0, shown: most, cost: Infinity };
      for (let shown = most; shown >= Math.max(1, most - 3); shown--) {
        const middle = (left + right - shown) / 2;
        for (let first = 0; first + shown <= whites.length; first++) {
          const whole = first <= left && right <= first + shown;
          const cut = (blackAtEdge(first) ? 1 : 0) + (blackAtEdge(first + shown) ? 1 : 0);
          const cost = (whole ? 0 : 1e6) + cut * 1e4 + (most - shown) * 100 + Math.abs(first - middle);
          if (cost < best.cost) best = { first, shown, cost };
        }
      }
      const width = Math.floor(room / best.shown);
      if (width < 1) return;
      container.style.width = `${whites.length * width}px`;
      scroller.style.width = `${best.shown * width}px`;
      scroller.style.marginLeft = `${Math.floor((room - best.shown * width) / 2)}px`;
      fitted = { first: 0, shown: best.shown, width };
      scrollToWhite(best.first);
    },
    // Shows the keys from the C `octaves` octaves away from the leftmost key shown.
    /** @param {number} octaves */
    shift(octaves) {
      const scroller = container.parentElement;
      if (!scroller) return;
      const shown = [...keys.values()].find((key) => key.offsetLeft + key.offsetWidth / 2 >= scroller.scrollLeft);
      const first = shown ? Number(shown.dataset.midi) : low;
      const c = first + ((12 - (first % 12)) % 12) + 12 * octaves;
      const target = keys.get(Math.min(high, Math.max(low, c)));
      if (target) scroller.scrollTo({ left: target.offsetLeft });
    },
    // The lowest and highest keys wholly in view.
    shown() {
      const scroller = container.parentElement;
      const inView = [...keys.values()].filter((key) => !scroller ||
        (key.offsetLeft >= scroller.scrollLeft - 1 && key.offsetLeft + key.offsetWidth <= scroller.scrollLeft + scroller.clientWidth + 1));
      return inView.length ? { low: Number(inView[0].dataset.midi), high: Number(inView.at(-1)?.dataset.midi) } : null;
    },
    clear() {
      for (const key of keys.values()) key.classList.remove('lit-user', 'lit-network');
      lit.clear();
    },
  };
}

// Plays the keyboard from the computer's keys. Z and X move the octave, to
// one where octaveFits says all the computer keys are drawn.
/**
 * @param {{onDown: (midi: number, velocity: number) => void, onUp: (midi: number) => void,
 *   getOctave: () => number, setOctave: (octave: number) => void, octaveFits: (octave: number) => boolean}} options
 */
export function attachComputerKeys({ onDown, onUp, getOctave, setOctave, octaveFits }) {
  /** @type {Map<string, number>} */
  const down = new Map();
  /** @param {EventTarget|null} target */
  const typing = (target) =>
    target instanceof HTMLElement &&
    (target.isContentEditable || target.matches('textarea, select, input:not([type=range], [type=checkbox])'));

  window.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.code === 'KeyZ' || event.code === 'KeyX') {
      if (!event.repeat) {
        const octave = getOctave() + (event.code === 'KeyZ' ? -12 : 12);
        if (octaveFits(octave)) setOctave(octave);
      }
      event.preventDefault();
      return;
    }
    if (!(event.code in COMPUTER_KEYS)) return;
    event.preventDefault();
    if (event.repeat || down.has(event.code)) return;
    const midi = getOctave() + COMPUTER_KEYS[event.code];
    down.set(event.code, midi);
    onDown(midi, 90);
  });
  window.addEventListener('keyup', (event) => {
    const midi = down.get(event.code);
    if (midi === undefined) return;
    down.delete(event.code);
    onUp(midi);
  });
  window.addEventListener('blur', () => {
    for (const midi of down.values()) onUp(midi);
    down.clear();
  });
}
