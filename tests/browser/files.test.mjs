// Files and devices on the page: a .mid imported through the track picker is
// learned in its rhythm, a recording exported as .mid reads back natively in
// the rhythm played, .hpn files save and open, a (fake) Web MIDI output hears
// the network's notes at the times they sound, and the real Web MIDI API of
// this machine is answered in words.
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

// Beats of each rhythm class (core/rhythm.h) and their IOI texts in a corpus line.
const CLASS_BEATS = [1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1, 3 / 2, 2, 3, 4, 6];
const CLASS_IOIS = ['1/6', '1/4', '1/3', '1/2', '2/3', '3/4', '1', '3/2', '2', '3', '4', '6'];

// import-midi's line of a file: its name and [{midi, ioi}] (IOI text, beats).
function importedLine(file) {
  const [name, tokens] = hpiano('import-midi', file).trim().split('\t');
  return { name, notes: tokens.split(' ').map((token) => ({ midi: Number(token.split(':')[0]), ioi: token.split(':')[1] })) };
}

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

// The MIDI and keep-and-share panels arrive after ready (web/later.js): held
// back here until the user has picked a MIDI file and pressed Save .hpn, both
// are done once their modules arrive, and the page fetched neither before ready.
test('a file picked and a button pressed in a panel not yet arrived are done once it arrives', async () => {
  /** @type {() => void} */
  let release = () => {};
  const arrived = new Promise((resolve) => (release = resolve));
  const asked = [];
  const holdBack = async (route) => {
    asked.push(new URL(route.request().url()).pathname);
    await arrived;
    await route.continue();
  };
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`, {
    routes: [['**/midi/midi-panel.js', holdBack], ['**/panels/share-panel.js', holdBack]],
  });
  const fetchedAtReady = await page.evaluate(() => {
    const [ready] = performance.getEntriesByName('hpiano:network-ready');
    return performance.getEntriesByType('resource').filter((entry) => entry.startTime < ready.startTime)
      .map((entry) => new URL(entry.name).pathname);
  });
  assert.ok(!fetchedAtReady.some((file) => /midi-panel|share-panel|synth\.wasm/.test(file)), fetchedAtReady.join(' '));
  await page.locator('#midi-file').setInputFiles(join(MIDI_DIR, 'RamblerThe.mid'));
  const download = page.waitForEvent('download');
  await page.locator('#save-hpn').click();
  await until(() => asked.length, (count) => count === 2, { what: 'both panels asked for' });
  assert.ok(await page.locator('#track-row').isHidden(), 'not shown before the panel arrived');
  release();
  await page.locator('#track-row').waitFor({ state: 'visible' });
  assert.match(await page.locator('#midi-file-name').textContent(), /RamblerThe\.mid/);
  assert.match((await download).suggestedFilename(), /\.hpn$/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Import MIDI: the track picker lists names as text, Teach it learns the melody in its rhythm; a broken file says so', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  // A reel whose grace notes (1/48 and 23/48 beat) are no rhythm class.
  const file = join(MIDI_DIR, 'RamblerThe.mid');
  const notes = importedLine(file).notes.map(({ midi }) => midi);
  await page.locator('#midi-file').setInputFiles(file);
  await page.locator('#track-row').waitFor({ state: 'visible' });
  assert.match(await page.locator('#midi-file-name').textContent(), /RamblerThe\.mid/);
  assert.match(await page.locator('#midi-track option:checked').textContent(), new RegExp(`\\(${notes.length} notes\\)`));
  await page.locator('#epochs').fill('2');
  await page.locator('#epochs').dispatchEvent('change');
  await page.locator('#teach-midi').click();
  const learned = await until(() => page.locator('#message').textContent(), (text) => /Learned/.test(text), { what: 'the tune learned' });
  assert.match(learned, new RegExp(`in its rhythm, 2× \\(${notes.length * 2} notes\\)\\. 8 of its ${notes.length} notes last no rhythm class exactly`));
  assert.equal((await pianoState(page)).learnedNotes, notes.length * 2);
  // What it learned is what hpiano train learns of the file, rhythm and all:
  // the page's network saved, and a native one, predict the file alike.
  const saved = await downloadFrom(page, '#save-hpn');
  const native = join(dir, 'rambler-native.hpn');
  hpiano('train', '--corpus', file, '--epochs', '2', '--out', native);
  const predicted = hpiano('predict', '--net', saved, '--corpus', file);
  assert.equal(predicted, hpiano('predict', '--net', native, '--corpus', file));
  const rhythmTop1 = Number(predicted.match(/rhythm_top1=([\d.]+)/)[1]);
  assert.ok(rhythmTop1 > 0.9, `rhythm_top1=${rhythmTop1}: it learned the file's rhythm`);
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

  // Files that are not MIDI, cut short, or of impossible timing: said, and nothing learned.
  const learnedBefore = (await pianoState(page)).learnedNotes;
  const rambler = readFileSync(file);
  const smpteWithoutTicks = Buffer.from(midiFile('x', [60, 62]));
  smpteWithoutTicks.writeUInt16BE(0xe700, 12);
  const bad = [
    ['not-midi.mid', Buffer.from('RIFF....WAVEfmt this is not a MIDI file'), /not a MIDI file/],
    ['cut.mid', rambler.subarray(0, rambler.length - 100), /track 0 is truncated at byte/],
    ['frames.mid', smpteWithoutTicks, /0 ticks per SMPTE frame/],
  ];
  for (const [name, bytes, reason] of bad) {
    const broken = join(dir, name);
    writeFileSync(broken, bytes);
    await page.locator('#alert').evaluate((alert) => (alert.textContent = ''));
    await page.locator('#midi-file').setInputFiles(broken);
    const said = await until(() => alertText(page), (text) => text !== '', { what: `${name} refused` });
    assert.match(said, new RegExp(`${name.replace('.', '\\.')} cannot be taught: .*${reason.source}`));
    assert.ok(await page.locator('#track-row').isHidden());
  }
  assert.equal((await pianoState(page)).learnedNotes, learnedBefore);
  assert.equal(await page.evaluate(() => window.__owned), undefined);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Record, then Export MIDI: the file reads back natively with what was played, in the rhythm played', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await page.evaluate((notes) => window.hebbianPiano.learn(notes), [60, 62, 64, 65, 67, 65, 64, 62]);
  await page.locator('#record-button').click();
  await page.locator('#record-button[aria-pressed="true"]').waitFor();
  for (const midi of [60, 62, 64]) {
    await page.evaluate((note) => window.hebbianPiano.press(note), midi);
    await page.waitForTimeout(300);
  }
  // At the page's tempo, which the export writes.
  await page.locator('#param-tempo').fill('300');
  const { notes: played, rhythms } = await page.evaluate(() => window.hebbianPiano.play(4, { temperature: 0, timed: true }));
  await page.locator('#record-button').click();
  assert.match(await page.locator('#record-status').textContent(), /7 notes recorded/);
  const file = await downloadFrom(page, '#export-midi');
  assert.match(file, /\.mid$/);
  const { name, notes } = importedLine(file);
  assert.ok(name.length > 0);
  assert.deepEqual(notes.map(({ midi }) => midi), [60, 62, 64, ...played], 'the pressed notes, then the network\'s');
  // The network's notes come at the IOIs it chose, exactly (the recorder's
  // seconds, at the page's tempo, back to beats).
  assert.deepEqual(notes.slice(3, -1).map(({ ioi }) => ioi), rhythms.slice(0, -1).map((rhythm) => CLASS_IOIS[rhythm]));
  assert.deepEqual(errors, []);
  await context.close();
});

