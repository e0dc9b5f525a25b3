// @ts-check
// The wasm network, seen from the page.
//
// Typed-array views into wasm memory go stale when the memory grows (the core
// is built with ALLOW_MEMORY_GROWTH), and any call that steps, loads, resets or
// changes a network may grow it. The rule here: take views from the core right
// after the call that filled them, and copy them before the next call into the
// core. The core's Frame is read that way after every step (one call: views()),
// and copied once into the plain frame the page keeps (frames outlive the next
// step: the player schedules several ahead, and state() returns the last).

import { noteName, PITCH_NAMES } from './music.js';
import { ONE_BEAT } from './timing.js';

// learnedNoteRuns(): notes are the bytes below this one, which stands between runs.
const BETWEEN_RUNS = 0x80;

// The kinds of pool, in the order of core/network.h's PoolKind.
/** @type {PoolKind[]} */
export const POOL_KINDS = ['any', 'context', 'tune', 'degrees'];

/**
 * What a pool's code stands for: any context (pool 0's always-on cell), the
 * last m notes, the whole tune so far, or the last notes as steps of the
 * tune's scale (the longest familiar degree pool, one row, after the others;
 * only with degree pools, tonal_orders > 0).
 * @typedef {'any'|'context'|'tune'|'degrees'} PoolKind
 *
 * One weight set's reading of one pool.
 * @typedef {object} Reading
 * @property {boolean} read        whether this weight set reads the pool at all
 * @property {number} confidence   n_m: how often all its firing cells have been there (0: never)
 * @property {number} vote         the note neuron it votes for next, -1 if unfamiliar
 * @property {number} voteShare    how often that note followed this context, 0..1
 * @property {number} distinct     q_m: how many different notes have followed
 *
 * A pool: its kind, size, firing cells, and its readings (confidence, vote and
 * voteShare at the top are the deciding weight set's).
 * @typedef {object} Pool
 * @property {PoolKind} kind
 * @property {number} size         cells in the pool (1 for pool 0)
 * @property {Int32Array} cells    the firing cells, 0..size-1
 * @property {number} confidence
 * @property {number} vote
 * @property {number} voteShare
 * @property {Reading} slow        read from the slow weights (all it heard)
 * @property {Reading} fast        read from the fast weights (the tune it is hearing)
 *
 * A population of neurons as the neuron view draws it (the note neurons and
 * the rhythm neurons alike): the drive that decided the step, taken before it,
 * what fired, and what it expects next.
 * @typedef {object} Neurons
 * @property {string[]} labels           each neuron's name
 * @property {Float64Array} activations  a = ln p when the step was decided
 * @property {number} mean               their mean
 * @property {Float64Array} centred      c = a - mean
 * @property {Float64Array} thresholds   each neuron's threshold then
 * @property {number} expectedBefore     what it expected most before the step, -1: none (the note
 *                                       neurons: a pitch class; the rhythm neurons: a class)
 * @property {Uint8Array} fired          1 for the neurons that fired
 * @property {Uint8Array} inhibited      1 for those that crossed their threshold but lost
 * @property {number} chosen             the neuron that fired (the first of a chord), -1: none
 * @property {Float64Array} prediction   p of each neuron for the next note
 *
 * The rhythm neurons, one per rhythm class (core/rhythm.h): the class of the
 * IOI that ended at this note fired (heard, or chosen when the network
 * played; none at a tune's first note); the prediction is for the IOI from
 * this note to the next.
 * @typedef {Neurons & {enabled: boolean, beats: number[], expected: number}} RhythmNeurons
 *   enabled: false for a network without them (keys_and_rhythm 0, links and
 *   files of formats 1 and 2); beats: each class's IOI in beats; expected: the
 *   class it expects the next IOI to have, -1 when flat.
 *
 * Everything the views draw of the last step (or of a new or opened network):
 * the note neurons' fields (Neurons) at the top, the rhythm neurons' in `rhythm`.
 * @typedef {object} FrameFields
 * @property {Record<string, number>} config  every network parameter
 * @property {number} noteCount
 * @property {Int32Array} firedMidi      the MIDI notes that sounded
 * @property {boolean} hasStepped        false for a new, reset or opened network
 * @property {Float64Array} pitchClasses p over the 12 pitch classes for the next note
 * @property {boolean} flat              it expects nothing yet (core/frame.h's IsFlat)
 * @property {number} expected           the pitch class it expects most, -1 when flat
 * @property {number} expectedMidi       the exact key it expects next, as it places what it plays
 *                                       (core/frame.h: the key prediction's likeliest once the
 *                                       interval neurons have learned), -1 when flat
 * @property {number} expectedMidiProbability  p of that key
 * @property {Int32Array} neuronMidi     the key each note neuron would sound now
 * @property {RhythmNeurons} rhythm
 * @property {Pool[]} pools
 * @property {number} decidingPool       the pool that decided the prediction, -1 if none
 * @property {number} tonalReference     the tune's reference pitch class (its key's tonic), -1: none yet or no degree pools
 * @property {number} tonalOrder         how many notes the degrees row stands for (0: no degree pools)
 * @property {'slow'|'fast'} decidingSet the weights whose readout weighed most
 * @property {Float64Array} mixWeights   the three readouts' weights (slow short, slow long, fast)
 * @property {Float32Array[]} weights    first-order weights, weights[last][next]
 * @property {number} learnedNotes
 *
 * @typedef {Neurons & FrameFields} Frame
 */

