// @ts-check
// The page's piano: one AudioContext, made on the first gesture (browsers keep
// a context made earlier silent), and the wasm synth of audio/piano-synth.js,
// fetched and compiled at once so that the first gesture only starts it.
// Notes asked for before the synth is ready sound as soon as it is.

import { compileSynth, createPianoSynth } from './piano-synth.js';

// scripts/bench times a key press to its sound by defining
// globalThis.hebbianPianoProbe(what, detail): 'sent' as a note-on leaves for
// the worklet, 'sounded' when the worklet outputs its first non-zero sample.
/** @param {string} what @param {object} detail */
const probe = (what, detail) => /** @type {any} */ (globalThis).hebbianPianoProbe?.(what, detail);

/** @param {{onStatus?: (text: string) => void}} [options] */
export function createSound({ onStatus = () => {} } = {}) {
  const compiled = compileSynth();
  compiled.catch(() => {});  // a failure is reported when sound starts
  let context = null;
  let piano = null;
  let starting = null;
  let failed = false;
  let waiting = [];
  let firstSound = true;

  function send(event) {
    if (failed) return;
    if (!piano) {
      waiting.push(event);
      return;
    }
    if (event.type === 'on') {
      if (firstSound) {
        firstSound = false;
        performance.mark('hpiano:first-sound');
      }
      piano.noteOn(event.midi, event.velocity, event.time ?? context.currentTime);
      probe('sent', { midi: event.midi, at: performance.now(), contextTime: context.currentTime,
        outputLatency: context.baseLatency + (context.outputLatency ?? 0) });
    } else {
      piano.noteOff(event.midi, event.time ?? context.currentTime);
    }
  }

  // Resolves when notes can sound; never rejects (the page works silently
  // without audio, and says so).
  function start() {
    if (context?.state === 'suspended') context.resume().catch(() => {});
    if (starting) return starting;
    starting = (async () => {
      try {
        onStatus('starting sound…');
        context = new AudioContext({ latencyHint: 'interactive' });
        if (context.state === 'suspended') await context.resume();
        piano = await createPianoSynth(context, { module: await compiled, onSounded: (sounded) => probe('sounded', sounded) });
        onStatus('');
        const pending = waiting;
        waiting = [];
        for (const event of pending) send({ ...event, time: undefined });
      } catch (error) {
        failed = true;
        waiting = [];
        onStatus(`no sound: ${error.message}`);
      }
    })();
    return starting;
  }

  return {
    start,
    // Seconds on the clock notes are scheduled by: the audio clock once the
    // synth plays, the page's clock before (or without) it.
    now: () => (piano ? context.currentTime : performance.now() / 1000),
    noteOn(midi, velocity = 90, time) {
      send({ type: 'on', midi, velocity, time });
    },
    noteOff(midi, time) {
      send({ type: 'off', midi, time });
    },
    allNotesOff() {
      waiting = [];
      piano?.allNotesOff();
    },
  };
}
