// The parameter controls. The main ones change the running network through
// adjust() and keep what it learned; the advanced ones reshape it, so they
// only take effect in a new network. Names are MODEL.md's; ranges come from
// the core's configParams(), narrowed where a slider needs a useful span.

import { TEMPO } from '../state.js';

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
const PAGE = [
  { name: 'tempo', label: 'tempo', unit: 'bpm', min: TEMPO.min, max: TEMPO.max, step: 1,
    help: 'How fast it plays on its own: one note a beat.' },
];
const MAIN_NAMES = new Set(MAIN.map((control) => control.name));

function element(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function slider(id, { label, name, unit, min, max, step, help }, value, onInput) {
  const input = element('input', { type: 'range', id, min, max, step, value });
  const output = element('output', { htmlFor: id, textContent: `${value}${unit ? ` ${unit}` : ''}` });
  input.addEventListener('input', () => {
    const next = Number(input.value);
    output.textContent = `${next}${unit ? ` ${unit}` : ''}`;
    onInput(next);
  });
  const title = element('label', { htmlFor: id }, element('span', { className: 'control-name', textContent: label }));
  if (name !== 'tempo') title.append(' ', element('code', { textContent: name }));
  const row = element('div', { className: 'control' }, title, output, input, element('p', { className: 'help', textContent: help }));
  return {
    row,
    set(next) {
      input.value = next;
      output.textContent = `${next}${unit ? ` ${unit}` : ''}`;
    },
  };
}

// onAdjust(name, value) returns '' or an error; onPage(name, value) sets page state.
export function createControls(container, { params, state, onAdjust, onPage }) {
  const byName = Object.fromEntries(params.map((param) => [param.name, param]));
  const controls = new Map();

  const learning = element('input', { type: 'checkbox', id: 'param-learning', checked: state.learning });
  learning.addEventListener('change', () => onPage('learning', learning.checked));
  container.append(
    element('div', { className: 'control control-check' },
      element('label', { htmlFor: 'param-learning' }, learning, ' ', element('span', { className: 'control-name', textContent: 'learning' })),
      element('p', { className: 'help', textContent: 'On: the notes you play change its weights (Hebbian learning). Off: it listens, frozen.' })),
  );

  for (const control of MAIN) {
    const param = byName[control.name];
    const spec = { ...control, min: param.min, max: Math.min(param.max, control.max) };
    const made = slider(`param-${control.name}`, spec, state.config[control.name], (value) => {
      const error = onAdjust(control.name, value);
      if (error) made.set(state.config[control.name]);
    });
    controls.set(control.name, made);
    container.append(made.row);
  }
  for (const control of PAGE) {
    const made = slider(`param-${control.name}`, control, state[control.name], (value) => onPage(control.name, value));
    controls.set(control.name, made);
    container.append(made.row);
  }

  return {
    sync(next) {
      learning.checked = next.learning;
      for (const [name, control] of controls) control.set(MAIN_NAMES.has(name) ? next.config[name] : next[name]);
    },
  };
}

// Every other parameter, as number inputs, applied together by "New network".
export function createAdvanced(container, { params, config, onApply }) {
  const inputs = new Map();
  const grid = element('div', { className: 'advanced-grid' });
  for (const param of params) {
    if (MAIN_NAMES.has(param.name)) continue;
    const id = `advanced-${param.name}`;
    const input = element('input', {
      type: 'number', id, value: config[param.name], min: param.min, max: param.max,
      step: param.integer ? 1 : 'any', inputMode: param.integer ? 'numeric' : 'decimal',
    });
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
    sync(next) {
      for (const [name, input] of inputs) input.value = next[name];
      error.textContent = '';
    },
    showError(text) {
      error.textContent = text;
    },
  };
}