// A number of beats as the fraction it is (1/6, 3/2, 2), for the rhythm
// neurons' labels.
/** @param {number} beats */
export function beatsFraction(beats) {
  for (let denominator = 1; denominator <= 12; denominator++) {
    const numerator = Math.round(beats * denominator);
    if (Math.abs(numerator - beats * denominator) < 1e-9) return denominator === 1 ? `${numerator}` : `${numerator}/${denominator}`;
  }
  return beats.toFixed(2);
}

// The wasm is compiled while it streams in (from a server that does not say
// application/wasm: once fetched), then instantiated. index.html and
// embed.html start compiling it from their head (globalThis.hebbianPianoWasm:
// {url, module}, a promise of the module), before any module of the page has
// arrived: it is taken here when it is this core's wasm. The marks
// hpiano:wasm-compiled, hpiano:wasm-instantiated and hpiano:core-created
// (Embind's classes registered) time them (scripts/bench).
// One core per address: index.html starts loading it before app.js's modules
// have all arrived, and app.js takes the same one.
/** @type {Map<string, Promise<any>>} */
const cores = new Map();

/** @returns {Promise<any>} the core module (wasm/core.mjs, Embind) */
export function loadCore(url = new URL('./wasm/core.mjs', import.meta.url)) {
  const key = String(url);
  if (!cores.has(key)) cores.set(key, createCoreAt(url));
  return /** @type {Promise<any>} */ (cores.get(key));
}

