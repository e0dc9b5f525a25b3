// The wasm network, seen from the page. Everything it returns is a plain copy
// (arrays, objects), because the core's typed arrays are views into wasm memory
// that go stale when the memory grows.

import { noteName, PITCH_NAMES } from './music.js';

const SLOW = 0;
const FAST = 1;

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
    this.decision = this.readDrive();
    this.hasStepped = false;
  }

  // A fresh network with `config` (defaults for what it leaves out). On a bad
  // config returns the message and keeps the network as it was.
  reset(config = {}) {
    const error = this.network.reset(config);
    if (error) return error;
    this.learnedNotes = 0;
    this.decision = this.readDrive();
    this.hasStepped = false;
    return '';
  }

  // Takes over a core network loaded or opened elsewhere (a scratch network
  // that loaded without error), dropping the one it had.
  adopt(network) {
    this.network.delete();
    this.network = network;
    this.learnedNotes = network.learnedNotes();
    this.decision = this.readDrive();
    this.hasStepped = false;
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
    return this.network.adjust(partial);
  }

  config() {
    return this.network.config();
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

  // One step; returns every MIDI note that sounded (a chord when k_notes > 1).
  // The drive the note neurons had before the step is kept as the decision,
  // because that is what made them fire: the step itself moves thresholds on.
  step(midi, learn) {
    const before = this.readDrive();
    this.network.step(midi, learn);
    if (learn) this.learnedNotes++;
    const firedMidi = this.network.firedMidi();
    this.decision = {
      ...before,
      fired: Array.from(this.network.fired()),
      inhibited: Array.from(this.network.inhibited()),
      // The key pressed, or the note it chose (others of a chord joined it).
      chosen: this.network.neuronForMidi(firedMidi[0]),
    };
    this.hasStepped = true;
    return firedMidi;
  }

  // Learning without the copies the views need, for teaching a tune fast; the
  // views keep showing the decision of the last step() until the next one.
  learnNote(midi) {
    this.network.step(midi, true);
    this.learnedNotes++;
  }

  pitchClassPrediction() {
    return this.network.pitchClassPrediction();
  }

  readDrive() {
    const n = this.network;
    const count = n.noteCount();
    return {
      activations: Array.from(n.activation()),
      mean: n.meanActivation(),
      centred: Array.from(n.centred()),
      thresholds: Array.from(n.thresholds()),
      fired: new Array(count).fill(0),
      inhibited: new Array(count).fill(0),
      chosen: -1,
    };
  }

  // Whether the fast weights weighed most in the last mix of the three
  // readouts (slow short contexts, slow long ones, fast: the last).
  fastDecides() {
    const n = this.network;
    return n.mixWeight(2) >= Math.max(n.mixWeight(0), n.mixWeight(1));
  }

  // Everything the views draw, as plain data.
  frame() {
    const n = this.network;
    const config = n.config();
    const count = n.noteCount();
    const reading = (set, pool) => {
      const r = n.poolReading(set, pool);
      return { confidence: r.confidence, vote: r.vote, voteShare: r.voteShare };
    };
    const decidingSet = this.fastDecides() ? 'fast' : 'slow';
    const pools = [];
    for (let pool = 0; pool < n.poolCount(); pool++) {
      const slow = reading(SLOW, pool);
      const fast = reading(FAST, pool);
      const main = decidingSet === 'fast' ? fast : slow;
      pools.push({ cells: Array.from(n.code(pool)), ...main, slow, fast });
    }
    const flat = n.firstOrderWeights();
    const weights = [];
    for (let row = 0; row < count; row++) weights.push(Array.from(flat.subarray(row * count, (row + 1) * count)));
    const labels = [];
    for (let i = 0; i < count; i++) labels.push(count === 12 ? PITCH_NAMES[i] : noteName(n.midiForNeuron(i)));
    const prediction = Array.from(n.prediction());
    const likeliest = prediction.indexOf(Math.max(...prediction));
    return {
      config,
      noteCount: count,
      labels,
      ...this.decision,
      hasStepped: this.hasStepped,
      prediction,
      // Where the likeliest next note would sound (the network places pitch classes near the last note).
      expectedMidi: n.midiForNeuron(likeliest),
      pitchClasses: n.pitchClassPrediction(),
      pools,
      poolSize: config.pool_size,
      tunePoolSize: config.tune_pool_size,
      slowOrders: config.slow_orders,
      contextOrders: config.context_orders,
      decidingPool: n.decidingPool(),
      decidingSet,
      weights,
      learnedNotes: this.learnedNotes,
    };
  }
}
