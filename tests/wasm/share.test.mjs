// Links made by the native hpiano open in the wasm core and the other way
// round, to the identical network; damaged links change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCore, hpiano, readCorpus, root } from './core-module.mjs';

const corpusFile = path.join(root, 'web/melodies/builtin.txt');

test('a link made in wasm opens natively to the identical network', async () => {
  const core = await loadCore();
  const network = new core.Network();
  assert.equal(network.reset({ theta_rate: 0.1 }), '');
  const [tune] = await readCorpus(corpusFile);
  for (const note of tune.notes) network.step(note, true);
  const payload = network.sharePayload('Achonry <b>Lasses</b>', { mode: 'duet', tempo: 110 });
  const fragment = core.shareFragment(deflateRawSync(payload));
  assert.ok(fragment.startsWith('net='));
  assert.ok(fragment.length < 2000, `link of ${fragment.length} characters`);

  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-share-'));
  const file = path.join(dir, 'opened.hpn');
  hpiano('unshare', '--link', `http://localhost/#${fragment}`, '--out', file);
  assert.deepEqual(Buffer.from(network.save('Achonry <b>Lasses</b>', { mode: 'duet', tempo: '110' })), readFileSync(file));
  network.delete();
});

test('a link made natively opens in wasm with the same predictions', async () => {
  const core = await loadCore();
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-share-'));
  const file = path.join(dir, 'n.hpn');
  hpiano('train', '--corpus', corpusFile, '--out', file, '--set', 'pool_size=1024');
  const fragment = hpiano('share', '--net', file, '--title', 'All 24').trim();
  const found = core.compressedFromLink(`https://example.org/piano/#${fragment}`);
  assert.equal(found.error, '');
  const network = new core.Network();
  const opened = network.openShared(inflateRawSync(found.bytes));
  assert.equal(opened.error, '');
  assert.equal(opened.title, 'All 24');
  const native = new core.Network();
  assert.equal(native.load(readFileSync(file)).error, '');
  assert.deepEqual(Array.from(network.prediction()), Array.from(native.prediction()));
  assert.deepEqual(Buffer.from(network.save('All 24', {})), Buffer.from(native.save('All 24', {})));
  network.delete();
  native.delete();
});

test('a damaged link is refused and the current network stays', async () => {
  const core = await loadCore();
  const network = new core.Network();
  for (const note of [62, 64, 66, 67]) network.step(note, true);
  const before = Buffer.from(network.save('', {}));
  const payload = Buffer.from(network.sharePayload('', {}));
  const flipped = Buffer.from(payload);
  flipped[6] ^= 1;
  for (const bad of [payload.subarray(0, payload.length - 3), flipped, Buffer.from('not a network')]) {
    const opened = network.openShared(bad);
    assert.notEqual(opened.error, '');
  }
  assert.deepEqual(Buffer.from(network.save('', {})), before);
  assert.match(core.compressedFromLink('https://example.org/#net=ab$cd').error, /base64url/);
  network.delete();
});
