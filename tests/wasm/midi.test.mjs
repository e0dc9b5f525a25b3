// The wasm core reads the real MIDI fixtures as the native reader does, with
// their timing, and the files it writes read back natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCore, hpiano, root } from './core-module.mjs';

// The rhythm classes' IOIs in beats (core/rhythm.h); an IOI's class is the
// nearest on a log scale.
const CLASS_BEATS = [1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1, 3 / 2, 2, 3, 4, 6];
const classOf = (beats) => {
  const distance = (c) => Math.abs(Math.log(beats / CLASS_BEATS[c]));
  return CLASS_BEATS.reduce((best, _, c) => (distance(c) < distance(best) ? c : best), 0);
};
const beatsOf = (ioi) => ioi.split('/').map(Number).reduce((n, d) => n / d);

// A timed corpus line's notes as {notes, rhythms, inexact}.
function timedTune(tokens) {
  const pairs = tokens.trim().split(' ').map((token) => token.split(':'));
  const beats = pairs.map(([, ioi = '1']) => beatsOf(ioi));
  const rhythms = beats.map(classOf);
  return {
    notes: pairs.map(([midi]) => Number(midi)),
    rhythms,
    inexact: beats.filter((b, i) => Math.abs(b - CLASS_BEATS[rhythms[i]]) > 1e-9).length,
  };
}

test('each real MIDI file gives the notes and rhythm classes of its timed built-in line', async () => {
  const core = await loadCore();
  const lines = readFileSync(path.join(root, 'tests/core/fixtures/builtin_timed.txt'), 'utf8').trim().split('\n');
  assert.equal(lines.length, 24);
  let inexact = 0;
  for (const line of lines) {
    const [name, tokens] = line.split('\t');
    const bytes = readFileSync(path.join(root, 'tests/data/midi', `${name.slice(4)}.mid`));
    const info = core.midiInfo(bytes);
    assert.equal(info.error, '');
    assert.equal(info.format, 0);
    const melody = core.midiMelody(bytes, -1);
    assert.equal(melody.error, '');
    const tune = timedTune(tokens);
    assert.deepEqual(melody.notes, tune.notes, name);
    assert.deepEqual(melody.rhythms, tune.rhythms, name);
    assert.equal(melody.inexact, tune.inexact, name);
    inexact += melody.inexact;
  }
  assert.ok(inexact > 0, 'some grace notes are not exactly a class');
});

test('a file written in wasm keeps its rhythm and reads back natively', async () => {
  const core = await loadCore();
  const events = [
    { midi: 62, startBeats: 0, lengthBeats: 0.5, velocity: 100 },
    { midi: 66, startBeats: 0.5, lengthBeats: 0.5, velocity: 80 },
    { midi: 69, startBeats: 1, lengthBeats: 2, velocity: 70 },
  ];
  const bytes = core.writeMidi(events, 100, 'recorded');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hpiano-midi-')), 'recorded.mid');
  writeFileSync(file, bytes);
  assert.equal(hpiano('import-midi', file), 'recorded\t62:1/2 66:1/2 69:2\n');
  const melody = core.midiMelody(bytes, -1);
  assert.deepEqual([melody.notes, melody.rhythms, melody.inexact], [[62, 66, 69], [3, 3, 8], 0]);
  const broken = core.midiMelody(new TextEncoder().encode('not midi at all'), -1);
  assert.match(broken.error, /not a MIDI file/);
  assert.deepEqual([broken.notes, broken.rhythms], [[], []]);
});

// The page's recorder keeps seconds on the audio clock; its export gives back
// the IOIs played, exactly, whatever the clock read when recording began and
// whatever the float sums of the player's schedule.
test('a recording exported at its tempo reads back with the IOIs that were played', async () => {
  const core = await loadCore();
  const { createRecorder } = await import(path.join(root, 'web/midi/recorder.js'));
  const recorder = createRecorder();
  const tempo = 132;
  const beat = 60 / tempo;
  const played = [[62, '1/2'], [64, '1/4'], [66, '1/4'], [67, '3/2'], [69, '1/3'], [71, '1/3'], [73, '1/3'], [74, '2/3'], [76, '3/4'], [78, '6'], [79, '1']];
  recorder.start(1234.56789);
  // A silence first, which the file leaves out: 739.5 ticks, so that onsets
  // measured from the recording's start fall half-way between ticks and round
  // either way by a hair.
  let time = 1234.56789 + (739.5 / 480) * beat;
  for (const [midi, ioi] of played) {
    const seconds = beatsOf(ioi) * beat;
    recorder.listener.noteOn(midi, 90, time, 'network');
    recorder.listener.noteOff(midi, time + (midi === 79 ? seconds : 0.85 * seconds), 'network');
    time += seconds;
  }
  recorder.stop(time + 1);
  const bytes = core.writeMidi(recorder.events(tempo), tempo, 'recorded');
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'hpiano-midi-')), 'played.mid');
  writeFileSync(file, bytes);
  assert.equal(hpiano('import-midi', file), `played\t${played.map(([midi, ioi]) => `${midi}:${ioi}`).join(' ')}\n`);
});
