// @ts-check
// What the first screen does not need arrives after the page is ready: the
// panels further down (keep and share, MIDI) are imported in idle time, so the
// bytes and round trips before ready are only the first screen's (issue 12).
// A panel reached for before its module arrived still answers: what the user
// did in it (a button pressed, a file picked) is held, the module imported at
// once, and it is done again once the panel is wired.

/**
 * Runs `task` when the page is next idle (at most `timeout` ms from now).
 * @param {() => void} task @param {number} [timeout]
 */
export function whenIdle(task, timeout = 500) {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout });
  else setTimeout(task, 0);
}

// What a panel not wired yet holds, on the elements it wires (`owned`, a
// selector): a button's click (the button is clicked again) and a picked file
// (its change event). Anything else in its part of the page (a setting's
// checkbox, wired before ready) is left alone.
/** @param {Event} event @param {string} owned @returns {HTMLElement | null} the element to do it again on */
function heldTarget(event, owned) {
  const target = event.target instanceof Element ? event.target.closest(owned) : null;
  if (event.type === 'click') return target instanceof HTMLButtonElement ? target : null;
  return target instanceof HTMLInputElement && target.type === 'file' ? target : null;
}

/**
 * A panel made by `load` (which imports its module) the first time it is
 * asked for: by `start()` (in idle time after ready, or when the page needs
 * it) or by the user reaching first for one of the elements it wires in
 * `root` (those matching `owned`). `start()` resolves with what `load` made,
 * after the actions held were done again on it.
 * @template T
 * @param {HTMLElement} root  the panel's element
 * @param {string} owned  a selector of the elements the panel wires
 * @param {() => Promise<T>} load
 * @returns {{start: () => Promise<T>}}
 */
export function laterPanel(root, owned, load) {
  /** @type {{target: HTMLElement, type: string}[]} */
  const held = [];
  /** @type {Promise<T> | null} */
  let loading = null;
  const TYPES = ['click', 'change'];
  /** @param {Event} event */
  const hold = (event) => {
    const target = heldTarget(event, owned);
    if (!target) return;
    // The event's own default still happens (a button of type=button has none).
    held.push({ target, type: event.type });
    start();
  };
  for (const type of TYPES) root.addEventListener(type, hold, true);

  function start() {
    loading ??= load().then((value) => {
      for (const type of TYPES) root.removeEventListener(type, hold, true);
      for (const { target, type } of held) {
        if (type === 'click') target.click();
        else target.dispatchEvent(new Event(type, { bubbles: true }));
      }
      held.length = 0;
      return value;
    });
    return loading;
  }
  return { start };
}
