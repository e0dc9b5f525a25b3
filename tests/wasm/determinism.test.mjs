// The WebAssembly build gives the same network, predictions and notes as the
// native hpiano for the same corpus, seed and settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCore, hpiano, root } from './core-module.mjs';

const corpusFile = path.join(root, 'web/melodies/builtin.txt');
const settings = { seed: 11, pool_size: 1024, theta_rate: 0.08 };
const cliSettings = ['--seed', '11', '--set', 'pool_size=1024', '--set', 'theta_rate=0.08'];

// The built-in tunes are timed: each note heard with the class of the IOI before it, as hpiano train hears them.
async function trainedInWasm(core) {
  const network = new core.Network();
  assert.equal(network.reset(settings), '');
  for (const { notes, rhythms } of core.parseCorpus(readFileSync(corpusFile, 'utf8')).melodies) {
    network.newTune();
    notes.forEach((note, i) => network.stepTimed(note, i === 0 ? -1 : rhythms[i - 1], true));
  }
  return network;
}

test('training gives a byte-identical network file natively and in wasm', async () => {
  const core = await loadCore();
  const network = await trainedInWasm(core);
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-wasm-'));
  const nativeFile = path.join(dir, 'native.hpn');
  hpiano('train', '--corpus', corpusFile, '--out', nativeFile, ...cliSettings);
  const wasmBytes = network.save('', {});
  assert.ok(wasmBytes.length > 10000);
  assert.deepEqual(Buffer.from(wasmBytes), readFileSync(nativeFile));
  network.delete();
});

test('a network file written natively plays the same notes in wasm', async () => {
  const core = await loadCore();
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-wasm-'));
  const file = path.join(dir, 'n.hpn');
  hpiano('train', '--corpus', corpusFile, '--out', file, ...cliSettings);
  const native = hpiano('generate', '--net', file, '--steps', '300', '--seed', '4', '--temperature', '0.7',
    '--prime', '62 64 66').trim().split(' ').map(Number);

  const { error, network } = core.load(readFileSync(file));
  assert.equal(error, '');
  assert.equal(network.adjust({ temperature: 0.7 }), '');
  network.reseed(4);
  network.rest();
  for (const note of [62, 64, 66]) network.step(note, false);
  const played = Array.from({ length: 300 }, () => network.step(-1, false));
  assert.deepEqual(played, native);
  assert.ok(new Set(played).size > 4, 'it plays a melody, not one note');
  network.delete();
});

test('predictions agree digit for digit with hpiano predict --dump', async () => {
  const core = await loadCore();
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-wasm-'));
  const file = path.join(dir, 'n.hpn');
  const probe = path.join(dir, 'probe.txt');
  writeFileSync(probe, 'probe\t62 64 66 67 69 71 73 74 69 66 62\n');
  hpiano('train', '--corpus', corpusFile, '--out', file, ...cliSettings);
  const dump = hpiano('predict', '--net', file, '--corpus', probe, '--learn', '--dump').trim().split('\n');
  const { error, network } = core.load(readFileSync(file));
  assert.equal(error, '');
  network.newTune();
  const notes = [62, 64, 66, 67, 69, 71, 73, 74, 69, 66, 62];
  notes.forEach((note, i) => {
    const p = network.pitchClassPrediction().map((v) => v.toFixed(6));
    assert.equal(`0 ${i} ${note % 12} ${p.join(' ')}`, dump[i]);
    network.step(note, true);
  });
  network.delete();
});

test('a bad config is refused with the parameter named, and nothing changes', async () => {
  const core = await loadCore();
  const network = new core.Network();
  network.step(60, true);
  network.step(64, true);
  const before = Array.from(network.save('', {}));
  assert.match(network.reset({ octaves: 0 }), /octaves/);
  assert.match(network.reset({ k_notes: 'many' }), /k_notes must be a number/);
  assert.match(network.reset({ pool_size: 1 << 20, context_orders: 16 }), /256 MiB/);
  assert.deepEqual(Array.from(network.save('', {})), before);
  network.delete();
});