// The core's step uses WebAssembly SIMD (wasm/core.cmake), which every current
// browser runs (Chrome and Edge 91, Firefox 89, Safari 16.4 and later); an older
// one is told so rather than shown a compile error. The probe is the smallest
// module with a SIMD function: i8x16.popcnt(i8x16.splat(0)), popcnt being an opcode
// the final SIMD standard settled last.
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** @param {URL} url */
async function createCoreAt(url) {
  if (!WebAssembly.validate(SIMD_PROBE)) {
    throw new Error('this browser cannot run WebAssembly SIMD, which the network needs: '
      + 'Chrome or Edge 91, Firefox 89, Safari 16.4 or later can.');
  }
  const { default: createCore } = await import(String(url));
  const wasmUrl = new URL('core.wasm', url);
  const fetchWasm = () => fetch(wasmUrl, { credentials: 'same-origin' });
  const early = /** @type {any} */ (globalThis).hebbianPianoWasm;
  const compileStreaming = () =>
    (early?.url === String(wasmUrl) && early.module ? early.module : WebAssembly.compileStreaming(fetchWasm()));
  /** @type {(error: unknown) => void} */
  let fail = () => {};
  const failed = new Promise((resolve, reject) => (fail = reject));
  const core = createCore({
    /** @param {WebAssembly.Imports} imports @param {(instance: WebAssembly.Instance) => void} receive */
    instantiateWasm(imports, receive) {
      compileStreaming()
        .catch(() => fetchWasm().then((response) => response.arrayBuffer()).then((bytes) => WebAssembly.compile(bytes)))
        .then((module) => {
          performance.mark('hpiano:wasm-compiled');
          return WebAssembly.instantiate(module, imports);
        })
        .then((instance) => {
          performance.mark('hpiano:wasm-instantiated');
          receive(instance);
        })
        .catch(fail);
      return {};  // the exports come later, through receive
    },
    onRuntimeInitialized: () => performance.mark('hpiano:core-created'),
  });
  return Promise.race([core, failed]);
}

// One population's part of the core's views (wasm/bindings.cpp's SetNeurons), copied.
/** @param {any} views @param {string[]} labels @returns {Neurons} */
function copyNeurons(views, labels) {
  return {
    labels,
    activations: views.activations.slice(),
    mean: views.mean,
    centred: views.centred.slice(),
    thresholds: views.thresholds.slice(),
    expectedBefore: views.expectedBefore,
    fired: views.fired.slice(),
    inhibited: views.inhibited.slice(),
    chosen: views.chosen,
    prediction: views.prediction.slice(),
  };
}

export class NetworkModel {
  // Starts from `network` (a core network opened from a link, a file or this
  // browser's storage, which it then owns), else a default one: a default
  // network is about 20 MiB, not worth building only to be replaced.
  /** @param {any} core the module loadCore() gives @param {any} [network] */
  constructor(core, network = new core.Network()) {
    this.core = core;
    this.network = network;
    this.params = core.configParams();
    this.learnedNotes = network.learnedNotes();
    // The core's frame of the last step (or of the network as it is), and the
    // page's copy of it.
    this.drawn = new core.Frame();
    /** @type {{count: number, midis: number[], labels: string[]}} */
    this.labelsOf = { count: -1, midis: [], labels: [] };
    /** @type {number[]} the beats of each rhythm class */
    this.rhythmBeats = core.rhythmClassBeats();
    this.rhythmLabels = this.rhythmBeats.map(beatsFraction);
    /** @type {Record<string, number>} */
    this.settings = {};
    /** @type {Frame} */
    this.current = this.showStill();
  }

  // A fresh network with `config` (defaults for what it leaves out). On a bad
  // config returns the message and keeps the network as it was.
  /** @param {Record<string, number>} config @returns {string} */
  reset(config = {}) {
    const error = this.network.reset(config);
    if (error) return error;
    this.learnedNotes = 0;
    this.current = this.showStill();
    return '';
  }

  // Takes over a core network loaded or opened elsewhere (core.load or
  // core.openShared, without error), dropping the one it had (unless it is
  // the one it started from).
  /** @param {any} network */
  adopt(network) {
    if (network !== this.network) this.network.delete();
    this.network = network;
    this.learnedNotes = network.learnedNotes();
    this.current = this.showStill();
  }

  // The .hpn file's bytes, and the share link's payload (before compression).
  /** @param {string} title @param {Record<string, string|number>} settings @returns {Uint8Array} */
  save(title, settings) {
    return this.network.save(title, settings);
  }

  /** @param {string} title @param {Record<string, string|number>} settings @returns {Uint8Array} */
  sharePayload(title, settings) {
    return this.network.sharePayload(title, settings);
  }

  /** @returns {number} */
  historyBytes() {
    return this.network.history().length;
  }

