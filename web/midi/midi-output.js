// @ts-check
// Plays the page's notes on a Web MIDI output (a hardware synth, a DAW),
// chosen in a select: a voices listener (voices.js) that sends note-on and
// note-off on channel 1 timestamped for when each note is heard from the
// built-in synth: the player schedules ahead, so the output plays the rhythm
// the network chose, not the moments the page got round to sending. No Web MIDI, no
// permission or no output is normal: the select says so and stays disabled.

const NOTE_ON = 0x90;
const NOTE_OFF = 0x80;
const ALL_NOTES_OFF = [0xb0, 123, 0];

// includeUser() says whether the user's own notes go out too (a MIDI keyboard
// usually sounds by itself, so by default only the network's do).
/**
 * @param {HTMLSelectElement} select
 * @param {{clock: {now: () => number, performanceMs: (time: number) => number}, includeUser: () => boolean}} options
 */
export function createMidiOutput(select, { clock, includeUser }) {
  let access = null;
  let output = null;
  // `${by}:${midi}` -> {midi, by, on, off}: the timestamps its messages were sent for.
  const sounding = new Map();

  // Web MIDI schedules on performance.now()'s clock, the notes come on the
  // audio clock. A note for now (a key pressed) goes at once: the output
  // latency the synth adds is no reason to delay a live note.
  const timestamp = (time) => (time > clock.now() ? Math.max(performance.now(), clock.performanceMs(time)) : performance.now());
  const wanted = (by) => output && (by === 'network' || includeUser());

  function option(value, text) {
    const item = document.createElement('option');
    item.value = value;
    item.textContent = text;
    return item;
  }

  function list() {
    const chosen = output?.id ?? select.value;
    const outputs = access ? [...access.outputs.values()].filter((port) => port.state !== 'disconnected') : [];
    select.replaceChildren(option('', outputs.length ? 'none' : 'none found'));
    for (const port of outputs) select.append(option(port.id, port.name || 'MIDI output'));
    select.disabled = outputs.length === 0;
    select.value = outputs.some((port) => port.id === chosen) ? chosen : '';
    choose(select.value);
  }

  function choose(id) {
    const next = id ? access?.outputs.get(id) ?? null : null;
    if (next === output) return;
    output?.send(ALL_NOTES_OFF);
    sounding.clear();
    output = next;
    output?.open?.()?.catch(() => {});
  }

  select.addEventListener('change', () => choose(select.value));
  select.replaceChildren(option('', 'none'));
  select.disabled = true;

  return {
    listener: {
      noteOn(midi, velocity, time, by) {
        if (!wanted(by)) return;
        const on = timestamp(time);
        output.send([NOTE_ON, midi, velocity], on);
        sounding.set(`${by}:${midi}`, { midi, by, on, off: Infinity });
      },
      noteOff(midi, time, by) {
        const note = sounding.get(`${by}:${midi}`);
        if (!output || !note) return;
        note.off = timestamp(time);
        output.send([NOTE_OFF, midi, 0], note.off);
      },
      // The player sends notes ahead: a note-off at each cancelled note's own
      // start silences even those sent for later (their own note-offs then do nothing).
      allOff(time, by) {
        if (!output) return;
        const now = performance.now();
        for (const [name, note] of sounding) {
          if (note.off > now && note.by === by) output.send([NOTE_OFF, note.midi, 0], Math.max(now, note.on));
          if (note.off <= now || note.by === by) sounding.delete(name);
        }
      },
    },
    // Lists the outputs of a MIDIAccess (null: none), and follows devices plugged in later.
    use(midiAccess) {
      access = midiAccess;
      access?.addEventListener('statechange', list);
      list();
    },
  };
}
