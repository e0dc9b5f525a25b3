// Wires the page: the network, the keyboards, the sound, the views and the
// modes (Learn, Play, Duet), and window.hebbianPiano on top of the same verbs.

import { installApi } from './api.js';
import { createAdvanced, createControls } from './controls.js';
import { createExpectation } from './expectation.js';
import { createHeatmap } from './heatmap.js';
import { attachComputerKeys, createKeyboard } from './keyboard.js';
import { parseMelodies, renderMelodyList } from './melodies.js';
import { connectMidi } from './midi-input.js';
import { noteName } from './music.js';
import { loadCore, NetworkModel } from './network.js';
import { createNeuronView } from './neuron-view.js';
import { createPlayer } from './player.js';
import { createPoolView } from './pool-view.js';
import { createRaster, RASTER_STEPS } from './raster.js';
import { createSound } from './sound.js';
import { createState, MODES } from './state.js';

const LOWEST_KEY = 48;
const HIGHEST_KEY = 84;
const DUET_SILENCE_MS = 600;
const DUET_LONGEST_ANSWER = 16;
const PRESS_MS = 250;
const STEP_HOLD_S = 0.45;
// Teaching runs in slices this long, so the page keeps drawing and answering.
const TEACH_SLICE_MS = 12;

const MODE_HINTS = {
  learn: 'Learn: everything you play is heard and learned.',
  play: 'Play: it plays on its own, carrying on from what it last heard. Stop it, play a few notes to give it a start, and press Play again.',
  duet: 'Duet: play a phrase and pause. It answers with a continuation, then listens again.',
};

const byId = (id) => document.getElementById(id);
const indices = (flags) => flags.flatMap((flag, i) => (flag ? [i] : []));

function showMessage(text, kind = 'info') {
  const message = byId('message');
  message.textContent = text;
  message.className = `message ${kind}`;
  message.hidden = !text;
}

