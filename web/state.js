// @ts-check
// The page's settings: one row each in SETTINGS, and one plain, serialisable
// object holding them, so the controls, the modes and window.hebbianPiano read
// and change the same thing. Whatever the network itself holds (weights,
// thresholds) lives in network.js, not here.
//
// A row says everything about a setting (after TensorFlow Playground's
// State.PROPS): its name, its default, how a value from outside (a link, a
// saved record, a control) is checked, and where it travels:
//   link     in share links and .hpn files, as text (the network's notes),
//            only when it differs from what opening the link gives without it
//            (a page setting's fallback; a parameter's value in the network
//            the link holds); opening a link gives a page setting it does not
//            carry its fallback, as links made before carried every one
//   record   in the record kept in this browser (storage.js); a function maps
//            the value to what is kept, and is applied again on restoring
//   state    in window.hebbianPiano.state()
//   control  how the full page shows it (panels/controls.js): a slider or a
//            checkbox made in the settings panel, or an element of index.html
//            bound by its id
// Adding a page setting is one row here: the link, the record, restoring,
// state() and its control follow from it.

/** @typedef {'learn' | 'play' | 'duet'} Mode */

/**
 * @typedef {object} PageState
 * @property {Mode} mode          what the page does with notes
 * @property {boolean} learning   whether the user's notes are learned (Learn and Duet)
 * @property {number} tempo       beats per minute: the beat it plays its rhythms in and hears yours by
 * @property {boolean} metronome  whether a quiet click sounds each beat
 * @property {boolean} followTempo  whether the tempo follows the player's (timing.js)
 * @property {number} epochs      hearings per tune when teaching a melody
 * @property {number} octave      MIDI note of the computer keyboard's A key
 * @property {string} title       the network's title, which travels with its links and files
 * @property {boolean} synth      whether the built-in synth sounds the notes
 * @property {boolean} midiOutMine  whether the user's own notes go to the MIDI output too
 * @property {Record<string, number>} config  the network's parameters, names from MODEL.md
 */

/**
 * One of the core's configParams() rows.
 * @typedef {{name: string, help: string, min: number, max: number, integer: boolean, default: number}} Param
 */

/**
 * How the full page shows a setting: a slider or a checkbox made in the
 * settings panel, or the element `id` of index.html (a checkbox or a number
 * input, given the setting's range when it has one).
 * @typedef {{kind: 'slider', label: string, help: string, unit?: string, min: number, max: number, step: number}
 *   | {kind: 'checkbox', label: string, help: string}
 *   | {kind: 'element', id: string, min?: number, max?: number}} Control
 */

/**
 * @typedef {object} Setting
 * @property {string} name
 * @property {unknown} [fallback]   the default; none for a network parameter, whose default is the core's
 * @property {(value: unknown) => unknown} [parse]  the valid value of `value`, or undefined
 * @property {boolean} [param]      a network parameter (config[name]), checked against its configParams() range
 * @property {boolean} [link]
 * @property {boolean | ((value: any) => unknown)} [record]
 * @property {boolean} [state]
 * @property {Control} [control]
 */

export const MODES = ['learn', 'play', 'duet'];
// Beats per minute the tempo control offers, and a link or file may set.
export const TEMPO = { min: 40, max: 300 };
// Hearings per tune the page offers.
const EPOCHS = { min: 1, max: 50 };
// The on-screen keyboard's lowest and highest keys (MIDI, C3-E6); the
// computer keys play `span` semitones up from their octave (A to ;, C to the
// E an octave above), which stays where all of them are drawn: C3, C4 or C5.
export const KEYBOARD = { low: 48, high: 88, span: 16 };
/** Whether the computer keys from `octave` (MIDI of the A key) are all on the keyboard. @param {unknown} value */
export const octaveFits = (value) => Number.isInteger(value) && Number(value) % 12 === 0 &&
  Number(value) >= KEYBOARD.low && Number(value) + KEYBOARD.span <= KEYBOARD.high;

// A setting from a link or a file is text; '' is not 0.
function number(value) {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
}
const wholeIn = ({ min, max }) => (value) => {
  const n = number(value);
  return n >= min && n <= max ? Math.round(n) : undefined;
};
const boolean = (value) => (typeof value === 'boolean' ? value : undefined);
const oneOf = (values) => (value) => (values.includes(value) ? value : undefined);
const octave = (value) => (octaveFits(value) ? value : undefined);

