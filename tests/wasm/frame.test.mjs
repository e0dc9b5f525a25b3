// The frame the page draws, built by the core in one call and copied by
// web/network.js, says what the page used to read field by field (a twin
// network stepped the old way, tests/wasm/legacy-frame.mjs), and carries what
// the views used to work out themselves: pool kinds and sizes, flatness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hpiano, loadCore, readCorpus, root } from './core-module.mjs';
import { legacyPress } from './legacy-frame.mjs';
import { NetworkModel } from '../../web/network.js';

const corpusFile = path.join(root, 'web/melodies/builtin.txt');
const config = { pool_size: 256, tune_pool_size: 2048, context_orders: 4, slow_orders: 2, octaves: 3 };

test('the frame says what the per-field reads said, step after step', async () => {
  const core = await loadCore();
  const model = new NetworkModel(core);
  assert.equal(model.reset(config), '');
  const twin = new core.Network();
  assert.equal(twin.reset(config), '');
  const [first, second] = await readCorpus(corpusFile);
  for (const note of [...first.notes, ...second.notes]) {
    const midis = model.step(note, true);
    const old = legacyPress(twin, note);
    const frame = model.frame();
    assert.deepEqual(midis, Array.from(twin.firedMidi()));
    for (const name of ['activations', 'centred', 'thresholds', 'fired', 'inhibited', 'prediction']) {
      assert.deepEqual(Array.from(frame[name]), old[name], name);
    }
    for (const name of ['mean', 'chosen', 'decidingPool', 'decidingSet']) assert.equal(frame[name], old[name], name);
    assert.deepEqual(Array.from(frame.pitchClasses), old.pitchClasses);
    assert.deepEqual(frame.weights.map((row) => Array.from(row)), old.weights);
    assert.equal(frame.expectedMidi, frame.flat ? -1 : old.expectedMidi);
    assert.equal(frame.pools.length, old.pools.length);
    frame.pools.forEach((pool, m) => {
      assert.deepEqual(Array.from(pool.cells), old.pools[m].cells, `pool ${m} cells`);
      for (const set of ['slow', 'fast']) {
        for (const field of ['confidence', 'vote', 'voteShare']) assert.equal(pool[set][field], old.pools[m][set][field]);
      }
    });
  }
  assert.equal(model.frame().labels[0], 'C3');
  assert.equal(model.frame().learnedNotes, first.notes.length + second.notes.length);
  twin.delete();
});

test('the frame names each pool and says when the prediction is flat', async () => {
  const core = await loadCore();
  const model = new NetworkModel(core);
  assert.equal(model.reset({ ...config, tune_pool: 1 }), '');
  let frame = model.frame();
  assert.deepEqual(frame.pools.map((pool) => pool.kind), ['any', 'context', 'context', 'context', 'context', 'tune']);
  assert.deepEqual(frame.pools.map((pool) => pool.size), [1, 256, 256, 256, 256, 2048]);
  assert.equal(frame.flat, true);
  assert.equal(frame.expected, -1);
  assert.equal(frame.expectedMidi, -1);
  assert.equal(frame.hasStepped, false);
  assert.equal(model.expectedPitchClass(), -1);
  for (const note of [60, 62, 64, 60, 62]) model.step(note, true);
  frame = model.frame();
  assert.equal(frame.expectedBefore, 2, 'before the last D it expected D');
  assert.equal(frame.flat, false);
  assert.equal(frame.expected, 4, 'after C D it expects E');
  assert.equal(frame.expectedMidi % 12, 4);
  assert.equal(model.expectedPitchClass(), 4);
  assert.equal(frame.hasStepped, true);
  assert.deepEqual(frame.pools.map((pool) => pool.slow.read), [true, true, true, false, false, true]);
  assert.deepEqual(frame.pools.map((pool) => pool.fast.read), [true, true, true, true, true, false]);
});

test('with degree pools (one octave) the frame ends with the degrees row, named by the key', async () => {
  const core = await loadCore();
  const model = new NetworkModel(core);
  assert.equal(model.reset({ ...config, octaves: 1, tune_pool: 1, tonal_orders: 2, tonal_pool_size: 256 }), '');
  assert.deepEqual(model.frame().pools.map((pool) => pool.kind).slice(-2), ['tune', 'degrees']);
  assert.equal(model.frame().tonalReference, -1);
  for (const note of [67, 69, 71, 72, 74, 66, 67]) model.step(note, true);
  const frame = model.frame();
  assert.equal(frame.tonalReference, 7, 'G major');
  assert.equal(frame.pools.at(-1).size, 256);
  assert.equal(frame.pools.at(-1).slow.read, true);
  assert.equal(frame.pools.at(-1).fast.read, false);
});

// The class (0..11) of an IOI written as a timed corpus writes it ("1/2", "3").
function classOf(core, ioi) {
  const [numerator, denominator = 1] = ioi.split('/').map(Number);
  const beats = core.rhythmClassBeats();
  return beats.findIndex((b) => Math.abs(b - numerator / denominator) < 1e-9);
}

