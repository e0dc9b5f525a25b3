// @ts-check
// One playable network: the network and its voices, the on-screen and
// computer keyboards, the views that show why it plays what it plays, the
// modes (Learn, Play, Duet) and the verbs of window.hebbianPiano. The full
// page (app.js) and the embed (embed.js) each make one and put their own
// controls around it. Escape stops whatever plays.

import { attachComputerKeys, createKeyboard } from './views/keyboard.js';
import { createPlayer } from './audio/player.js';
import { createMetronome } from './audio/metronome.js';
import { RASTER_STEPS } from './views/raster.js';
import { KEYBOARD, MODES, octaveFits, parseSettings, settingsFor, TEMPO } from './state.js';
import { createTempoFollower, NO_RHYTHM, ONE_BEAT, rhythmOfGap, rhythmTable } from './timing.js';

export const LOWEST_KEY = KEYBOARD.low;
export const HIGHEST_KEY = KEYBOARD.high;
// Duet answers after this long without a key held, and at least two beats.
const DUET_SILENCE_MS = 600;
const DUET_LONGEST_ANSWER = 16;
const PRESS_MS = 250;
const STEP_HOLD_S = 0.45;
// Teaching runs in slices this long, so the page keeps drawing and answering.
const TEACH_SLICE_MS = 12;

// Seconds (performance.now()'s clock) when the input being handled happened:
// its event's timeStamp (a key, a touch, a MIDI message: when it came, not
// when the page got round to it), else now.
const inputSeconds = () => {
  const event = /** @type {Event | undefined} */ (globalThis.event);
  return (event?.timeStamp > 0 ? event.timeStamp : performance.now()) / 1000;
};

// A tune from a verb or a list: {notes, rhythms}, or notes alone (one beat each).
/** @param {number[] | import('./timing.js').Tune} tune @returns {import('./timing.js').Tune} */
export const asTune = (tune) => (Array.isArray(tune) ? { notes: tune, rhythms: tune.map(() => ONE_BEAT) } : tune);

/** @param {ArrayLike<number>} flags @returns {number[]} the indices of the set flags */
const indices = (flags) => Array.from(flags).flatMap((flag, i) => (flag ? [i] : []));
// A frame's typed arrays as plain arrays (rows of weights too), for state().
/** @param {unknown} value */
const plain = (value) => (ArrayBuffer.isView(value) ? Array.from(/** @type {ArrayLike<number>} */ (/** @type {unknown} */ (value))) : value);

// views: {name: view}, each made with its element and keeping the one
// contract of views/canvas.js's View: draw(frame) after each step that sounds
// (the frame with `by`, who played it, and `recent`, the raster's last steps),
// optional reset() and hear(). Adding a view is its module and one line where
// the page lists its views.
// say(text, kind) shows a message; onModeStatus(text) tells what Duet is
// doing, onPlaying(on) whether the network is playing; `root` is watched for
// size changes, which redraw the views.
/**
 * @param {object} options
 * @param {import('./network.js').NetworkModel} options.network
 * @param {import('./state.js').Store} options.store
 * @param {ReturnType<typeof import('./audio/voices.js').createVoices>} options.voices
 * @param {HTMLElement} options.keyboardElement
 * @param {Record<string, import('./views/canvas.js').View>} options.views
 * @param {Element} options.root
 * @param {(text: string, kind?: 'error') => void} options.say
 * @param {(text: string) => void} [options.onModeStatus]
 * @param {(playing: boolean) => void} [options.onPlaying]
 */