  // The notes learned, one byte each, with 0x80 for any other event between
  // them (history.h's LearnedNoteRuns): a tune learned once is its notes' bytes.
  /** @returns {Uint8Array} */
  learnedNoteRuns() {
    return this.network.learnedNoteRuns();
  }

  // The tune it learned last: the last unbroken run of notes learned (the
  // last hearing of a tune taught, or keys played in a row) of two notes or
  // more; null if none. What the embed's and the share panel's play=back plays.
  /** @returns {number[] | null} */
  learnedTune() {
    const runs = this.learnedNoteRuns();
    let end = runs.length;
    while (end > 0) {
      let start = end;
      while (start > 0 && runs[start - 1] < BETWEEN_RUNS) start--;
      if (end - start >= 2) return Array.from(runs.subarray(start, end));
      end = start - 1;
    }
    return null;
  }

  // The lowest and highest keys it learned, or `none` if it learned none.
  /** @param {[number, number]} none @returns {[number, number]} */
  learnedRange(none) {
    let low = Infinity;
    let high = -Infinity;
    for (const note of this.learnedNoteRuns()) {
      if (note >= BETWEEN_RUNS) continue;
      low = Math.min(low, note);
      high = Math.max(high, note);
    }
    return low <= high ? [low, high] : none;
  }

  // The history's bytes from byte `start` on (history.h), copied.
  /** @param {number} [start] @returns {Uint8Array} */
  historySince(start = 0) {
    return this.network.history().slice(start);
  }

  // Changes parameters that keep the network's shape (and what it learned).
  /** @param {Record<string, number>} partial @returns {string} '' or why not */
  adjust(partial) {
    const error = this.network.adjust(partial);
    if (!error) this.settings = this.network.config();
    return error;
  }

  /** @returns {Record<string, number>} */
  config() {
    return { ...this.settings };
  }

  newTune() {
    this.network.newTune();
  }

  rest() {
    this.network.rest();
  }

  /** @param {number} seed @returns {string} '' or why the seed is refused (not a whole number from 0 to 2^53 - 1) */
  reseed(seed) {
    return this.network.reseed(seed);
  }

  // What precedes hearing number `hearing` of a tune being taught: the core decides.
  /** @param {number} hearing 0, 1, ... */
  beginHearing(hearing) {
    this.network.beginHearing(hearing);
  }

  // One step, and its frame; returns every MIDI note that sounded (a chord
  // when k_notes > 1).
  /** @param {number} midi a MIDI note heard, or -1 to choose one @param {boolean} learn @returns {number[]} */
  step(midi, learn) {
    this.drawn.step(this.network, midi, learn);
    return this.stepped(learn);
  }

  // The same with timing: `rhythm` is the rhythm class (0..11) of the IOI that
  // ended at this note, -1 for none; a note played has its class chosen
  // (lastRhythm()).
  /** @param {number} midi @param {number} rhythm @param {boolean} learn @returns {number[]} */
  stepTimed(midi, rhythm, learn) {
    this.drawn.stepTimed(this.network, midi, rhythm, learn);
    return this.stepped(learn);
  }

  // After a step: the frame kept, the notes that sounded.
  /** @param {boolean} learn @returns {number[]} */
  stepped(learn) {
    if (learn) this.learnedNotes++;
    this.current = this.copyFrame(this.drawn.views());
    return Array.from(this.current.firedMidi);
  }

  // The rhythm class (0..11) of the IOI that ended at the last note, -1 for none.
  /** @returns {number} */
  lastRhythm() {
    return this.network.lastRhythm();
  }

  // The rhythm class (0..11) it expects the IOI from the last note to the next
  // to have: the likeliest (the last step's frame says it), or one beat while
  // it expects none more than another (as hpiano generate ends a tune).
  /** @returns {number} */
  expectedRhythm() {
    const { expected } = this.current.rhythm;
    return expected >= 0 ? expected : ONE_BEAT;
  }

