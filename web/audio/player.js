// @ts-check
// The network playing on its own, in time. Notes are scheduled a little ahead
// on the audio clock (so the beat stays steady whatever the main thread is
// doing), each at the IOI the network chose for it, and each scheduled step
// hands the page the frame to show when its note sounds.
//
// A note's release must be known when it is scheduled: it is held HOLD of its
// IOI, which is the rhythm the network chooses with the next note. So the
// network runs one note ahead of the sound: note t is scheduled (on and off)
// once note t + 1 has been chosen, a moment before note t sounds.

import { NO_RHYTHM, secondsOf } from '../timing.js';

const LOOKAHEAD_S = 0.12;
const TICK_MS = 25;
const START_DELAY_S = 0.05;
const HOLD = 0.85; // of a note's IOI: released just before the next
const VELOCITY = 82;

/**
 * A step taken, not yet scheduled: its onset (seconds on the sound's clock),
 * the notes that sound, who played it, its frame, and the class of the IOI
 * that ended at it (NO_RHYTHM for none).
 * @typedef {{time: number, midis: number[], by: 'user' | 'network', frame: object, rhythm: number}} Step
 */

/**
 * sound: the network's voice (voices.js); table: the core's rhythm classes
 * (timing.js); onScheduled(event) hears each step scheduled, onChange(playing)
 * when it starts and stops playing.
 * @param {object} options
 * @param {ReturnType<typeof import('./voices.js').createVoices>['network']} options.sound
 * @param {import('../network.js').NetworkModel} options.network
 * @param {import('../timing.js').RhythmTable} options.table
 * @param {(event: {time: number, duration: number, midis: number[], frame: object, by: 'user' | 'network', rhythm: number}) => void} options.onScheduled
 * @param {(playing: boolean) => void} [options.onChange]
 */
export function createPlayer({ sound, network, table, onScheduled, onChange = () => {} }) {
  let current = null;

  function finish(run) {
    // The last note's IOI: the rhythm it expects next.
    while (run.played.rhythms.length < run.played.notes.length) run.played.rhythms.push(network.expectedRhythm());
    clearInterval(run.timer);
    clearTimeout(run.done);
    if (current === run) current = null;
    onChange(false);
    run.resolve(run.played);
  }

  /**
   * Hears `prime` (sounded at its rhythm, shown as input), then plays `steps`
   * notes of its own (Infinity until stopped), each `rhythm` after the one
   * before at tempo() bpm; the first at start(earliest) (default: earliest,
   * a moment from now). Resolves with the tune it chose, {notes, rhythms}
   * (one note a step, the first of a chord; rhythms[i] the class of the IOI
   * after note i, the last the one it expects next), once the last has sounded.
   * @param {{steps: number, prime?: import('../timing.js').Tune, tempo: () => number, start?: (earliest: number) => number}} options
   * @returns {Promise<import('../timing.js').Tune>}
   */
  async function play({ steps, prime = { notes: [], rhythms: [] }, tempo, start = (earliest) => earliest }) {
    stop();
    // The run is current at once, so a stop while sound starts ends it.
    const run = { played: { notes: [], rhythms: [] }, timer: 0, done: 0, resolve: null };
    const promise = new Promise((resolve) => {
      run.resolve = resolve;
    });
    current = run;
    onChange(true);
    await sound.start();
    if (current !== run) return promise;
    let primed = 0;
    let chosen = 0; // notes of its own taken
    const more = () => primed < prime.notes.length || chosen < steps;

    // One step of the network: its onset is its IOI after the step before (the first at the start time).
    /** @param {Step | null} before @returns {Step} */
    const take = (before) => {
      /** @type {'user' | 'network'} */
      let by = 'network';
      let midis;
      let rhythm;
      if (primed < prime.notes.length) {
        by = 'user';
        rhythm = primed === 0 ? NO_RHYTHM : prime.rhythms[primed - 1] ?? NO_RHYTHM;
        midis = network.stepTimed(prime.notes[primed++], rhythm, false);
      } else {
        midis = network.step(-1, false);
        rhythm = network.lastRhythm();
        chosen++;
        run.played.notes.push(midis[0]);
        if (run.played.notes.length > 1) run.played.rhythms.push(rhythm);
      }
      const time = before ? before.time + secondsOf(rhythm, tempo(), table) : start(sound.now() + START_DELAY_S);
      return { time, midis, by, frame: network.frame(), rhythm };
    };

    /** @type {Step | null} */
    let pending = more() ? take(null) : null;
    let last = sound.now();
    const tick = () => {
      while (pending && pending.time < sound.now() + LOOKAHEAD_S) {
        const step = pending;
        pending = more() ? take(step) : null;
        // Held most of its IOI: up to the next note, or as long as the rhythm it expects next.
        const ioi = pending ? pending.time - step.time : secondsOf(network.expectedRhythm(), tempo(), table);
        for (const midi of step.midis) {
          sound.noteOn(midi, VELOCITY, step.time);
          sound.noteOff(midi, step.time + ioi * HOLD);
        }
        onScheduled({ time: step.time, duration: ioi * HOLD, midis: step.midis, by: step.by, frame: step.frame, rhythm: step.rhythm });
        last = step.time;
      }
      if (!pending) {
        clearInterval(run.timer);
        run.done = setTimeout(() => finish(run), Math.max(0, (last - sound.now()) * 1000) + 20);
      }
    };
    run.timer = setInterval(tick, TICK_MS);
    tick();
    return promise;
  }

  // Stops at once: the notes scheduled ahead are cancelled.
  function stop() {
    if (!current) return;
    sound.allNotesOff();
    finish(current);
  }

  return { play, stop, playing: () => current !== null };
}
