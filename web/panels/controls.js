// @ts-check
// The settings panel. The main network parameters change the running network
// through adjust() and keep what it learned; the advanced ones reshape it, so
// they only take effect in a new network. Names are MODEL.md's; ranges come
// from the core's configParams(), narrowed where a slider needs a useful span.
// The page's own settings get the controls their rows in state.js describe.

import { byId } from '../dom.js';
import { parseSetting, SETTINGS, valueOf } from '../state.js';

/** @typedef {import('../state.js').Param} Param */
/** @typedef {import('../state.js').PageState} PageState */
/** @typedef {import('../state.js').Setting} Setting */

const MAIN = [
  { name: 'rate_floor', label: 'learning rate floor', max: 0.2, step: 0.005,
    help: 'Lowest learning rate. 0 keeps exact counts; higher slowly forgets old notes for new ones.' },
  { name: 'k_notes', label: 'inhibition: notes that may fire together', max: 6, step: 1,
    help: '1 plays a melody; more lets other notes that cross their thresholds join as a chord.' },
  { name: 'theta_rate', label: 'threshold adaptation', max: 0.5, step: 0.01,
    help: 'How fast a note that fires more than expected gets harder to fire, so it does not loop.' },
  { name: 'temperature', label: 'temperature', max: 2, step: 0.05,
    help: '0 always plays the top candidate; higher draws more freely among the notes.' },
];
const MAIN_NAMES = new Set(MAIN.map((control) => control.name));

/**
 * @param {string} tag
 * @param {object} [props]
 * @param {...(Node | string)} children
 */
function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

const withUnit = (value, unit) => `${value}${unit ? ` ${unit}` : ''}`;

/**
 * A labelled range input; `code` names the parameter under its label.
 * @param {string} id
 * @param {{label: string, unit?: string, min: number, max: number, step: number, help: string, code?: string}} spec
 * @param {number} value
 * @param {(value: number) => void} onInput
 */
function slider(id, { label, unit, min, max, step, help, code }, value, onInput) {
  const input = /** @type {HTMLInputElement} */ (element('input', { type: 'range', id, min, max, step, value }));
  const output = element('output', { htmlFor: id, textContent: withUnit(value, unit) });
  input.addEventListener('input', () => {
    const next = Number(input.value);
    output.textContent = withUnit(next, unit);
    onInput(next);
  });
  const title = element('label', { htmlFor: id }, element('span', { className: 'control-name', textContent: label }));
  if (code) title.append(' ', element('code', { textContent: code }));
  const row = element('div', { className: 'control' }, title, output, input, element('p', { className: 'help', textContent: help }));
  return {
    row,
    /** @param {number} next */
    show(next) {
      input.value = String(next);
      output.textContent = withUnit(next, unit);
    },
  };
}

/**
 * A labelled checkbox.
 * @param {string} id
 * @param {{label: string, help: string}} spec
 * @param {(checked: boolean) => void} onChange
 */
function checkbox(id, { label, help }, onChange) {
  const input = /** @type {HTMLInputElement} */ (element('input', { type: 'checkbox', id }));
  input.addEventListener('change', () => onChange(input.checked));
  const row = element('div', { className: 'control control-check' },
    element('label', { htmlFor: id }, input, ' ', element('span', { className: 'control-name', textContent: label })),
    element('p', { className: 'help', textContent: help }));
  return { row, show: (/** @type {boolean} */ checked) => (input.checked = checked) };
}

/**
 * A control of index.html that shows a setting (a checkbox or a number input);
 * a value the setting refuses puts the control back, and a number input says
 * why (its validation message, shown where the value was typed).
 * @param {Setting} setting
 * @param {{kind: 'element', id: string, min?: number, max?: number}} control
 * @param {Param[]} params
 * @param {(value: unknown) => void} set
 * @param {() => unknown} current
 */
function bind(setting, { id, min, max }, params, set, current) {
  const input = byId(id, HTMLInputElement);
  const isCheckbox = input.type === 'checkbox';
  if (min !== undefined) Object.assign(input, { min, max });
  const show = (value) => {
    if (isCheckbox) input.checked = Boolean(value);
    else input.value = String(value);
  };
  input.addEventListener('change', () => {
    const typed = input.value;
    const value = parseSetting(setting, isCheckbox ? input.checked : typed, params);
    if (value !== undefined) return set(value);
    show(current());
    if (min === undefined) return;
    input.setCustomValidity(`${typed || 'Nothing'} is not a whole number from ${min} to ${max}: it stays ${current()}.`);
    input.reportValidity();
  });
  for (const type of ['input', 'blur']) input.addEventListener(type, () => input.setCustomValidity(''));
  return { show };
}

