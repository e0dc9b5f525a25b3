// @ts-check
// The metronome: a quiet click on each beat, scheduled ahead on the audio
// clock as the player's notes are, so the beat stays steady whatever the main
// thread is doing.

const LOOKAHEAD_S = 0.12;
const TICK_MS = 25;
const START_DELAY_S = 0.05;
// A click: a 1.6 kHz tone falling to silence in about 30 ms, at a peak
// amplitude of 0.12 (quiet beside a piano note, about -18 dBFS).
const CLICK_HZ = 1600;
const CLICK_PEAK = 0.12;
const CLICK_S = 0.03;

/**
 * Schedules one click at `time` (seconds on `context`'s clock) into `destination`.
 * @param {BaseAudioContext} context
 * @param {AudioNode} destination
 * @param {number} time
 */
export function playClick(context, destination, time) {
  const tone = new OscillatorNode(context, { frequency: CLICK_HZ });
  const envelope = new GainNode(context, { gain: 0 });
  envelope.gain.setValueAtTime(0, time);
  envelope.gain.linearRampToValueAtTime(CLICK_PEAK, time + 0.001);
  envelope.gain.exponentialRampToValueAtTime(0.0001, time + CLICK_S);
  envelope.gain.setValueAtTime(0, time + CLICK_S);
  tone.connect(envelope).connect(destination);
  tone.start(time);
  tone.stop(time + CLICK_S + 0.005);
}

/**
 * Clicks every beat at tempo() bpm while on: sound.click(time) is asked for
 * each, a little ahead. nextBeat(after) is the first beat at or after `after`
 * (so the network's playing can start on the beat), or `after` when off.
 * @param {{now: () => number, click: (time: number) => void}} sound
 * @param {() => number} tempo
 */
export function createMetronome(sound, tempo) {
  let timer = 0;
  let next = 0;
  const tick = () => {
    while (next < sound.now() + LOOKAHEAD_S) {
      sound.click(next);
      next += 60 / tempo();
    }
  };
  return {
    /** @param {boolean} on */
    set(on) {
      if (on === Boolean(timer)) return;
      clearInterval(timer);
      timer = 0;
      if (!on) return;
      next = sound.now() + START_DELAY_S;
      timer = setInterval(tick, TICK_MS);
      tick();
    },
    /** @param {number} after */
    nextBeat(after) {
      if (!timer) return after;
      const beat = 60 / tempo();
      // `next` is the first beat not yet clicked; earlier beats lie a whole number of beats before it.
      return next - Math.floor((next - after) / beat) * beat;
    },
  };
}