  // Learning without a frame, for teaching a tune fast; frame() keeps the
  // last step()'s until the next one. `rhythm`: the class of the IOI that
  // ended at this note (-1 for none), as stepTimed's.
  /** @param {number} midi @param {number} rhythm */
  learnNote(midi, rhythm) {
    this.network.stepTimed(midi, rhythm, true);
    this.learnedNotes++;
  }

  // The pitch class the network expects next, -1 when it expects nothing yet
  // (its prediction is flat).
  /** @returns {number} */
  expectedPitchClass() {
    return this.network.expectedPitchClass();
  }

  // Everything the views draw, as of the last step (or reset, or adoption).
  // Kept by the page: a copy, never views into wasm memory.
  /** @returns {Frame} */
  frame() {
    return this.current;
  }

  // The frame of the network as it is, nothing fired (a new or opened network).
  /** @returns {Frame} */
  showStill() {
    this.settings = this.network.config();
    this.drawn.show(this.network);
    return this.copyFrame(this.drawn.views());
  }

  // Note names by neuron: pitch classes with one octave, else full names
  // (computed again only when the neurons' notes change).
  /** @param {Int32Array} neuronMidi the MIDI note of each neuron @returns {string[]} */
  labels(neuronMidi) {
    const cache = this.labelsOf;
    const count = neuronMidi.length;
    const same = cache.count === count && (count === 12 || cache.midis.every((midi, i) => midi === neuronMidi[i]));
    if (!same) {
      const midis = Array.from(neuronMidi);
      this.labelsOf = { count, midis, labels: midis.map((midi, i) => (count === 12 ? PITCH_NAMES[i] : noteName(midi))) };
    }
    return this.labelsOf.labels;
  }

  // The page's frame from the core's views (valid only until the next call
  // into the core): every array copied once.
  /** @param {any} views Frame.views() of the core @returns {Frame} */
  copyFrame(views) {
    const count = views.activations.length;
    /** @type {(set: any, pool: number) => Reading} */
    const readingOf = (set, pool) => ({
      read: set.read[pool] === 1,
      confidence: set.confidence[pool],
      vote: set.vote[pool],
      voteShare: set.voteShare[pool],
      distinct: set.distinct[pool],
    });
    /** @type {Pool[]} */
    const pools = [];
    for (let pool = 0; pool < views.poolKind.length; pool++) {
      const slow = readingOf(views.slow, pool);
      const fast = readingOf(views.fast, pool);
      const { confidence, vote, voteShare } = views.decidingSet === 'fast' ? fast : slow;
      pools.push({
        kind: POOL_KINDS[views.poolKind[pool]],
        size: views.poolSize[pool],
        cells: views.cells.slice(views.cellStart[pool], views.cellStart[pool + 1]),
        confidence,
        vote,
        voteShare,
        slow,
        fast,
      });
    }
    const flatWeights = views.firstOrderWeights.slice();
    const weights = [];
    for (let row = 0; row < count; row++) weights.push(flatWeights.subarray(row * count, (row + 1) * count));
    return {
      config: this.settings,
      noteCount: count,
      ...copyNeurons(views, this.labels(views.neuronMidi)),
      firedMidi: views.firedMidi.slice(),
      hasStepped: views.stepped,
      pitchClasses: views.pitchClasses.slice(),
      flat: views.flat,
      expected: views.expected,
      expectedMidi: views.expectedMidi,
      expectedMidiProbability: views.expectedMidiProbability,
      neuronMidi: views.neuronMidi.slice(),
      rhythm: {
        ...copyNeurons(views.rhythm, this.rhythmLabels),
        enabled: views.rhythm.enabled,
        beats: this.rhythmBeats,
        expected: views.rhythm.expected,
      },
      pools,
      decidingPool: views.decidingPool,
      tonalReference: views.tonalReference,
      tonalOrder: views.tonalOrder,
      decidingSet: views.decidingSet,
      mixWeights: views.mixWeights.slice(),
      weights,
      learnedNotes: this.learnedNotes,
    };
  }
}
