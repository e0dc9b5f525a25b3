// The wasm core reads the real MIDI fixtures as the native reader does, and
// the files it writes read back natively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCore, hpiano, readCorpus, root } from './core-module.mjs';

test('each real MIDI file gives the notes of its built-in line', async () => {
  const core = await loadCore();
  for (const tune of await readCorpus(path.join(root, 'web/melodies/builtin.txt'))) {
    const bytes = readFileSync(path.join(root, 'tests/data/midi', `${tune.name.slice(4)}.mid`));
    const info = core.midiInfo(bytes);
    assert.equal(info.error, '');
    assert.equal(info.format, 0);
    const melody = core.midiMelody(bytes, -1);
    assert.equal(melody.error, '');
    assert.deepEqual(melody.notes, tune.notes, tune.name);
  }
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
  assert.equal(hpiano('import-midi', file), 'recorded\t62 66 69\n');
  assert.match(core.midiMelody(new TextEncoder().encode('not midi at all'), -1).error, /not a MIDI file/);
});