/**
 * The settings panel in `container`: the page's checkboxes, the main network
 * parameters, then the page's sliders; and the page's settings shown by
 * index.html's own controls. onAdjust(name, value) changes a network
 * parameter and returns '' or an error.
 * @param {HTMLElement} container
 * @param {{params: Param[], store: import('../state.js').Store, onAdjust: (name: string, value: number) => string}} options
 */
export function createControls(container, { params, store, onAdjust }) {
  const byName = Object.fromEntries(params.map((param) => [param.name, param]));
  const state = store.get();
  /** @type {{setting: Setting, show: (value: any) => void}[]} */
  const shown = [];
  const set = (setting) => (value) => store.set({ [setting.name]: value });
  /** @type {{checkbox: HTMLElement[], slider: HTMLElement[]}} */
  const rows = { checkbox: [], slider: [] };
  for (const setting of SETTINGS) {
    const { control } = setting;
    if (!control) continue;
    const id = `param-${setting.name}`;
    if (control.kind === 'element') {
      shown.push({ setting, ...bind(setting, control, params, set(setting), () => valueOf(store.get(), setting)) });
      continue;
    }
    const made = control.kind === 'slider'
      ? slider(id, control, Number(valueOf(state, setting)), (value) => {
        const parsed = parseSetting(setting, value, params);
        if (parsed !== undefined) set(setting)(parsed);
      })
      : checkbox(id, control, set(setting));
    rows[control.kind].push(made.row);
    shown.push({ setting, show: made.show });
  }

  container.append(...rows.checkbox);
  for (const control of MAIN) {
    const param = byName[control.name];
    const spec = { ...control, code: control.name, min: param.min, max: Math.min(param.max, control.max) };
    const paramSlider = slider(`param-${control.name}`, spec, state.config[control.name], (value) => {
      const error = onAdjust(control.name, value);
      if (error) paramSlider.show(store.get().config[control.name]);
    });
    shown.push({ setting: { name: control.name, param: true }, show: paramSlider.show });
    container.append(paramSlider.row);
  }
  container.append(...rows.slider);

  /** @param {PageState} next */
  const sync = (next) => {
    for (const { setting, show } of shown) show(valueOf(next, setting));
  };
  sync(state);
  return { sync };
}

/**
 * Every other parameter, as number inputs, applied together by "New network".
 * @param {HTMLElement} container
 * @param {{params: Param[], config: Record<string, number>, onApply: (values: Record<string, number>) => void}} options
 */
export function createAdvanced(container, { params, config, onApply }) {
  /** @type {Map<string, HTMLInputElement>} */
  const inputs = new Map();
  const grid = element('div', { className: 'advanced-grid' });
  for (const param of params) {
    if (MAIN_NAMES.has(param.name)) continue;
    const id = `advanced-${param.name}`;
    const input = /** @type {HTMLInputElement} */ (element('input', {
      type: 'number', id, value: config[param.name], min: param.min, max: param.max,
      step: param.integer ? 1 : 'any', inputMode: param.integer ? 'numeric' : 'decimal',
    }));
    inputs.set(param.name, input);
    grid.append(element('div', { className: 'advanced-field' },
      element('label', { htmlFor: id }, element('code', { textContent: param.name })),
      input,
      element('p', { className: 'help', textContent: param.help })));
  }
  const error = element('p', { className: 'error', role: 'alert' });
  const apply = element('button', { type: 'button', textContent: 'New network with these settings' });
  apply.addEventListener('click', () => {
    const values = {};
    for (const [name, input] of inputs) values[name] = input.value === '' ? NaN : Number(input.value);
    onApply(values);
  });
  container.append(grid, element('div', { className: 'advanced-actions' }, apply, error));

  return {
    /** @param {Record<string, number>} next */
    sync(next) {
      for (const [name, input] of inputs) input.value = String(next[name]);
      error.textContent = '';
    },
    /** @param {string} text */
    showError(text) {
      error.textContent = text;
    },
  };
}
