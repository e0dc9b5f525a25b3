// @ts-check
// AudioWorkletProcessor 'hebbian-piano': plays wasm/synth.wasm (core/synth.cpp).
//
// processorOptions: { module: WebAssembly.Module, events?: [event, ...], reportSounded?: boolean }.
// Port messages (and processorOptions.events) are note events
//   { type: 'noteOn' | 'noteOff' | 'allNotesOff', midi, velocity, time }
// with `time` in AudioContext seconds (missing or past: as soon as possible),
// or { type: 'cancel' }, which drops every event not yet played.
// Each quantum is split at the frame of every event that falls inside it, so
// notes start on the exact sample whatever the main thread's timing.
// Posts { type: 'ready' } once the module is instantiated,
// { type: 'overflow' } if an event had to be dropped because the queue was full,
// and { type: 'sounded', midi, frame, sampleRate } for each note-on: `frame` is
// that of its first non-zero sample (what scripts/bench times a key press by).

const QUEUE_CAPACITY = 8192;
const MAX_RENDER_FRAMES = 128; // synth_render's limit
const NOTE_ON = 0;
const NOTE_OFF = 1;
const ALL_NOTES_OFF = 2;
const EVENT_TYPES = { noteOn: NOTE_ON, noteOff: NOTE_OFF, allNotesOff: ALL_NOTES_OFF };

// Every import the module declares, as a function that does nothing (a
// standalone build has none; this keeps a future libc import from failing).
function stubImports(module) {
  const imports = {};
  for (const { module: name, name: field, kind } of WebAssembly.Module.imports(module)) {
    if (kind !== 'function') continue;
    imports[name] ??= {};
    imports[name][field] = () => 0;
  }
  return imports;
}

/**
 * What synth.wasm exports (core/synth.h).
 * @typedef {object} Synth
 * @property {WebAssembly.Memory} memory
 * @property {() => void} [_initialize]
 * @property {(sampleRate: number) => void} synth_init
 * @property {(frames: number) => number} synth_render  renders `frames` (at most 128); returns the address of the samples
 * @property {(midi: number, velocity: number) => void} synth_note_on
 * @property {(midi: number) => void} synth_note_off
 * @property {() => void} synth_all_notes_off
 */

class HebbianPianoProcessor extends AudioWorkletProcessor {
  /** @param {AudioWorkletNodeOptions} options */
  constructor(options) {
    super();
    const { module, events = [], reportSounded = false } = options.processorOptions;
    this.reportsSounded = reportSounded;
    /** @type {Synth} */
    this.synth = /** @type {any} */ (new WebAssembly.Instance(module, stubImports(module)).exports);
    this.synth._initialize?.();
    this.synth.synth_init(sampleRate);
    this.rendered = new Float32Array(this.synth.memory.buffer, this.synth.synth_render(0), MAX_RENDER_FRAMES);

    // Pending events sorted by frame (stable: equal frames keep their order).
    this.eventFrame = new Float64Array(QUEUE_CAPACITY);
    this.eventType = new Uint8Array(QUEUE_CAPACITY);
    this.eventMidi = new Uint8Array(QUEUE_CAPACITY);
    this.eventVelocity = new Uint8Array(QUEUE_CAPACITY);
    this.eventCount = 0;
    // Notes started but not yet heard: [midi, frame from which to look].
    /** @type {[number, number][]} */
    this.unheard = [];

    for (const event of events) this.receive(event);
    this.port.onmessage = (message) => this.receive(message.data);
    this.port.postMessage({ type: 'ready' });
  }

  receive(event) {
    if (event.type === 'cancel') {
      this.eventCount = 0;
      return;
    }
    const type = EVENT_TYPES[event.type];
    const midi = event.midi ?? 0;
    if (type === undefined || !(midi >= 0 && midi <= 127)) return;
    if (this.eventCount === QUEUE_CAPACITY) {
      this.port.postMessage({ type: 'overflow' });
      return;
    }
    const frame = Number.isFinite(event.time) ? Math.round(event.time * sampleRate) : 0;
    let slot = this.eventCount;
    while (slot > 0 && this.eventFrame[slot - 1] > frame) {
      this.eventFrame[slot] = this.eventFrame[slot - 1];
      this.eventType[slot] = this.eventType[slot - 1];
      this.eventMidi[slot] = this.eventMidi[slot - 1];
      this.eventVelocity[slot] = this.eventVelocity[slot - 1];
      slot--;
    }
    this.eventFrame[slot] = frame;
    this.eventType[slot] = type;
    this.eventMidi[slot] = midi;
    this.eventVelocity[slot] = Math.max(0, Math.min(127, event.velocity ?? 90));
    this.eventCount++;
  }

  play(slot) {
    const type = this.eventType[slot];
    if (type === NOTE_ON) this.synth.synth_note_on(this.eventMidi[slot], this.eventVelocity[slot]);
    else if (type === NOTE_OFF) this.synth.synth_note_off(this.eventMidi[slot]);
    else this.synth.synth_all_notes_off();
  }

  // Renders frames [from, to) of the quantum into `channel`.
  render(channel, from, to) {
    while (from < to) {
      const frames = Math.min(MAX_RENDER_FRAMES, to - from);
      this.synth.synth_render(frames);
      for (let i = 0; i < frames; i++) channel[from + i] = this.rendered[i];
      from += frames;
    }
  }

  // Posts 'sounded' for each unheard note whose first non-zero sample is in
  // this quantum; a note silent for a second (velocity 0) is given up.
  /** @param {Float32Array} channel */
  reportSounded(channel) {
    this.unheard = this.unheard.filter(([midi, from]) => {
      if (currentFrame - from > sampleRate) return false;
      for (let i = Math.max(0, from - currentFrame); i < channel.length; i++) {
        if (channel[i] !== 0) {
          this.port.postMessage({ type: 'sounded', midi, frame: currentFrame + i, sampleRate });
          return false;
        }
      }
      return true;
    });
  }

  process(inputs, outputs) {
    const output = outputs[0];
    if (output.length === 0) return true;
    const channel = output[0];
    const frames = channel.length;
    let position = 0;
    let played = 0;
    while (played < this.eventCount) {
      const offset = this.eventFrame[played] - currentFrame;
      if (offset >= frames) break;
      const at = Math.max(position, offset);
      this.render(channel, position, at);
      position = at;
      if (this.reportsSounded && this.eventType[played] === NOTE_ON) this.unheard.push([this.eventMidi[played], currentFrame + at]);
      this.play(played++);
    }
    this.render(channel, position, frames);
    if (this.unheard.length) this.reportSounded(channel);

    if (played > 0) {
      this.eventFrame.copyWithin(0, played, this.eventCount);
      this.eventType.copyWithin(0, played, this.eventCount);
      this.eventMidi.copyWithin(0, played, this.eventCount);
      this.eventVelocity.copyWithin(0, played, this.eventCount);
      this.eventCount -= played;
    }
    for (let c = 1; c < output.length; c++) output[c].set(channel);
    return true;
  }
}

registerProcessor('hebbian-piano', HebbianPianoProcessor);
