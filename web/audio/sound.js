// @ts-check
// The page's piano: one AudioContext, made on the first gesture (browsers keep
// a context made earlier silent), and the wasm synth of audio/piano-synth.js,
// that module imported and the wasm fetched and compiled by prepare() (the page
// calls it once it is ready, so that the first gesture only starts it) or by
// the first start(). Notes asked for before the synth is ready sound as soon as it is.
//
// A browser may refuse sound until the user clicks in the page (an embed on a
// site that did not give its frame allow="autoplay", or a script calling the
// API before any click): then start() resolves at once with false, notes are
// silent (the clock runs on, so the network still plays in time), onSilent(true)
// says a click is wanted, and the first click or key anywhere in the page
// turns sound on (onSilent(false)) from the next note.

import { playClick } from './metronome.js';

// scripts/bench times a key press to its sound by defining
// globalThis.hebbianPianoProbe(what, detail): 'sent' as a note-on leaves for
// the worklet, 'sounded' when the worklet outputs its first non-zero sample.
// The tests read what the page schedules the same way: 'scheduled' for each
// note event as it leaves for the worklet ({type: 'on' | 'off', midi, velocity,
// time}: seconds on now()'s clock) and 'click' for each metronome click ({time}).
// Whether anyone listens: a note's details are built only then.
const probing = () => Boolean(/** @type {any} */ (globalThis).hebbianPianoProbe);
/** @param {string} what @param {object} detail */
const probe = (what, detail) => /** @type {any} */ (globalThis).hebbianPianoProbe?.(what, detail);

const pageSeconds = () => performance.now() / 1000;

/** @param {{onStatus?: (text: string) => void, onSilent?: (silent: boolean) => void}} [options] */
export function createSound({ onStatus = () => {}, onSilent = () => {} } = {}) {
  /** @type {Promise<{module: WebAssembly.Module, createPianoSynth: typeof import('./piano-synth.js').createPianoSynth}> | null} */
  let compiled = null;
  const prepare = () => {
    if (!compiled) {
      compiled = import('./piano-synth.js').then(async ({ compileSynth, createPianoSynth }) => ({ module: await compileSynth(), createPianoSynth }));
      compiled.catch(() => {});  // a failure is reported when sound starts
    }
    return compiled;
  };
  let context = null;
  let piano = null;
  let starting = null;
  let failed = false;
  let silent = false;
  let waiting = [];
  let firstSound = true;
  // now() is one clock from the first call on: the page's, then the audio
  // clock shifted by this (seconds) once the synth plays, so a play that began
  // silent keeps its beat when sound comes on.
  let audioOffset = 0;
  // performance.now() (ms) minus contextTime (ms) of the sample being heard:
  // read from the output's own timestamp, which pairs the two clocks and
  // includes the output latency (currentTime beside performance.now() is off by
  // up to a render block, 3-7 ms). Each reading moves it by at most
  // OFFSET_SLEW_MS: the clocks drift by microseconds a second, while a stalled
  // or starting output moves the timestamp by tens of ms for a moment. Before
  // the output has a timestamp: currentTime plus the latencies the context gives.
  /** @type {number | null} */
  let offsetMs = null;
  const OFFSET_SLEW_MS = 0.25;
  const outputOffsetMs = () => {
    const stamp = context.getOutputTimestamp?.();
    const read = stamp?.performanceTime
      ? stamp.performanceTime - stamp.contextTime * 1000
      : performance.now() - (context.currentTime - (context.baseLatency ?? 0) - (context.outputLatency ?? 0)) * 1000;
    offsetMs = offsetMs === null ? read : offsetMs + Math.max(-OFFSET_SLEW_MS, Math.min(OFFSET_SLEW_MS, read - offsetMs));
    return offsetMs;
  };
  /** @type {(audible: boolean) => void} */
  let settleSilent = () => {};
  const knownSilent = new Promise((resolve) => (settleSilent = resolve));

  function send(event) {
    if (failed || silent) return;
    if (!piano) {
      waiting.push(event);
      return;
    }
    const time = event.time === undefined ? context.currentTime : event.time - audioOffset;
    if (probing()) probe('scheduled', { ...event, time: time + audioOffset });
    if (event.type === 'on') {
      if (firstSound) {
        firstSound = false;
        performance.mark('hpiano:first-sound');
      }
      piano.noteOn(event.midi, event.velocity, time);
      if (probing()) probe('sent', { midi: event.midi, at: performance.now(), contextTime: context.currentTime,
        outputLatency: context.baseLatency + (context.outputLatency ?? 0) });
    } else {
      piano.noteOff(event.midi, time);
    }
  }

  // Resolves once the context runs: at once if it does, else after a click
  // or key (the gesture that lets the browser resume it).
  async function running() {
    if (context.state === 'running') return;
    if (context.state === 'suspended' && navigator.userActivation?.isActive !== false) {
      await context.resume();
      return;
    }
    silent = true;
    waiting = [];
    onStatus('click to turn sound on');
    onSilent(true);
    settleSilent(false);
    const resume = () => context.resume().catch(() => {});
    addEventListener('pointerdown', resume, true);
    addEventListener('keydown', resume, true);
    await new Promise((resolve) => {
      const check = () => context.state === 'running' && resolve(undefined);
      context.addEventListener('statechange', check);
      check();
    });
    removeEventListener('pointerdown', resume, true);
    removeEventListener('keydown', resume, true);
  }

  // Resolves with true when notes can sound, or with false as soon as they
  // cannot yet (the browser waits for a click; see above) or at all (the page
  // works silently without audio, and says so). Never rejects.
  function start() {
    if (context?.state === 'suspended') context.resume().catch(() => {});
    if (starting) return Promise.race([starting, knownSilent]);
    starting = (async () => {
      try {
        onStatus('starting sound…');
        context = new AudioContext({ latencyHint: 'interactive' });
        await running();
        const { module, createPianoSynth } = await prepare();
        const synth = await createPianoSynth(context, { module, onSounded: probing() ? (sounded) => probe('sounded', sounded) : undefined });
        audioOffset = pageSeconds() - context.currentTime;
        piano = synth;
        if (silent) {
          silent = false;
          onSilent(false);
        }
        onStatus('');
        const pending = waiting;
        waiting = [];
        for (const event of pending) send({ ...event, time: undefined });
        return true;
      } catch (error) {
        failed = true;
        waiting = [];
        onStatus(`no sound: ${error.message}`);
        return false;
      }
    })();
    return Promise.race([starting, knownSilent]);
  }

  return {
    start,
    prepare,
    // Seconds on the clock notes are scheduled by (see audioOffset).
    now: () => (piano ? context.currentTime + audioOffset : pageSeconds()),
    // When a note scheduled at `time` (now()'s clock) is heard, in
    // performance.now()'s milliseconds (Web MIDI's clock); `time` itself while
    // now() is the page's clock.
    /** @param {number} time @returns {number} */
    performanceMs(time) {
      if (!piano) return time * 1000;
      return outputOffsetMs() + (time - audioOffset) * 1000;
    },
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
    // A metronome click at `time` (now()'s clock), once sound plays.
    /** @param {number} time */
    click(time) {
      if (!piano || silent) return;
      probe('click', { time });
      playClick(context, context.destination, time - audioOffset);
    },
  };
}