async function main() {
  const melodiesText = fetch(new URL('./melodies/builtin.txt', import.meta.url))
    .then((response) => (response.ok ? response.text() : ''))
    .catch(() => '');
  const network = new NetworkModel(await loadCore());
  const store = createState(network.config());
  const sound = createSound({ onStatus: (text) => (byId('audio-status').textContent = text) });

  const views = {
    neurons: createNeuronView(byId('neuron-canvas'), byId('neuron-caption')),
    pools: createPoolView(byId('pool-canvas'), byId('pool-caption')),
    heatmap: createHeatmap(byId('heatmap-canvas'), byId('heatmap-caption')),
    raster: createRaster(byId('raster-canvas')),
    expectation: createExpectation(byId('expect-canvas'), byId('expect-caption')),
  };

  // What the views show: the frame of the last step that sounded, who played
  // it, the raster's steps, and frames scheduled to show when their note sounds.
  const display = { frame: network.frame(), by: null, steps: [], queue: [], dirty: true };

  function present(frame, by) {
    display.frame = frame;
    display.by = by;
    display.steps.push({ by, fired: indices(frame.fired), inhibited: indices(frame.inhibited) });
    if (display.steps.length > RASTER_STEPS) display.steps.shift();
    display.dirty = true;
  }

  function draw() {
    const { frame, by } = display;
    views.neurons.draw(frame, by);
    views.pools.draw(frame);
    views.heatmap.draw(frame, frame.chosen);
    views.raster.draw(display.steps, frame.labels);
    views.expectation.draw(frame);
    const flat = Math.max(...frame.pitchClasses) - Math.min(...frame.pitchClasses) < 1e-9;
    keyboard.expect(flat ? null : frame.expectedMidi);
    display.dirty = false;
  }

  // Shows every scheduled frame whose note has sounded (all of them with `all`).
  function flush(all = false) {
    const now = sound.now();
    while (display.queue.length && (all || display.queue[0].time <= now)) {
      const event = display.queue.shift();
      if (!all) for (const midi of event.midis) keyboard.flash(midi, event.by, event.duration * 1000);
      present(event.frame, event.by);
    }
  }

  function animate() {
    flush();
    if (display.dirty) draw();
    requestAnimationFrame(animate);
  }

  const player = createPlayer({
    sound,
    network,
    onScheduled: (event) => display.queue.push(event),
    onChange: (playing) => {
      byId('stop-button').disabled = !playing;
      // Stopped early: the network took the steps it scheduled, so show them.
      if (!playing) flush(true);
    },
  });

  // The keyboards (their handlers, userDown and userUp, are below).
  const keyboard = createKeyboard(byId('keyboard'), {
    low: LOWEST_KEY,
    high: HIGHEST_KEY,
    onDown: userDown,
    onUp: userUp,
  });
  let melodyList = null;
  let lastTaught = null;
  let teaching = Promise.resolve();
  let busyTeaching = false;

  // The user's notes, from any input: mouse, touch, computer keys, MIDI, press().
  const held = new Set();
  const duet = { phrase: 0, timer: 0, answered: false };

  function userDown(midi, velocity = 90) {
    sound.start();
    sound.noteOn(midi, velocity);
    keyboard.light(midi, 'user');
    held.add(midi);
    if (busyTeaching) return;
    const { mode, learning } = store.get();
    if (mode === 'duet') listenInDuet();
    else if (player.playing()) return;
    network.step(midi, mode !== 'play' && learning);
    present(network.frame(), 'user');
  }

  function userUp(midi) {
    sound.noteOff(midi);
    keyboard.unlight(midi, 'user');
    held.delete(midi);
    if (store.get().mode === 'duet' && held.size === 0 && duet.phrase > 0) {
      clearTimeout(duet.timer);
      duet.timer = setTimeout(answerInDuet, DUET_SILENCE_MS);
    }
  }

  function listenInDuet() {
    clearTimeout(duet.timer);
    if (player.playing()) player.stop();
    if (duet.answered) {
      network.rest();
      duet.answered = false;
    }
    duet.phrase++;
    byId('mode-status').textContent = 'Listening…';
  }

  async function answerInDuet() {
    const steps = Math.min(DUET_LONGEST_ANSWER, duet.phrase);
    duet.phrase = 0;
    duet.answered = true;
    byId('mode-status').textContent = 'Answering…';
    await perform({ steps });
    if (store.get().mode === 'duet' && duet.answered && !player.playing()) byId('mode-status').textContent = 'Your turn.';
  }

  function perform({ steps, prime = [], tempo }) {
    return player.play({ steps, prime, tempo: () => tempo ?? store.get().tempo });
  }

  function stopEverything() {
    clearTimeout(duet.timer);
    duet.phrase = 0;
    player.stop();
  }

  function setMode(mode) {
    if (!MODES.includes(mode) || (mode === 'play' && store.get().mode === 'play' && player.playing())) return;
    stopEverything();
    store.set({ mode });
    byId('mode-status').textContent = mode === 'duet' ? 'Your turn.' : '';
    if (mode === 'play') perform({ steps: Infinity });
  }

  // One note of its own, for teaching: every view shows why it fired.
  async function stepOnce() {
    stopEverything();
    await sound.start();
    const midis = network.step(-1, false);
    const now = sound.now();
    for (const midi of midis) {
      sound.noteOn(midi, 82, now);
      sound.noteOff(midi, now + STEP_HOLD_S);
      keyboard.flash(midi, 'network', STEP_HOLD_S * 1000);
    }
    present(network.frame(), 'network');
  }

  // Teaches a tune: a new tune, then `epochs` hearings from rest, so the fast
  // weights hold it (for playing it back) and the slow weights keep it.
  function teach(notes, epochs, onProgress = () => {}) {
    const run = async () => {
      stopEverything();
      busyTeaching = true;
      lastTaught = null;
      try {
        network.newTune();
        const total = notes.length * epochs;
        let done = 0;
        let slice = performance.now();
        for (let epoch = 0; epoch < epochs; epoch++) {
          if (epoch > 0) network.rest();
          for (const note of notes) {
            done++;
            if (done === total) network.step(note, true);
            else network.learnNote(note);
            if (performance.now() - slice > TEACH_SLICE_MS) {
              onProgress(done / total);
              await new Promise((resolve) => setTimeout(resolve, 0));
              slice = performance.now();
            }
          }
        }
        onProgress(1);
        present(network.frame(), 'user');
        return total;
      } finally {
        busyTeaching = false;
      }
    };
    teaching = teaching.then(run, run);
    return teaching;
  }

  function applyReset(config) {
    const error = network.reset(config);
    if (error) {
      showMessage(`Not changed: ${error}`, 'error');
      return error;
    }
    stopEverything();
    duet.answered = false;
    display.queue = [];
    display.steps = [];
    display.frame = network.frame();
    display.by = null;
    display.dirty = true;
    keyboard.clear();
    store.set({ config: network.config(), temperature: network.config().temperature });
    melodyList?.forgetAll();
    lastTaught = null;
    showMessage('A fresh network: play a few notes to teach me.');
    return '';
  }

  async function confirmDiscard() {
    if (network.learnedNotes === 0) return true;
    const dialog = byId('reset-dialog');
    byId('reset-question').textContent =
      `It has learned ${network.learnedNotes} notes. Start a fresh network and forget them?`;
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    return dialog.returnValue === 'reset';
  }

  function adjust(name, value) {
    const error = network.adjust({ [name]: value });
    if (error) {
      showMessage(error, 'error');
      return error;
    }
    store.set({ config: { [name]: value } });
    display.frame = { ...display.frame, config: network.config() };
    display.dirty = true;
    return '';
  }

  const showOctave = () => {
    const { octave } = store.get();
    keyboard.showLetters(octave);
    byId('octave-range').textContent = `${noteName(octave)}–${noteName(octave + 16)}`;
  };
  attachComputerKeys({
    low: LOWEST_KEY,
    high: HIGHEST_KEY,
    onDown: userDown,
    onUp: userUp,
    getOctave: () => store.get().octave,
    setOctave: (octave) => store.set({ octave }),
  });
  showOctave();
  connectMidi({ onDown: userDown, onUp: userUp, onStatus: (text) => (byId('midi-status').textContent = text) });

  // The header: modes and transport.
  for (const button of document.querySelectorAll('[data-mode]')) {
    button.addEventListener('click', () => setMode(button.dataset.mode));
  }
  byId('stop-button').addEventListener('click', () => player.stop());
  byId('step-button').addEventListener('click', stepOnce);
  byId('reset-button').addEventListener('click', async () => {
    if (await confirmDiscard()) applyReset(store.get().config);
  });

  // Settings.
  const controls = createControls(byId('controls'), {
    params: network.params,
    state: store.get(),
    onAdjust: adjust,
    onPage: (name, value) => store.set({ [name]: value }),
  });
  const advanced = createAdvanced(byId('advanced'), {
    params: network.params,
    config: store.get().config,
    onApply: async (values) => {
      if (!(await confirmDiscard())) return;
      const error = applyReset({ ...store.get().config, ...values });
      advanced.showError(error);
    },
  });
  const epochsInput = byId('epochs');
  epochsInput.value = store.get().epochs;
  epochsInput.addEventListener('change', () => {
    const epochs = Math.round(Number(epochsInput.value));
    if (epochs >= 1 && epochs <= 50) store.set({ epochs });
    else epochsInput.value = store.get().epochs;
  });

  store.subscribe((state, patch) => {
    for (const button of document.querySelectorAll('[data-mode]')) {
      button.setAttribute('aria-pressed', String(button.dataset.mode === state.mode));
    }
    byId('mode-hint').textContent =
      MODE_HINTS[state.mode] + (state.learning || state.mode === 'play' ? '' : ' Learning is off: it listens, frozen.');
    if ('octave' in patch) showOctave();
    controls.sync(state);
    if ('config' in patch) advanced.sync(state.config);
  });
  store.set({ mode: 'learn' });

  // The built-in melodies.
  const melodies = parseMelodies(await melodiesText);
  if (melodies.length) {
    melodyList = renderMelodyList(byId('melody-list'), melodies, {
      onTeach: async (index) => {
        const melody = melodies[index];
        const { epochs } = store.get();
        melodyList.busy(true);
        try {
          await teach(melody.notes, epochs, (fraction) => melodyList.progress(index, fraction));
        } finally {
          melodyList.busy(false);
        }
        melodyList.taught(index, epochs);
        lastTaught = index;
        showMessage(`Learned “${melody.title}”, ${epochs}× (${melody.notes.length * epochs} notes). Press Play back to hear it from its first note.`);
      },
      // From rest, it hears the first note and plays on from memory, at
      // temperature 0 (always its likeliest note): its most faithful recall.
      onPlay: (index) => {
        const melody = melodies[index];
        stopEverything();
        adjust('temperature', 0);
        network.rest();
        const first = noteName(melody.notes[0]);
        showMessage(lastTaught === index
          ? `Playing back “${melody.title}” from its first note, ${first}, at temperature 0 (its likeliest notes).`
          : `It was not just taught “${melody.title}”, so from its first note, ${first}, it plays what its memory makes of it.`);
        perform({ prime: melody.notes.slice(0, 1), steps: melody.notes.length - 1 });
      },
    });
  } else {
    byId('melody-list').textContent = 'The built-in melodies could not be loaded.';
  }

  new ResizeObserver(() => (display.dirty = true)).observe(document.querySelector('main'));
  requestAnimationFrame(animate);
  byId('loading').hidden = true;
  keyboard.centre(store.get().octave + 6);

  const checkNotes = (notes) => {
    if (!Array.isArray(notes) || !notes.every((note) => Number.isInteger(note) && note >= 0 && note <= 127)) {
      throw new Error('notes must be an array of MIDI note numbers 0..127');
    }
  };

  return {
    async press(midi) {
      checkNotes([midi]);
      userDown(midi);
      setTimeout(() => userUp(midi), PRESS_MS);
      await sound.start();
    },
    async learn(notes, { epochs } = {}) {
      checkNotes(notes);
      const hearings = epochs ?? store.get().epochs;
      if (!Number.isInteger(hearings) || hearings < 1) throw new Error('epochs must be a whole number of at least 1');
      return teach(notes, hearings);
    },
    async play(steps, { seed, temperature, prime = [], tempo } = {}) {
      if (!Number.isInteger(steps) || steps < 0) throw new Error('steps must be a whole number');
      checkNotes(prime);
      if (tempo !== undefined && !(tempo > 0)) throw new Error('tempo must be a positive number of beats per minute');
      await teaching.catch(() => {});
      stopEverything();
      if (temperature !== undefined) {
        const error = adjust('temperature', temperature);
        if (error) throw new Error(error);
      }
      network.rest();
      if (seed !== undefined) network.reseed(seed);
      const notes = await perform({ steps, prime, tempo });
      flush(true);
      return notes;
    },
    async stop() {
      stopEverything();
    },
    predict: () => display.frame.pitchClasses.slice(),
    state() {
      const { frame, by } = display;
      const page = store.snapshot();
      return structuredClone({
        mode: page.mode,
        tempo: page.tempo,
        temperature: page.temperature,
        learning: page.learning,
        epochs: page.epochs,
        config: frame.config,
        labels: frame.labels,
        activations: frame.activations,
        mean: frame.mean,
        centred: frame.centred,
        thresholds: frame.thresholds,
        fired: frame.fired,
        inhibited: frame.inhibited,
        firedBy: by,
        prediction: frame.prediction,
        pitchClassPrediction: frame.pitchClasses,
        pools: frame.pools,
        decidingPool: frame.decidingPool,
        weights: frame.weights,
        raster: display.steps,
        learnedNotes: network.learnedNotes,
      });
    },
    async reset(config = {}) {
      const error = applyReset(config);
      if (error) throw new Error(error);
      return '';
    },
  };
}

const app = main();
installApi(app);
app.catch((error) => {
  byId('loading').textContent = `The network could not start: ${error.message}`;
});
