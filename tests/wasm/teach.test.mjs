// Teaching is one definition in the core (core/evaluation.h): the page's way
// (each hearing begun by network.beginHearing, then the notes step by step, as
// web/piano.js teaches), network.teach, and `hpiano train --epochs` build the
// same network, byte for byte. And a seed from the page is checked, not cast.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadCore, hpiano, readCorpus, root } from './core-module.mjs';

const EPOCHS = 3;

// The .hpn bytes of `hpiano train --epochs EPOCHS` on a corpus of one line.
function trainedNatively(corpusLine) {
  const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-teach-'));
  const corpus = path.join(dir, 'one.txt');
  writeFileSync(corpus, `${corpusLine}\n`);
  const nativeFile = path.join(dir, 'native.hpn');
  hpiano('train', '--corpus', corpus, '--out', nativeFile, '--epochs', String(EPOCHS));
  return readFileSync(nativeFile);
}

test('the page teaching a tune 3 times, network.teach and hpiano train --epochs 3 give identical files', async () => {
  const core = await loadCore();
  const [tune] = await readCorpus(path.join(root, 'web/melodies/builtin.txt'));
  const native = trainedNatively(`${tune.name}\t${tune.notes.join(' ')}`);

  const page = new core.Network();
  for (let hearing = 0; hearing < EPOCHS; hearing++) {
    page.beginHearing(hearing);
    for (const note of tune.notes) page.step(note, true);
  }
  assert.deepEqual(Buffer.from(page.save('', {})), native);

  const taught = new core.Network();
  assert.equal(taught.teach(tune.notes, EPOCHS), tune.notes.length * EPOCHS);
  assert.deepEqual(Buffer.from(taught.save('', {})), native);
  page.delete();
  taught.delete();
});

// The rhythm class of an IOI "n" or "n/d" beats: the nearest of the twelve on a log scale (core/rhythm.h).
const CLASS_BEATS = [1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1, 3 / 2, 2, 3, 4, 6];
function rhythmClass(ioi) {
  const [numerator, denominator = '1'] = ioi.split('/');
  const beats = Number(numerator) / Number(denominator);
  const distance = (c) => Math.abs(Math.log(beats) - Math.log(CLASS_BEATS[c]));
  return CLASS_BEATS.reduce((best, _, c) => (distance(c) < distance(best) ? c : best), 0);
}

test('a timed tune taught by the page (stepTimed), network.teachTimed and hpiano train give identical files', async () => {
  const core = await loadCore();
  const line = readFileSync(path.join(root, 'tests/core/fixtures/builtin_timed.txt'), 'utf8').split('\n')[0];
  const tokens = line.split('\t')[1].trim().split(' ');
  const notes = tokens.map((token) => Number(token.split(':')[0]));
  const rhythms = tokens.map((token) => rhythmClass(token.split(':')[1]));
  const native = trainedNatively(line);

  const page = new core.Network();
  for (let hearing = 0; hearing < EPOCHS; hearing++) {
    page.beginHearing(hearing);
    notes.forEach((note, i) => page.stepTimed(note, i === 0 ? -1 : rhythms[i - 1], true));
  }
  assert.deepEqual(Buffer.from(page.save('', {})), native);
  const taught = new core.Network();
  assert.equal(taught.teachTimed(notes, rhythms, EPOCHS), notes.length * EPOCHS);
  assert.deepEqual(Buffer.from(taught.save('', {})), native);
  // It learned the rhythm: the classes differ from one beat each.
  const untimed = new core.Network();
  untimed.teach(notes, EPOCHS);
  assert.notDeepEqual(Array.from(untimed.rhythmPrediction()), Array.from(taught.rhythmPrediction()));
  for (const network of [page, taught, untimed]) network.delete();
});

test('reseed refuses a seed that is not a whole number from 0 to 2^53 - 1 and records nothing', async () => {
  const core = await loadCore();
  const network = new core.Network();
  network.step(60, true);
  const history = Array.from(network.history());
  for (const bad of [-1, NaN, 0.5, 2 ** 53, Infinity]) {
    assert.match(network.reseed(bad), /seed must be a whole number from 0 to 9007199254740991/, String(bad));
    assert.deepEqual(Array.from(network.history()), history, String(bad));
  }
  assert.equal(network.reseed(2 ** 53 - 1), '');
  assert.equal(network.history().length, history.length + 9);  // the event code and an 8-byte varint
  network.delete();
});
