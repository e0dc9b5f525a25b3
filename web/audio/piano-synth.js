// Main-thread side of the piano: loads wasm/synth.wasm, starts the
// 'hebbian-piano' AudioWorkletProcessor (piano-worklet.js) and sends it notes.

const WORKLET_URL = new URL('./piano-worklet.js', import.meta.url);
const DEFAULT_WASM_URL = new URL('../wasm/synth.wasm', import.meta.url);

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
async function createPianoNode(audioContext, module, { channels = 2, events = [] } = {}) {
  await audioContext.audioWorklet.addModule(WORKLET_URL);
  const node = new AudioWorkletNode(audioContext, 'hebbian-piano', {
    numberOfInputs: 0,
    numberOfOutputs: 1,
    outputChannelCount: [channels],
    processorOptions: { module, events },
  });
  await new Promise((resolve, reject) => {
    node.onprocessorerror = (event) => reject(new Error(`piano synth: processor failed: ${event.message ?? event}`));
    node.port.onmessage = (message) => {
      if (message.data?.type === 'ready') resolve();
    };
  });
  node.port.onmessage = (message) => {
    if (message.data?.type === 'overflow') console.warn('piano synth: event queue full, a note event was dropped');
  };
  return node;
}

// The realtime piano. Times are AudioContext seconds; a time already past
// plays at once. noteOn velocity is 1..127 (0 is a note-off).
// allNotesOff() drops every scheduled event and lowers all dampers now.
// `module`: the synthesiser compiled beforehand by compileSynth (else it is compiled here).
export async function createPianoSynth(audioContext, { wasmUrl = DEFAULT_WASM_URL, module, connect = true } = {}) {
  const node = await createPianoNode(audioContext, module ?? (await compileSynth(wasmUrl)));
  if (connect) node.connect(audioContext.destination);
  const send = (event) => node.port.postMessage(event);
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
// noteOffTime, if given, releases the note then.
export async function renderOffline({
  midi = 69,
  velocity = 90,
  seconds = 1,
  sampleRate = 48000,
  time = 0,
  noteOffTime,
  events,
  wasmUrl = DEFAULT_WASM_URL,
} = {}) {
  const noteEvents = events ?? [
    { type: 'noteOn', midi, velocity, time },
    ...(noteOffTime === undefined ? [] : [{ type: 'noteOff', midi, time: noteOffTime }]),
  ];
  const context = new OfflineAudioContext(1, Math.round(seconds * sampleRate), sampleRate);
  const node = await createPianoNode(context, await compileSynth(wasmUrl), { channels: 1, events: noteEvents });
  node.connect(context.destination);
  const buffer = await context.startRendering();
  return buffer.getChannelData(0);
}