export function createPiano({
  network, store, voices, keyboardElement, views, root, say, onModeStatus = () => {}, onPlaying = () => {},
}) {
  /**
   * A note scheduled by the player, shown when it sounds.
   * @typedef {{time: number, duration: number, midis: number[], frame: any, by: Player, rhythm: number}} Scheduled
   * @typedef {import('./views/canvas.js').Player} Player
   */
  // What the views show: the frame of the last step that sounded, who played
  // it, the raster's steps, and frames scheduled to show when their note sounds.
  // `rhythm`: the class of the IOI that ended at the shown step's note (-1: none).
  /** @type {{frame: any, by: Player | null, rhythm: number, steps: import('./views/canvas.js').RasterStep[], queue: Scheduled[], dirty: boolean}} */
  const display = { frame: network.frame(), by: null, rhythm: NO_RHYTHM, steps: [], queue: [], dirty: true };
  const table = rhythmTable(network.core);
  // When the last note the network heard or played began (seconds, inputSeconds()'s
  // clock), to hear the next one's rhythm; null: no note to measure from.
  const hearing = { last: /** @type {number | null} */ (null) };
  // Follows the player's tempo while the followTempo setting is on (timing.js).
  const follower = createTempoFollower();
  // Keys pressed while it plays on its own, this play (said once).
  let keysWhilePlaying = 0;
  const viewList = Object.values(views);
  /** @type {Set<(what: string) => void>} */
  const changeListeners = new Set();
  // The last teach() (its count of notes heard); plays wait for it.
  /** @type {Promise<number | void>} */
  let teaching = Promise.resolve();
  let busyTeaching = false;
  let stopCount = 0; // stopEverything() calls so far: a play waiting to start checks it
  let plays = 0; // play() calls so far
  // The play() whose own temperature the network has now (0: none, the
  // network has the user's setting).
  let ownTemperaturePlay = 0;

  // what: 'step', 'taught', 'adjusted', 'reset' or 'adopted'.
  /** @param {string} what */
  const changed = (what) => {
    for (const listener of changeListeners) listener(what);
  };

  // `rhythm`: the class of the IOI that ended at its note (-1: none); `time`:
  // when its notes began (seconds, voices.now()'s clock); `duration`: how long
  // they sound, null until a key held is let go (released()).
  /** @param {any} frame a network frame (network.js Frame) @param {Player} by @param {number} rhythm @param {number} [time] @param {number|null} [duration] */
  function present(frame, by, rhythm, time = voices.now(), duration = null) {
    display.frame = frame;
    display.by = by;
    display.rhythm = rhythm;
    const midis = Array.from(/** @type {ArrayLike<number>} */ (frame.firedMidi));
    display.steps.push({ by, fired: indices(frame.fired), inhibited: indices(frame.inhibited), midis, time, duration });
    if (display.steps.length > RASTER_STEPS) display.steps.shift();
    display.dirty = true;
  }

  function clearDisplay() {
    display.queue = [];
    display.steps = [];
    display.frame = network.frame();
    display.by = null;
    display.rhythm = NO_RHYTHM;
    display.dirty = true;
    hearing.last = null;
    keyboard.clear();
  }

  // A new or opened network: the views forget what they kept (the learning curve).
  function resetViews() {
    for (const view of viewList) view.reset?.();
    display.dirty = true;
  }

  // Each note the network learns, with what it expected before it.
  /** @param {number} expected the pitch class it expected most (-1: none) @param {number} midi */
  function heard(expected, midi) {
    for (const view of viewList) view.hear?.(expected, midi % 12);
  }

  function draw() {
    const frame = { ...display.frame, by: display.by, recent: display.steps };
    for (const view of viewList) view.draw(frame);
    keyboard.expect(frame.expectedMidi);
    display.dirty = false;
  }

  // Shows every scheduled frame whose note has sounded (all of them with `all`).
  function flush(all = false) {
    const now = voices.now();
    while (display.queue.length && (all || display.queue[0].time <= now)) {
      const event = display.queue.shift();
      if (!all) for (const midi of event.midis) keyboard.flash(midi, event.by, event.duration * 1000);
      present(event.frame, event.by, event.rhythm, event.time, event.duration);
    }
  }

  function animate() {
    flush();
    if (display.dirty) draw();
    requestAnimationFrame(animate);
  }

  const player = createPlayer({
    sound: voices.network,
    network,
    table,
    onScheduled: (event) => {
      display.queue.push(event);
      changed('step');
    },
    onChange: (playing) => {
      onPlaying(playing);
      // Stopped early: the network took the steps it scheduled, so show them.
      if (!playing) flush(true);
    },
  });

  const keyboard = createKeyboard(keyboardElement, {
    low: LOWEST_KEY,
    high: HIGHEST_KEY,
    onDown: userDown,
    onUp: userUp,
  });

  // The user's notes, from any input: mouse, touch, computer keys, MIDI, press().
  const held = new Set();
  const duet = { phrase: 0, timer: 0, answered: false };

  // A key pressed is heard with its rhythm: the gap since the last note began,
  // in beats at the page's tempo, is the class of the IOI that ended at it; a
  // pause longer than any class is a rest (timing.js).
  /** @param {number} midi @param {number} [velocity] 1..127 */
  function userDown(midi, velocity = 90) {
    const at = inputSeconds();
    voices.user.start();
    voices.user.noteOn(midi, velocity);
    keyboard.light(midi, 'user');
    held.add(midi);
    if (busyTeaching) return;
    const { mode, learning } = store.get();
    if (mode === 'duet') listenInDuet();
    else if (player.playing()) {
      // Said once a play: the key sounds, but it is not heard.
      if (!keysWhilePlaying++) say('It is playing on its own: your keys sound but it does not hear them. Stop it (Escape) to play, or use Duet to take turns.');
      return;
    }
    const hears = mode !== 'play' && learning;
    const { tempo, followTempo } = store.get();
    const rhythm = hearing.last === null ? NO_RHYTHM : rhythmOfGap(at - hearing.last, tempo, table);
    if (hearing.last !== null && rhythm === NO_RHYTHM) {
      network.rest();
      follower.reset();
    }
    const followed = followTempo ? follower.hear(at - (hearing.last ?? at), rhythm, tempo, table) : null;
    if (followed !== null) store.set({ tempo: Math.round(Math.min(TEMPO.max, Math.max(TEMPO.min, followed))) });
    hearing.last = at;
    network.stepTimed(midi, rhythm, hears);
    const frame = network.frame();
    if (hears) heard(frame.expectedBefore, midi);
    present(frame, 'user', rhythm);
    changed('step');
  }

  /** @param {number} midi */
  function userUp(midi) {
    released(midi);
    voices.user.noteOff(midi);
    keyboard.unlight(midi, 'user');
    held.delete(midi);
    if (store.get().mode === 'duet' && held.size === 0 && duet.phrase > 0) {
      clearTimeout(duet.timer);
      duet.timer = setTimeout(answerInDuet, Math.max(DUET_SILENCE_MS, (2 * 60000) / store.get().tempo));
    }
  }

  // The user's note on `midi` ends now: its step in the roll gets its duration.
  /** @param {number} midi */
  function released(midi) {
    const step = [...display.steps].reverse().find((shown) => shown.duration === null && shown.midis.includes(midi));
    if (!step) return;
    step.duration = Math.max(0, voices.now() - step.time);
    display.dirty = true;
  }

  function listenInDuet() {
    clearTimeout(duet.timer);
    if (player.playing()) player.stop();
    if (duet.answered) {
      network.rest();
      duet.answered = false;
    }
    duet.phrase++;
    onModeStatus('Listening…');
  }

  async function answerInDuet() {
    const steps = Math.min(DUET_LONGEST_ANSWER, duet.phrase);
    duet.phrase = 0;
    duet.answered = true;
    onModeStatus('Answering…');
    await perform({ steps });
    if (store.get().mode === 'duet' && duet.answered && !player.playing()) onModeStatus('Your turn.');
  }

  // Plays once a tune being taught is learned (its notes are not mixed with
  // the network's), unless everything was stopped meanwhile; on the
  // metronome's beat when it clicks.
  /**
   * @param {{steps: number, prime?: import('./timing.js').Tune, tempo?: number}} options
   * @returns {Promise<import('./timing.js').Tune>} the tune it played
   */
  async function perform({ steps, prime, tempo }) {
    const stops = stopCount;
    await teaching.catch(() => {});
    if (stops !== stopCount) return { notes: [], rhythms: [] };
    hearing.last = null;
    keysWhilePlaying = 0;
    return player.play({ steps, prime, tempo: () => tempo ?? store.get().tempo, start: metronome.nextBeat });
  }

  // The config the views show, after the network's changed.
  function showConfig() {
    display.frame = { ...display.frame, config: network.config() };
    display.dirty = true;
  }

  // A play at a temperature of its own (play()'s option, Play back) leaves
  // the user's setting alone: the network goes back to the setting's
  // temperature when that play ends or anything stops it.
  function endOwnTemperature() {
    if (!ownTemperaturePlay) return;
    ownTemperaturePlay = 0;
    network.adjust({ temperature: store.get().config.temperature });
    showConfig();
  }

  function stopEverything() {
    stopCount++;
    clearTimeout(duet.timer);
    duet.phrase = 0;
    player.stop();
    endOwnTemperature();
  }

  /** @param {string} mode one of MODES; anything else is ignored */
  function setMode(mode) {
    if (!MODES.includes(mode) || (mode === 'play' && store.get().mode === 'play' && player.playing())) return;
    stopEverything();
    store.set({ mode: /** @type {import('./state.js').Mode} */ (mode) });
    onModeStatus(mode === 'duet' ? 'Your turn.' : '');
    if (mode === 'play') perform({ steps: Infinity });
  }

  // One note of its own, for teaching: every view shows why it fired.
  async function stepOnce() {
    stopEverything();
    await teaching.catch(() => {});
    await voices.start();
    const midis = network.step(-1, false);
    const now = voices.now();
    hearing.last = performance.now() / 1000;
    for (const midi of midis) {
      voices.network.noteOn(midi, 82, now);
      voices.network.noteOff(midi, now + STEP_HOLD_S);
      keyboard.flash(midi, 'network', STEP_HOLD_S * 1000);
    }
    present(network.frame(), 'network', network.lastRhythm(), now, STEP_HOLD_S);
    changed('step');
  }

  // Teaches a tune `epochs` times, each hearing begun as the core's teaching
  // does (core/evaluation.h, as hpiano train), note by note for the views,
  // each note with the class of the IOI that ended at it.
  /**
   * @param {number[] | import('./timing.js').Tune} tune  notes alone are one beat each
   * @param {number} epochs
   * @param {(fraction: number) => void} [onProgress]
   */
  function teach(tune, epochs, onProgress = () => {}) {
    const { notes, rhythms } = asTune(tune);
    const run = async () => {
      stopEverything();
      busyTeaching = true;
      try {
        const total = notes.length * epochs;
        let done = 0;
        let slice = performance.now();
        for (let epoch = 0; epoch < epochs; epoch++) {
          network.beginHearing(epoch);
          for (const [i, note] of notes.entries()) {
            done++;
            heard(network.expectedPitchClass(), note);
            const rhythm = i === 0 ? NO_RHYTHM : rhythms[i - 1];
            if (done === total) network.stepTimed(note, rhythm, true);
            else network.learnNote(note, rhythm);
            if (performance.now() - slice > TEACH_SLICE_MS) {
              onProgress(done / total);
              await new Promise((resolve) => setTimeout(resolve, 0));
              slice = performance.now();
            }
          }
        }
        onProgress(1);
        hearing.last = null;
        present(network.frame(), 'user', notes.length > 1 ? rhythms[notes.length - 2] : NO_RHYTHM);
        changed('taught');
        return total;
      } finally {
        busyTeaching = false;
      }
    };
    teaching = teaching.then(run, run);
    return teaching;
  }

  /** @param {Record<string, number>} config @returns {string} the error, or '' */
  function reset(config) {
    const error = network.reset(config);
    if (error) {
      say(`Not changed: ${error}`, 'error');
      return error;
    }
    stopEverything();
    duet.answered = false;
    clearDisplay();
    resetViews();
    store.set({ config: network.config(), title: '' });
    say('A fresh network: play a few notes to teach me.');
    changed('reset');
    return '';
  }

  /** @param {string} name @param {number} value @returns {string} the error, or '' */
  function adjust(name, value) {
    const error = network.adjust({ [name]: value });
    if (error) {
      say(error, 'error');
      return error;
    }
    store.set({ config: { [name]: value } });
    showConfig();
    changed('adjusted');
    return '';
  }

  // The page settings a link or file carries (from 'link') or a record kept
  // in this browser (from 'record'), each used only if it is valid (state.js).
  /** @param {Record<string, unknown>} values @param {'link' | 'record'} [from] */
  function applySettings(values, from = 'link') {
    const { mode, config, ...page } = parseSettings(values, from, network.params);
    if (Object.keys(page).length) store.set(page);
    for (const [name, value] of Object.entries(config)) adjust(name, value);
    if (mode !== undefined) setMode(mode);
  }

  // Takes over a network opened from a link or a file: {network (a core
  // network that loaded without error), title, settings}.
  /** @param {{network: any, title?: string, settings?: Record<string, unknown>}} opened */
  function adopt(opened) {
    stopEverything();
    duet.answered = false;
    network.adopt(opened.network);
    clearDisplay();
    resetViews();
    store.set({ config: network.config(), title: opened.title ?? '' });
    applySettings(opened.settings ?? {});
    changed('adopted');
  }

  attachComputerKeys({
    octaveFits,
    onDown: userDown,
    onUp: userUp,
    getOctave: () => store.get().octave,
    setOctave: (octave) => store.set({ octave }),
  });
  // Escape stops whatever plays (a dialog open takes Escape for itself).
  window.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || event.defaultPrevented || document.querySelector('dialog[open]')) return;
    stopEverything();
  });
  new ResizeObserver(() => (display.dirty = true)).observe(root);
  requestAnimationFrame(animate);

  // The metronome clicks while its setting is on (it starts sound: the
  // setting is changed by a click or a key, which lets it).
  const metronome = createMetronome(voices, () => store.get().tempo);
  const clickIfOn = async () => {
    if (store.get().metronome) await voices.start();
    metronome.set(store.get().metronome);
  };
  store.subscribe((_, patch) => {
    if ('metronome' in patch) clickIfOn();
  });
  clickIfOn();

  const seedRange = network.params.find((param) => param.name === 'seed');

  // The verbs of window.hebbianPiano and of the embed's messages: api.js has
  // checked their arguments' kinds (callError); what depends on the network
  // (the seed's range, a config) is checked here.
  const verbs = {
    /** @param {number} midi */
    async press(midi) {
      userDown(midi);
      setTimeout(() => userUp(midi), PRESS_MS);
      await voices.start();
    },
    /** @param {number[] | import('./timing.js').Tune} tune @param {{epochs?: number}} [options] */
    async learn(tune, { epochs } = {}) {
      return teach(tune, epochs ?? store.get().epochs);
    },
    /**
     * @param {number} steps
     * @param {{seed?: number, temperature?: number, prime?: number[] | import('./timing.js').Tune, tempo?: number, timed?: boolean}} [options]
     */
    async play(steps, { seed, temperature, prime = [], tempo, timed = false } = {}) {
      if (seed !== undefined && !(Number.isInteger(seed) && seed >= seedRange.min && seed <= seedRange.max)) {
        throw new Error(`seed must be a whole number from ${seedRange.min} to ${seedRange.max}`);
      }
      await teaching.catch(() => {});
      stopEverything();
      if (seed !== undefined) {
        const error = network.reseed(seed);
        if (error) throw new Error(error);
      }
      const play = ++plays;
      if (temperature !== undefined) {
        const error = network.adjust({ temperature });
        if (error) throw new Error(error);
        ownTemperaturePlay = play;
        showConfig();
      }
      try {
        network.rest();
        const tune = await perform({ steps, prime: asTune(prime), tempo });
        flush(true);
        return timed ? tune : tune.notes;
      } finally {
        if (ownTemperaturePlay === play) endOwnTemperature();
      }
    },
    async stop() {
      stopEverything();
    },
    predict: () => Array.from(display.frame.pitchClasses),
    state() {
      const { frame, by } = display;
      const page = store.snapshot();
      return structuredClone({
        ...settingsFor(page, 'state'),
        config: frame.config,
        labels: frame.labels,
        activations: plain(frame.activations),
        mean: frame.mean,
        centred: plain(frame.centred),
        thresholds: plain(frame.thresholds),
        fired: plain(frame.fired),
        inhibited: plain(frame.inhibited),
        firedBy: by,
        rhythm: display.rhythm,
        prediction: plain(frame.prediction),
        pitchClassPrediction: plain(frame.pitchClasses),
        expectedKey: frame.expectedMidi,
        expectedKeyProbability: frame.expectedMidiProbability,
        expectedRhythm: frame.rhythm.expected,
        rhythmNeurons: Object.fromEntries(Object.entries(frame.rhythm).map(([name, value]) => [name, plain(value)])),
        pools: frame.pools.map((pool) => ({ ...pool, cells: plain(pool.cells) })),
        decidingPool: frame.decidingPool,
        weights: frame.weights.map(plain),
        raster: display.steps,
        learnedNotes: network.learnedNotes,
      });
    },
    /** @param {Record<string, number>} [config] */
    async reset(config = {}) {
      const error = reset(config);
      if (error) throw new Error(error);
      return '';
    },
  };

  return {
    voices,
    keyboard,
    verbs,
    userDown,
    userUp,
    setMode,
    stepOnce,
    teach,
    reset,
    adjust,
    applySettings,
    adopt,
    stop: stopEverything,
    /** @param {(what: string) => void} listener */
    onChange: (listener) => changeListeners.add(listener),
  };
}