test('Save .hpn downloads the network; Open .hpn opens it elsewhere, and a broken file changes nothing', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  // A dotted tune: rhythm classes 3/4, 1/4, 1/2, 1/2, ...
  const tune = { notes: [62, 64, 66, 67, 69, 71, 73, 74], rhythms: [5, 1, 3, 3, 5, 1, 3, 8] };
  await page.evaluate((taught) => window.hebbianPiano.learn(taught, { epochs: 2 }), tune);
  await page.locator('#share-title').fill('Scale of D: a/b?');
  const file = await downloadFrom(page, '#save-hpn');
  assert.match(file, /Scale of D a b\.hpn$/);
  // What it plays, keys and rhythm, is what hpiano generate prints (MIDI:IOI).
  const options = { seed: 4, temperature: 0.9, prime: { notes: [62, 64], rhythms: [5, 1] }, timed: true };
  const tokens = hpiano('generate', '--net', file, '--steps', '16', '--seed', '4', '--temperature', '0.9', '--prime', '62:3/4 64:1/4')
    .trim().split(' ').map((token) => token.split(':'));
  const native = { notes: tokens.map(([midi]) => Number(midi)), rhythms: tokens.map(([, ioi]) => CLASS_IOIS.indexOf(ioi)) };
  assert.ok(native.rhythms.every((rhythm) => rhythm >= 0) && new Set(native.rhythms).size > 1, native.rhythms.join(' '));
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
    const output = { id: 'out-1', name: 'Fake Synth', state: 'connected', type: 'output', send: (data, time) => window.__sent.push({ data: [...data], time, sentAt: performance.now() }) };
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
  const { notes: played, rhythms } = await page.evaluate(() => window.hebbianPiano.play(8, { tempo: 600, timed: true }));
  const sentCount = () => page.evaluate(() => window.__sent.length);
  await until(sentCount, (count) => count >= 2 * played.length, { what: 'a note-on and a note-off for each note played' });
  const sent = await page.evaluate(() => window.__sent.splice(0));
  const ons = sent.filter(({ data }) => data[0] === 0x90).map(({ data }) => data[1]);
  const offs = sent.filter(({ data }) => data[0] === 0x80).map(({ data }) => data[1]);
  assert.deepEqual(ons, played, 'a note-on for each note it played, not for the key pressed');
  assert.deepEqual(offs, played, 'and a note-off for each');
  assert.ok(sent.every(({ time }) => time > 0), 'sent with timestamps');
  // Timestamped the IOIs it chose apart (tempo 600: 100 ms a beat), as the
  // synth plays them: the audio clock mapped by the output's timestamp, not
  // read beside performance.now() (which was off by up to a render block, 3-7 ms here).
  // A note the player could only schedule once its time had come (a main
  // thread held up past the player's lookahead, as on a loaded machine) goes at
  // once, as the synth then plays it: the gaps are checked between notes sent ahead.
  const noteOns = sent.filter(({ data }) => data[0] === 0x90);
  const ahead = noteOns.map(({ time, sentAt }) => time > sentAt + 0.5);
  const checked = noteOns.slice(1).flatMap(({ time }, i) =>
    (ahead[i] && ahead[i + 1] ? [{ gap: time - noteOns[i].time, expected: 100 * CLASS_BEATS[rhythms[i]] }] : []));
  assert.ok(checked.length > 0, 'some notes were sent ahead of their time');
  assert.ok(checked.every(({ gap, expected }) => Math.abs(gap - expected) < 1),
    `note-ons ${checked.map(({ gap }) => gap.toFixed(2)).join(', ')} ms apart for ${checked.map(({ expected }) => expected.toFixed(2)).join(', ')}`);
  assert.ok(noteOns.every(({ time, sentAt }, i) => ahead[i] || Math.abs(time - sentAt) < 0.5), 'the others at once');

  await page.locator('#midi-out-mine').check();
  await page.evaluate(() => window.hebbianPiano.press(62));
  await until(sentCount, (count) => count >= 2, { what: 'the key\'s note-on and note-off' });
  const mine = await page.evaluate(() => window.__sent.splice(0).map(({ data }) => data.join(' ')));
  assert.deepEqual(mine, ['144 62 90', '128 62 0']);
  assert.equal((await pianoState(page)).firedBy, 'user');
  assert.deepEqual(errors, []);
  await context.close();
});

