// @ts-check
// Main-thread side of the piano: loads wasm/synth.wasm, starts the
// 'hebbian-piano' AudioWorkletProcessor (piano-worklet.js) and sends it notes.

import { playClick } from './metronome.js';

const WORKLET_URL = new URL('./piano-worklet.js', import.meta.url);
const DEFAULT_WASM_URL = new URL('../wasm/synth.wasm', import.meta.url);

/**
 * A note event for the worklet (see piano-worklet.js); `time` in AudioContext seconds.
 * @typedef {{type: 'noteOn' | 'noteOff' | 'allNotesOff' | 'cancel', midi?: number, velocity?: number, time?: number}} NoteEvent
 * A note first heard: the frame of its first non-zero sample, at `sampleRate` frames a second.
 * @typedef {{midi: number, frame: number, sampleRate: number}} Sounded
 */

// Fetches and compiles the synthesiser (a WebAssembly.Module can be handed to
// the worklet through processorOptions; the worklet cannot fetch).
export async function compileSynth(wasmUrl = DEFAULT_WASM_URL) {
  const response = await fetch(wasmUrl);
  if (!response.ok) throw new Error(`piano synth: ${wasmUrl}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

// Creates the processor node and resolves once its wasm runs. `events` are
// note events the processor queues before it renders anything (needed for an
// OfflineAudioContext, which may render before a port message arrives).
/**
 * @param {BaseAudioContext} audioContext
 * @param {WebAssembly.Module} module
 * @param {{channels?: number, events?: NoteEvent[], onSounded?: (sounded: Sounded) => void}} [options]
 */
async function createPianoNode(audioContext, module, { channels = 2, events = [], onSounded } = {}) {
  await audioContext.audioWorklet.addModule(WORKLET_URL);
  const node = new AudioWorkletNode(audioContext, 'hebbian-piano', {
    numberOfInputs: 0,
    numberOfOutputs: 1,
    outputChannelCount: [channels],
    // The worklet looks for each note's first sample only when someone listens (a benchmark, a test).
    processorOptions: { module, events, reportSounded: Boolean(onSounded) },
  });
  await /** @type {Promise<void>} */ (new Promise((resolve, reject) => {
    node.onprocessorerror = (event) => reject(new Error(`piano synth: processor failed: ${/** @type {any} */ (event).message ?? event}`));
    node.port.onmessage = (message) => {
      if (message.data?.type === 'ready') resolve();
    };
  }));
  node.port.onmessage = (message) => {
    if (message.data?.type === 'overflow') console.warn('piano synth: event queue full, a note event was dropped');
    if (message.data?.type === 'sounded') onSounded?.(message.data);
  };
  return node;
}

// The realtime piano. Times are AudioContext seconds; a time already past
// plays at once. noteOn velocity is 1..127 (0 is a note-off).
// allNotesOff() drops every scheduled event and lowers all dampers now.
// `module`: the synthesiser compiled beforehand by compileSynth (else it is compiled here).
/**
 * @param {AudioContext} audioContext
 * `onSounded` hears the frame of each note's first non-zero sample.
 * @param {{wasmUrl?: URL, module?: WebAssembly.Module, connect?: boolean, onSounded?: (sounded: Sounded) => void}} [options]
 */
export async function createPianoSynth(audioContext, { wasmUrl = DEFAULT_WASM_URL, module, connect = true, onSounded } = {}) {
  const node = await createPianoNode(audioContext, module ?? (await compileSynth(wasmUrl)), { onSounded });
  if (connect) node.connect(audioContext.destination);
  const send = (/** @type {NoteEvent} */ event) => node.port.postMessage(event);
  return {
    node,
    noteOn(midi, velocity = 90, time = audioContext.currentTime) {
      send({ type: 'noteOn', midi, velocity, time });
    },
    noteOff(midi, time = audioContext.currentTime) {
      send({ type: 'noteOff', midi, time });
    },
    allNotesOff() {
      send({ type: 'cancel' });
      send({ type: 'allNotesOff' });
    },
  };
}

// Renders one note (or a list of events) through the same processor in an
// OfflineAudioContext and returns the mono samples as a Float32Array.
// noteOffTime, if given, releases the note then; `clicks` are the times of
// metronome clicks rendered with the notes (audio/metronome.js).
/**
 * @param {{midi?: number, velocity?: number, seconds?: number, sampleRate?: number, time?: number,
 *   noteOffTime?: number, events?: NoteEvent[], clicks?: number[], wasmUrl?: URL}} [options]
 */
export async function renderOffline({
  midi = 69,
  velocity = 90,
  seconds = 1,
  sampleRate = 48000,
  time = 0,
  noteOffTime,
  events,
  clicks = [],
  wasmUrl = DEFAULT_WASM_URL,
} = {}) {
  /** @type {NoteEvent[]} */
  const oneNote = [{ type: 'noteOn', midi, velocity, time }];
  if (noteOffTime !== undefined) oneNote.push({ type: 'noteOff', midi, time: noteOffTime });
  const noteEvents = events ?? oneNote;
  const context = new OfflineAudioContext(1, Math.round(seconds * sampleRate), sampleRate);
  const node = await createPianoNode(context, await compileSynth(wasmUrl), { channels: 1, events: noteEvents });
  node.connect(context.destination);
  for (const click of clicks) playClick(context, context.destination, click);
  const buffer = await context.startRendering();
  return buffer.getChannelData(0);
}
