// Files and devices on the page: a .mid imported through the track picker is
// learned, a recording exported as .mid reads back natively, .hpn files save
// and open, and a (fake) Web MIDI output hears the network's notes.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hpiano, openApp, pianoState, REPO_ROOT, until, useSiteInBrowser } from './harness.mjs';

const MIDI_DIR = join(REPO_ROOT, 'tests/data/midi');
const FAST_TEMPO = 6000;

const site = useSiteInBrowser();
let dir;

// A format-0 file whose one track is named `name` and plays `notes`, a beat each.
function midiFile(name, notes) {
  const text = [...Buffer.from(name)];
  const events = [0x00, 0xff, 0x03, text.length, ...text];
  for (const note of notes) events.push(0x00, 0x90, note, 90, 0x60, 0x80, note, 0);
  events.push(0x00, 0xff, 0x2f, 0x00);
  const header = [0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60];
  const length = [events.length >>> 24, (events.length >>> 16) & 255, (events.length >>> 8) & 255, events.length & 255];
  return Buffer.from([...Buffer.from('MThd'), ...header, ...Buffer.from('MTrk'), ...length, ...events]);
}

const alertText = (page) => page.locator('#alert').textContent();

// Clicks `button` and saves the download it starts into the test's folder.
async function downloadFrom(page, button) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  const file = join(dir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hpiano-files-'));
});

test('Import MIDI: the track picker lists names as text, Teach it learns the melody; a broken file says so', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  const file = join(MIDI_DIR, 'FairWindreelThe.mid');
  const notes = hpiano('import-midi', file).trim().split('\t')[1].split(' ').map(Number);
  await page.locator('#midi-file').setInputFiles(file);
  await page.locator('#track-row').waitFor({ state: 'visible' });
  assert.match(await page.locator('#midi-file-name').textContent(), /FairWindreelThe\.mid/);
  assert.match(await page.locator('#midi-track option:checked').textContent(), new RegExp(`\\(${notes.length} notes\\)`));
  await page.locator('#epochs').fill('2');
  await page.locator('#epochs').dispatchEvent('change');
  await page.locator('#teach-midi').click();
  await until(() => page.locator('#message').textContent(), (text) => /Learned/.test(text), { what: 'the tune learned' });
  assert.equal((await pianoState(page)).learnedNotes, notes.length * 2);
  const played = await page.evaluate(
    ({ prime, tempo }) => window.hebbianPiano.play(24, { prime, tempo, temperature: 0 }),
    { prime: notes.slice(0, 4), tempo: FAST_TEMPO },
  );
  const right = played.filter((midi, i) => midi % 12 === notes[4 + i] % 12).length;
  assert.ok(right >= 22, `${right}/24 notes of the imported tune played back`);

  const hostile = join(dir, 'hostile.mid');
  writeFileSync(hostile, midiFile('<img src=x onerror="window.__owned=1">', [60, 62, 64, 65]));
  await page.locator('#midi-file').setInputFiles(hostile);
  await until(() => page.locator('#midi-track option').first().textContent(), (text) => text.includes('<img'), { what: 'the hostile name' });
  assert.equal(await page.locator('#track-row img').count(), 0, 'the track name stays text');

  const broken = join(dir, 'not-midi.mid');
  writeFileSync(broken, 'RIFF....WAVEfmt this is not a MIDI file');
  await page.locator('#midi-file').setInputFiles(broken);
  assert.match(await until(() => alertText(page), (text) => text !== ''), /not-midi\.mid cannot be taught: not a MIDI file/);
  assert.ok(await page.locator('#track-row').isHidden());
  assert.equal(await page.evaluate(() => window.__owned), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Record, then Export MIDI: the file reads back natively with what was played', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await page.evaluate((notes) => window.hebbianPiano.learn(notes), [60, 62, 64, 65, 67, 65, 64, 62]);
  await page.locator('#record-button').click();
  await page.locator('#record-button[aria-pressed="true"]').waitFor();
  for (const midi of [60, 62, 64]) {
    await page.evaluate((note) => window.hebbianPiano.press(note), midi);
    await page.waitForTimeout(300);
  }
  const played = await page.evaluate(() => window.hebbianPiano.play(4, { temperature: 0, tempo: 400 }));
  await page.locator('#record-button').click();
  assert.match(await page.locator('#record-status').textContent(), /7 notes recorded/);
  const file = await downloadFrom(page, '#export-midi');
  assert.match(file, /\.mid$/);
  const [name, line] = hpiano('import-midi', file).trim().split('\t');
  assert.ok(name.length > 0);
  assert.deepEqual(line.split(' ').map(Number), [60, 62, 64, ...played], 'the pressed notes, then the network\'s');
  assert.deepEqual(errors, []);
  await context.close();
});

