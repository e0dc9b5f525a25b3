// @ts-check
// The network playing on its own, in time. Notes are scheduled a little ahead
// on the audio clock (so the beat stays steady whatever the main thread is
// doing), and each scheduled step hands the page the frame to show when its
// note sounds.

const LOOKAHEAD_S = 0.12;
const TICK_MS = 25;
const START_DELAY_S = 0.05;
const HOLD = 0.85; // of a beat: notes are released just before the next
const VELOCITY = 82;

/**
 * sound: the network's voice (voices.js); onScheduled(event) hears each step
 * scheduled, onChange(playing) when it starts and stops playing.
 * @param {object} options
 * @param {ReturnType<typeof import('./voices.js').createVoices>['network']} options.sound
 * @param {import('../network.js').NetworkModel} options.network
 * @param {(event: {time: number, duration: number, midis: number[], frame: object, by: 'user' | 'network'}) => void} options.onScheduled
 * @param {(playing: boolean) => void} [options.onChange]
 */
export function createPlayer({ sound, network, onScheduled, onChange = () => {} }) {
  let current = null;

  function finish(run) {
    clearInterval(run.timer);
    clearTimeout(run.done);
    if (current === run) current = null;
    onChange(false);
    run.resolve(run.played);
  }

  // Hears `prime` (sounded, shown as input), then plays `steps` notes of its
  // own (Infinity until stopped), one a beat at tempo() bpm. Resolves with the
  // notes it chose, one a step (the first of a chord), once the last has sounded.
  async function play({ steps, prime = [], tempo }) {
    stop();
    // The run is current at once, so a stop while sound starts ends it.
    const run = { played: [], timer: 0, done: 0, resolve: null };
    const promise = new Promise((resolve) => {
      run.resolve = resolve;
    });
    current = run;
    onChange(true);
    await sound.start();
    if (current !== run) return promise;
    const queue = [...prime];
    let next = sound.now() + START_DELAY_S;
    let last = next;
    const tick = () => {
      while (next < sound.now() + LOOKAHEAD_S && (queue.length || run.played.length < steps)) {
        const beat = 60 / tempo();
        const heard = queue.length > 0;
        const midis = heard ? network.step(queue.shift(), false) : network.step(-1, false);
        if (!heard) run.played.push(midis[0]);
        for (const midi of midis) {
          sound.noteOn(midi, VELOCITY, next);
          sound.noteOff(midi, next + beat * HOLD);
        }
        onScheduled({ time: next, duration: beat * HOLD, midis, by: heard ? 'user' : 'network', frame: network.frame() });
        last = next;
        next += beat;
      }
      if (!queue.length && run.played.length >= steps) {
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