/** @type {Setting[]} */
export const SETTINGS = [
  // Play is not kept: the page opens listening, as Learn.
  { name: 'mode', fallback: 'learn', parse: oneOf(MODES), link: true, record: (mode) => (mode === 'play' ? 'learn' : mode), state: true },
  { name: 'tempo', fallback: 132, parse: wholeIn(TEMPO), link: true, record: true, state: true,
    control: { kind: 'slider', label: 'tempo', unit: 'bpm', ...TEMPO, step: 1, help: 'The beat: it plays its rhythms at this tempo, and hears the time between your notes in its beats. Tap tempo sets it from your taps.' } },
  { name: 'metronome', fallback: false, parse: boolean, record: true, state: true, control: { kind: 'element', id: 'metronome-on' } },
  { name: 'followTempo', fallback: false, parse: boolean, record: true, state: true, control: { kind: 'element', id: 'follow-tempo' } },
  // The network's own parameter, which links carry beside the page's settings.
  { name: 'temperature', param: true, link: true, state: true },
  { name: 'learning', fallback: true, parse: boolean, record: true, state: true,
    control: { kind: 'checkbox', label: 'learning', help: 'On: the notes you play change its weights (Hebbian learning). Off: it listens, frozen.' } },
  { name: 'epochs', fallback: 3, parse: wholeIn(EPOCHS), record: true, state: true, control: { kind: 'element', id: 'epochs', ...EPOCHS } },
  { name: 'octave', fallback: 60, parse: octave, record: true },
  // Travels as the network's title, not as a setting.
  { name: 'title', fallback: '', parse: (value) => (typeof value === 'string' ? value : undefined), state: true },
  { name: 'synth', fallback: true, parse: boolean, record: true, control: { kind: 'element', id: 'synth-on' } },
  { name: 'midiOutMine', fallback: false, parse: boolean, record: true, control: { kind: 'element', id: 'midi-out-mine' } },
];

/**
 * The valid value of a setting from outside (text from a link, a value from a
 * record or a control), or undefined. `params`: the core's configParams().
 * @param {Setting} setting
 * @param {unknown} value
 * @param {Param[]} params
 */
export function parseSetting(setting, value, params) {
  if (!setting.param) return setting.parse(value);
  const range = params.find((param) => param.name === setting.name);
  const n = number(value);
  return n >= range.min && n <= range.max ? n : undefined;
}

/**
 * A setting's value in the page's state.
 * @param {PageState} state
 * @param {Setting} setting
 */
export const valueOf = (state, setting) => (setting.param ? state.config[setting.name] : state[setting.name]);

/**
 * The settings of `state` that travel in `where` ('link', 'record' or 'state'),
 * by name; a record keeps what its row's function makes of a value. A link
 * leaves out what opening it gives anyway: a page setting at its fallback, a
 * parameter at its value in `networkConfig` (the network the link holds).
 * @param {PageState} state
 * @param {'link' | 'record' | 'state'} where
 * @param {Record<string, number>} [networkConfig]  for 'link': the linked network's parameters
 * @returns {Record<string, any>}
 */
export function settingsFor(state, where, networkConfig = {}) {
  /** @type {Record<string, any>} */
  const out = {};
  for (const setting of SETTINGS) {
    const travels = setting[where];
    if (!travels) continue;
    const value = valueOf(state, setting);
    if (where === 'link' && value === (setting.param ? networkConfig[setting.name] : setting.fallback)) continue;
    out[setting.name] = typeof travels === 'function' ? travels(value) : value;
  }
  return out;
}

/**
 * The valid settings among `values` (from a link's or file's notes, or a
 * saved record), as a patch for the store: {name: value, config: {param: value}};
 * what is missing or invalid is left out.
 * @param {Record<string, unknown>} values
 * @param {'link' | 'record'} from
 * @param {Param[]} params
 */
export function parseSettings(values, from, params) {
  /** @type {Record<string, any> & {config: Record<string, number>}} */
  const patch = { config: {} };
  for (const setting of SETTINGS) {
    const travels = setting[from];
    if (!travels) continue;
    if (!Object.hasOwn(values ?? {}, setting.name)) {
      // A link without a page setting means its fallback (settingsFor).
      if (from === 'link' && !setting.param) patch[setting.name] = setting.fallback;
      continue;
    }
    let value = parseSetting(setting, values[setting.name], params);
    if (value !== undefined && typeof travels === 'function') value = travels(value);
    if (value === undefined) continue;
    if (setting.param) patch.config[setting.name] = /** @type {number} */ (value);
    else patch[setting.name] = value;
  }
  return patch;
}

/**
 * @param {Record<string, number>} config  the network's parameters
 */
export function createState(config) {
  /** @type {PageState} */
  const state = /** @type {PageState} */ ({ config: { ...config } });
  for (const setting of SETTINGS) if (!setting.param) state[setting.name] = setting.fallback;
  /** @type {Set<(state: PageState, patch: Partial<PageState>) => void>} */
  const listeners = new Set();
  return {
    get: () => state,
    /**
     * Shallow merge; `config` is merged one level deeper.
     * @param {Partial<PageState>} patch
     */
    set(patch) {
      const { config: configPatch, ...rest } = patch;
      Object.assign(state, rest);
      if (configPatch) Object.assign(state.config, configPatch);
      for (const listener of listeners) listener(state, patch);
    },
    /** @param {(state: PageState, patch: Partial<PageState>) => void} listener */
    subscribe(listener) {
      listeners.add(listener);
    },
    snapshot: () => structuredClone(state),
  };
}

/** @typedef {ReturnType<typeof createState>} Store */
