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

// The kinds of pool, in the order of core/network.h's PoolKind.
export const POOL_KINDS = ['any', 'context', 'tune'];

export async function loadCore(url = new URL('./wasm/core.mjs', import.meta.url)) {
  const { default: createCore } = await import(url);
  return createCore();
}

export class NetworkModel {
  constructor(core) {
    this.core = core;
    this.network = new core.Network();
    this.params = core.configParams();
    this.learnedNotes = 0;
    // The core's frame of the last step (or of the network as it is), and the
    // page's copy of it.
    this.drawn = new core.Frame();
    this.labelsOf = { count: -1, midis: [], labels: [] };
    this.showStill();
  }

  // A fresh network with `config` (defaults for what it leaves out). On a bad
  // config returns the message and keeps the network as it was.
  reset(config = {}) {
    const error = this.network.reset(config);
    if (error) return error;
    this.learnedNotes = 0;
    this.showStill();
    return '';
  }

  // Takes over a core network loaded or opened elsewhere (core.load or
  // core.openShared, without error), dropping the one it had.
  adopt(network) {
    this.network.delete();
    this.network = network;
    this.learnedNotes = network.learnedNotes();
    this.showStill();
  }

  // The .hpn file's bytes, and the share link's payload (before compression).
  save(title, settings) {
    return this.network.save(title, settings);
  }

  sharePayload(title, settings) {
    return this.network.sharePayload(title, settings);
  }

  historyBytes() {
    return this.network.history().length;
  }

  // Changes parameters that keep the network's shape (and what it learned).
  adjust(partial) {
    const error = this.network.adjust(partial);
    if (!error) this.settings = this.network.config();
    return error;
  }

  config() {
    return { ...this.settings };
  }

  newTune() {
    this.network.newTune();
  }

  rest() {
    this.network.rest();
  }

  reseed(seed) {
    this.network.reseed(seed);
  }

  // One step, and its frame; returns every MIDI note that sounded (a chord
  // when k_notes > 1).
  step(midi, learn) {
    this.drawn.step(this.network, midi, learn);
    if (learn) this.learnedNotes++;
    this.current = this.copyFrame(this.drawn.views());
    return Array.from(this.current.firedMidi);
  }

  // Learning without a frame, for teaching a tune fast; frame() keeps the
  // last step()'s until the next one.
  learnNote(midi) {
    this.network.step(midi, true);
    this.learnedNotes++;
  }

  // The pitch class the network expects next, -1 when it expects nothing yet
  // (its prediction is flat).
  expectedPitchClass() {
    return this.network.expectedPitchClass();
  }

  // Everything the views draw, as of the last step (or reset, or adoption).
  // Kept by the page: a copy, never views into wasm memory.
  frame() {
    return this.current;
  }

  // The frame of the network as it is, nothing fired (a new or opened network).
  showStill() {
    this.settings = this.network.config();
    this.drawn.show(this.network);
    this.current = this.copyFrame(this.drawn.views());
  }

  // Note names by neuron: pitch classes with one octave, else full names
  // (computed again only when the neurons' notes change).
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
  copyFrame(views) {
    const count = views.activations.length;
    const readingOf = (set, pool) => ({
      read: set.read[pool] === 1,
      confidence: set.confidence[pool],
      vote: set.vote[pool],
      voteShare: set.voteShare[pool],
      distinct: set.distinct[pool],
    });
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
      labels: this.labels(views.neuronMidi),
      activations: views.activations.slice(),
      mean: views.mean,
      centred: views.centred.slice(),
      thresholds: views.thresholds.slice(),
      expectedBefore: views.expectedBefore,
      fired: views.fired.slice(),
      inhibited: views.inhibited.slice(),
      firedMidi: views.firedMidi.slice(),
      chosen: views.chosen,
      hasStepped: views.stepped,
      prediction: views.prediction.slice(),
      pitchClasses: views.pitchClasses.slice(),
      flat: views.flat,
      expected: views.expected,
      expectedMidi: views.expectedMidi,
      pools,
      decidingPool: views.decidingPool,
      decidingSet: views.decidingSet,
      mixWeights: views.mixWeights.slice(),
      weights,
      learnedNotes: this.learnedNotes,
    };
  }
}
