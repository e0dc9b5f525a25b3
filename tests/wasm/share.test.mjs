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
  const opened = core.openShared(inflateRawSync(found.bytes));
  assert.equal(opened.error, '');
  assert.equal(opened.title, 'All 24');
  const { network } = opened;
  const { error, network: native } = core.load(readFileSync(file));
  assert.equal(error, '');
  assert.deepEqual(Array.from(network.prediction()), Array.from(native.prediction()));
  assert.deepEqual(Buffer.from(network.save('All 24', {})), Buffer.from(native.save('All 24', {})));
  network.delete();
  native.delete();
});

// Issue 12's budget: the page's whole wasm heap after opening a link of all
// 24 built-in tunes at the defaults (a 32 MiB network) is at most 40 MiB. The
// heap grows to what is asked (wasm/core.cmake): grown 20% at a time it was 41.6.
test('opening a link of the 24 built-in tunes takes at most 40 MiB of wasm heap', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-share-'));
  const file = path.join(dir, 'all.hpn');
  hpiano('train', '--corpus', corpusFile, '--out', file);
  const link = hpiano('share', '--net', file).trim();
  const core = await loadCore();
  const opened = core.openShared(inflateRawSync(core.compressedFromLink(link).bytes));
  assert.equal(opened.error, '');
  assert.ok(opened.network.learnedNotes() > 3000);
  const heapMiB = core.HEAP8.buffer.byteLength / (1 << 20);
  assert.ok(heapMiB <= 40, `wasm heap ${heapMiB.toFixed(2)} MiB`);
  opened.network.delete();
});

test('a damaged link or file is refused with a message, and no network is made', async () => {
  const core = await loadCore();
  const network = new core.Network();
  for (const note of [62, 64, 66, 67]) network.step(note, true);
  const payload = Buffer.from(network.sharePayload('', {}));
  const file = Buffer.from(network.save('', {}));
  network.delete();
  const flip = (bytes) => {
    const flipped = Buffer.from(bytes);
    flipped[6] ^= 1;
    return flipped;
  };
  // Opened in a fresh module, whose heap holds no network yet: a default
  // network made first (as the page did) would grow it by tens of MiB.
  const fresh = await loadCore();
  const heap = fresh.HEAP8.length;
  for (const bad of [payload.subarray(0, payload.length - 3), flip(payload), Buffer.from('not a network')]) {
    const opened = fresh.openShared(bad);
    assert.notEqual(opened.error, '');
    assert.equal(opened.network, undefined);
  }
  for (const bad of [file.subarray(0, file.length - 3), flip(file), new Uint8Array([1, 2, 3])]) {
    const opened = fresh.load(bad);
    assert.notEqual(opened.error, '');
    assert.equal(opened.network, undefined);
  }
  assert.match(fresh.load(new Uint8Array([1, 2, 3])).error, /not a Hebbian Piano/);
  assert.equal(fresh.HEAP8.length, heap, 'no memory was taken');
  assert.match(core.compressedFromLink('https://example.org/#net=ab$cd').error, /base64url/);
});

test('replay: a history tail replayed onto the saved network gives the network that went on (the page\'s journal)', async () => {
  const core = await loadCore();
  const network = new core.Network();
  for (const note of [60, 62, 64, 65]) network.step(note, true);
  const saved = network.save('', {});
  const base = network.history().length;
  assert.equal(network.adjust({ temperature: 0.5 }), '');
  network.step(67, false);
  network.step(-1, true);
  network.newTune();
  for (const note of [60, 64, 67]) network.step(note, true);
  const tail = network.history().slice(base);

  const { error, network: opened } = core.load(saved);
  assert.equal(error, '');
  assert.equal(opened.replay(tail), '');
  assert.deepEqual(Buffer.from(opened.save('', {})), Buffer.from(network.save('', {})));
  assert.match(opened.replay(new Uint8Array([0x86, 250])), /history byte \d+: bad parameter change/);
  network.delete();
  opened.delete();
});