// The real Web MIDI API, allowed: on a machine with MIDI ports the outputs are
// listed; on one without (a container has no ALSA: Chromium refuses with
// "Platform dependent initialization failed") the page says the browser's
// reason, the select stays disabled, and the piano plays on.
test('the real Web MIDI API: its outputs listed, or its reason for refusing said', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  await context.grantPermissions(['midi', 'midi-sysex']);
  const real = await page.evaluate(() => navigator.requestMIDIAccess().then(
    (access) => ({ outputs: [...access.outputs.values()].map((port) => port.name), error: '' }),
    (error) => ({ outputs: [], error: String(error.message) }),
  ));
  await page.getByRole('button', { name: 'Find MIDI outputs' }).click();
  if (real.error) {
    const status = await until(() => page.locator('#midi-status').textContent(), (text) => text.includes(real.error.replace(/\.$/, '')), { what: 'the reason said' });
    assert.match(status, /(could not open|did not allow) MIDI/);
    assert.ok(await page.locator('#midi-output').isDisabled());
  } else {
    const names = await until(() => page.locator('#midi-output option').allTextContents(), (options) => options.length > real.outputs.length, { what: 'the outputs listed' });
    for (const name of real.outputs) assert.ok(names.includes(name), name);
  }
  assert.equal((await page.evaluate(() => window.hebbianPiano.play(3, { tempo: 6000 }))).length, 3);
  assert.deepEqual(errors, []);
  await context.close();
});
