// The frame the page draws, built by the core in one call and copied by
// web/network.js, says what the page used to read field by field (a twin
// network stepped the old way, tests/wasm/legacy-frame.mjs), and carries what
// the views used to work out themselves: pool kinds and sizes, flatness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { loadCore, readCorpus, root } from './core-module.mjs';
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