test('the rhythm neurons in the frame change with the rhythm heard, and say what they expect next', async () => {
  const core = await loadCore();
  const model = new NetworkModel(core);
  assert.equal(model.reset({ ...config, octaves: 1 }), '');
  let { rhythm } = model.frame();
  assert.deepEqual(rhythm.labels, ['1/6', '1/4', '1/3', '1/2', '2/3', '3/4', '1', '3/2', '2', '3', '4', '6']);
  assert.equal(rhythm.enabled, true);
  assert.equal(rhythm.expected, -1, 'a new network expects no rhythm');
  const dotted = classOf(core, '3/2');
  const half = classOf(core, '1/2');
  // Long-short, long-short: each note's rhythm is the class of the gap that ended at it.
  const keys = [62, 64, 66, 67, 69, 71, 73, 74];
  for (let hearing = 0; hearing < 3; hearing++) {
    model.newTune();
    keys.forEach((key, i) => model.stepTimed(key, i === 0 ? -1 : i % 2 ? dotted : half, true));
  }
  model.newTune();
  model.stepTimed(62, -1, true);
  rhythm = model.frame().rhythm;
  assert.equal(rhythm.chosen, -1, 'no gap ended at the first note');
  assert.equal(rhythm.expected, dotted, 'after the first note the long gap');
  const predicted = Array.from(rhythm.prediction);
  model.stepTimed(64, dotted, true);
  rhythm = model.frame().rhythm;
  // The drive that decided the step: a = ln p of what it predicted after the note before.
  rhythm.activations.forEach((a, i) => assert.ok(Math.abs(a - Math.log(predicted[i])) < 1e-9, `a of class ${i}`));
  rhythm.centred.forEach((c, i) => assert.ok(Math.abs(c - (rhythm.activations[i] - rhythm.mean)) < 1e-9));
  assert.equal(rhythm.chosen, dotted);
  assert.deepEqual(Array.from(rhythm.fired), rhythm.labels.map((_, i) => (i === dotted ? 1 : 0)));
  assert.equal(rhythm.expectedBefore, dotted);
  assert.equal(rhythm.expected, half, 'then the short one');
  assert.ok(rhythm.prediction[half] > 0.5);
  // Heard the other way round (short-long), the same notes make it expect otherwise.
  const other = new NetworkModel(core);
  assert.equal(other.reset({ ...config, octaves: 1 }), '');
  for (let hearing = 0; hearing < 3; hearing++) {
    other.newTune();
    keys.forEach((key, i) => other.stepTimed(key, i === 0 ? -1 : i % 2 ? half : dotted, true));
  }
  other.newTune();
  other.stepTimed(62, -1, true);
  assert.equal(other.frame().rhythm.expected, half);
});

test('after a tune is taught the frame expects the exact key, octave and all', async () => {
  const core = await loadCore();
  const model = new NetworkModel(core);
  assert.equal(model.reset({ ...config, octaves: 1 }), '');
  // Leaps of an octave and more: C5 follows C4, then G3 and C3; placed by pitch class
  // near the last note (as before the key prediction) 4 of these 11 keys were wrong.
  const tune = [60, 72, 67, 64, 60, 72, 67, 64, 60, 55, 48, 60];
  for (let hearing = 0; hearing < 3; hearing++) {
    model.beginHearing(hearing);
    for (const note of tune) model.step(note, true);
  }
  model.newTune();
  const expected = [];
  for (const note of tune.slice(0, -1)) {
    model.step(note, false);
    expected.push(model.frame().expectedMidi);
  }
  assert.deepEqual(expected, tune.slice(1));
  assert.ok(model.frame().expectedMidiProbability > 0.5);
});

test('the frame in wasm is the native network\'s: its rhythm prediction and expected key agree with hpiano predict --dump', async () => {
  const core = await loadCore();
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-frame-'));
  const file = path.join(dir, 'n.hpn');
  const probe = path.join(dir, 'probe.txt');
  const tokens = ['62:1/2', '64:1/2', '66:1', '67:1/2', '69:1/2', '71:3/2', '73:1/2', '74:1', '69:1/2', '66:1/2', '62:2'];
  writeFileSync(probe, `probe\t${tokens.join(' ')}\n`);
  hpiano('train', '--corpus', corpusFile, '--out', file, '--seed', '5', '--set', 'pool_size=1024');
  const dump = (kind) => hpiano('predict', '--net', file, '--corpus', probe, '--learn', `--dump=${kind}`)
    .trim().split('\n').filter((line) => line.startsWith('0 ')).map((line) => line.split(' ').slice(3).map(Number));
  const keyLines = dump('key');
  const rhythmLines = dump('rhythm');
  const { error, network } = core.load(readFileSync(file));
  assert.equal(error, '');
  const model = new NetworkModel(core, network);
  model.newTune();
  const notes = tokens.map((token) => Number(token.split(':')[0]));
  const classes = tokens.map((token) => classOf(core, token.split(':')[1]));
  for (let i = 0; i + 1 < notes.length; i++) {
    model.stepTimed(notes[i], i === 0 ? -1 : classes[i - 1], true);
    const frame = model.frame();
    assert.deepEqual(Array.from(frame.rhythm.prediction, (p) => p.toFixed(6)), rhythmLines[i].map((p) => p.toFixed(6)), `rhythm after note ${i}`);
    const keys = keyLines[i];
    assert.equal(frame.expectedMidiProbability.toFixed(6), keys[frame.expectedMidi].toFixed(6), `key after note ${i}`);
    assert.equal(frame.expectedMidi, keys.indexOf(Math.max(...keys)), `key after note ${i}`);
  }
  network.delete();
});