test('Save .hpn downloads the network; Open .hpn opens it elsewhere, and a broken file changes nothing', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await page.evaluate((notes) => window.hebbianPiano.learn(notes, { epochs: 2 }), [62, 64, 66, 67, 69, 71, 73, 74]);
  await page.locator('#share-title').fill('Scale of D: a/b?');
  const file = await downloadFrom(page, '#save-hpn');
  assert.match(file, /Scale of D a b\.hpn$/);
  const options = { seed: 4, temperature: 0.9, prime: [62, 64] };
  const native = hpiano('generate', '--net', file, '--steps', '16', '--seed', '4', '--temperature', '0.9', '--prime', '62 64', '--untimed')
    .trim().split(' ').map(Number);
  assert.deepEqual(await page.evaluate((o) => window.hebbianPiano.play(16, o), { ...options, tempo: FAST_TEMPO }), native);
  await context.close();

  const other = await openApp(site.browser, `${site.url}/`);
  await other.page.evaluate(() => window.hebbianPiano.press(60));
  const before = await pianoState(other.page);
  const truncated = join(dir, 'truncated.hpn');
  writeFileSync(truncated, readFileSync(file).subarray(0, 1000));
  await other.page.locator('#hpn-file').setInputFiles(truncated);
  assert.match(await until(() => alertText(other.page), (text) => text !== ''), /truncated\.hpn could not be opened: .*unchanged/);
  const after = await pianoState(other.page);
  assert.equal(after.learnedNotes, before.learnedNotes);
  assert.deepEqual(after.weights, before.weights);

  await other.page.locator('#hpn-file').setInputFiles(file);
  const opened = await until(() => pianoState(other.page), (s) => s.title === 'Scale of D: a/b?', { what: 'the file opened' });
  assert.equal(opened.learnedNotes, 16);
  assert.deepEqual(await other.page.evaluate((o) => window.hebbianPiano.play(16, o), { ...options, tempo: FAST_TEMPO }), native);
  assert.deepEqual(errors, []);
  assert.deepEqual(other.errors, []);
  await other.context.close();
});

test('a Web MIDI output gets note-on and note-off for the network\'s notes, and the user\'s when asked', async () => {
  const fakeMidi = () => {
    window.__sent = [];
    const output = { id: 'out-1', name: 'Fake Synth', state: 'connected', type: 'output', send: (data, time) => window.__sent.push({ data: [...data], time }) };
    const access = new EventTarget();
    access.inputs = new Map();
    access.outputs = new Map([['out-1', output]]);
    navigator.requestMIDIAccess = async () => access;
  };
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`, { initScript: fakeMidi });
  await page.getByRole('button', { name: 'Find MIDI outputs' }).click();
  await until(() => page.locator('#midi-output option').allTextContents(), (names) => names.includes('Fake Synth'), { what: 'the output listed' });
  await page.locator('#midi-output').selectOption({ label: 'Fake Synth' });
  await page.locator('#synth-on').uncheck();
  await page.evaluate(() => window.hebbianPiano.press(60));
  const played = await page.evaluate(() => window.hebbianPiano.play(5, { tempo: 600 }));
  const sentCount = () => page.evaluate(() => window.__sent.length);
  await until(sentCount, (count) => count >= 2 * played.length, { what: 'a note-on and a note-off for each note played' });
  const sent = await page.evaluate(() => window.__sent.splice(0));
  const ons = sent.filter(({ data }) => data[0] === 0x90).map(({ data }) => data[1]);
  const offs = sent.filter(({ data }) => data[0] === 0x80).map(({ data }) => data[1]);
  assert.deepEqual(ons, played, 'a note-on for each note it played, not for the key pressed');
  assert.deepEqual(offs, played, 'and a note-off for each');
  assert.ok(sent.every(({ time }) => time > 0), 'sent with timestamps');

  await page.locator('#midi-out-mine').check();
  await page.evaluate(() => window.hebbianPiano.press(62));
  await until(sentCount, (count) => count >= 2, { what: 'the key\'s note-on and note-off' });
  const mine = await page.evaluate(() => window.__sent.splice(0).map(({ data }) => data.join(' ')));
  assert.deepEqual(mine, ['144 62 90', '128 62 0']);
  assert.equal((await pianoState(page)).firedBy, 'user');
  assert.deepEqual(errors, []);
  await context.close();
});
