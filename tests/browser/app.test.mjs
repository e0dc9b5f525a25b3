// The page (web/index.html) in headless Chromium: keys, views, modes, the
// built-in melodies, Web MIDI, window.hebbianPiano and the layout at desktop
// and phone sizes. Site directory: $HPIANO_SITE, default build-wasm/site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinMelodies, openApp, overflowing, pianoState, SITE, until, useSiteInBrowser } from './harness.mjs';

const MELODIES = builtinMelodies();
const FAST_TEMPO = 900;

const site = useSiteInBrowser(setUp);
let page;
let errors;

const openPage = (viewport, initScript) => openApp(site.browser, `${site.url}/`, { viewport, initScript });
const state = (target = page) => pianoState(target);

// Records every key that lights, as "midi:user" or "midi:network" (a tap
// lights its key only briefly, so the test watches rather than polls).
async function watchLights(target = page) {
  await target.evaluate(() => {
    window.__lit = [];
    new MutationObserver((records) => {
      for (const { target: key, oldValue } of records) {
        for (const by of ['user', 'network']) {
          const was = (oldValue ?? '').split(' ').includes(`lit-${by}`);
          if (!was && key.classList.contains(`lit-${by}`)) window.__lit.push(`${key.dataset.midi}:${by}`);
        }
      }
    }).observe(document.getElementById('keyboard'), {
      attributes: true,
      subtree: true,
      attributeFilter: ['class'],
      attributeOldValue: true,
    });
  });
}
const litKeys = (target = page) => target.evaluate(() => window.__lit.splice(0));

// Polls state() until check(state) holds; returns that state.
const untilState = (check, { target = page, what = 'state' } = {}) => until(() => state(target), check, { what });
const weightSum = (s) => s.weights.flat().reduce((sum, w) => sum + w, 0);
const pitchMatches = (played, expected) => played.filter((midi, i) => midi % 12 === expected[i] % 12).length;

// Before the tests, once the site and browser are up.
async function setUp() {
  for (const file of ['index.html', 'app.js', 'wasm/core.mjs', 'wasm/core.wasm', 'wasm/synth.wasm']) {
    assert.ok(existsSync(resolve(SITE, file)), `${file} missing from the site directory ${SITE}`);
  }
  ({ page, errors } = await openPage());
}

test('the page loads: keyboard, views and an honest empty state', async () => {
  assert.ok(await page.locator('.key.white').count() >= 14, 'at least two octaves of white keys');
  const s = await state();
  assert.equal(s.mode, 'learn');
  assert.equal(s.learnedNotes, 0);
  assert.equal(s.fired.length, 12);
  assert.equal(s.weights.length, 12);
  assert.equal(s.pools.length, s.config.context_orders + 1 + (s.config.tune_pool ?? 0));
  assert.match(await page.locator('#neuron-caption').textContent(), /play a few notes/i);
  assert.ok((await page.locator('.melody').count()) === MELODIES.length, 'every built-in melody listed');
  assert.ok(await page.getByText('Ceol Rince na hEireann, via polifonia-project').isVisible());
});

test('a mouse click on a key sounds it, lights it, fires its neuron and changes the weights', async () => {
  const before = await state();
  await watchLights();
  await page.locator('.key[data-midi="62"]').click();
  assert.ok((await litKeys()).includes('62:user'), 'D4 lit as the user\'s');
  const first = await state();
  assert.equal(first.fired.indexOf(1), 2, 'D fired');
  assert.equal(first.firedBy, 'user');
  assert.notDeepEqual(first.prediction, before.prediction, 'the prediction moved');
  await page.locator('.key[data-midi="64"]').click();
  const second = await state();
  assert.equal(second.fired.indexOf(1), 4, 'E fired');
  assert.notDeepEqual(second.activations, first.activations, 'the activation view changed');
  assert.ok(weightSum(second) > weightSum(before), 'first-order weights learned');
  assert.ok(second.weights[2][4] > 0, 'D -> E strengthened');
  assert.equal(second.learnedNotes, 2);
  await page.waitForFunction(() => performance.getEntriesByName('hpiano:first-sound').length > 0, null, { timeout: 5000 });
});

test('the computer keyboard plays (A W S ... ), and Z / X move the octave', async () => {
  await litKeys();
  await page.keyboard.press('f');
  let s = await state();
  assert.equal(s.fired.indexOf(1), 5, 'F fired from the F key');
  await page.keyboard.press('w');
  assert.equal((await state()).fired.indexOf(1), 1, 'C# fired from the W key');
  await page.keyboard.press('x');
  await page.keyboard.press('a');
  await page.keyboard.press('z');
  assert.deepEqual(await litKeys(), ['65:user', '61:user', '72:user'], 'F4, C#4, then C5 after X');
  s = await state();
  assert.equal(s.raster.at(-1).by, 'user');
  assert.deepEqual(s.raster.at(-1).fired, [0]);
});

test('Step plays one note of its own and shows it as the network\'s', async () => {
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const s = await untilState((now) => now.firedBy === 'network', { what: 'a network step' });
  const lit = await litKeys();
  assert.equal(lit.length, 1, `one key lit: ${lit}`);
  const [midi, by] = lit[0].split(':');
  assert.equal(by, 'network');
  assert.equal(Number(midi) % 12, s.fired.indexOf(1), 'the lit key is the neuron that fired');
  assert.equal(s.raster.at(-1).by, 'network');
  assert.equal(s.fired.filter(Boolean).length, 1);
});

test('a melody taught with its button is played back from its first four notes', async () => {
  const { name, notes } = MELODIES[1];
  const row = page.locator('.melody', { hasText: 'Brothers Pipes' });
  assert.ok(name.includes('BrothersPipes'));
  await row.getByRole('button', { name: /^Teach/ }).click();
  await page.waitForFunction(() => document.querySelector('.melody.taught'));
  assert.match(await row.textContent(), /learned/);
  await page.locator('#param-tempo').fill('300');
  await row.getByRole('button', { name: /^Play back/ }).click();
  const heard = await untilState((now) => now.raster.slice(-6).every((step) => step.by === 'network'), { what: 'six notes played back' });
  await page.locator('#stop-button').click();
  assert.equal(heard.temperature, 0, 'Play back recalls at temperature 0');
  const recalled = heard.raster.slice(-7);
  assert.equal(recalled[0].by, 'user', 'it heard the first note');
  assert.deepEqual(recalled.map((step) => step.fired[0]), notes.slice(0, 7).map((midi) => midi % 12), 'Play back recalls the tune');
  const played = await page.evaluate(
    ({ prime, tempo }) => window.hebbianPiano.play(24, { prime, tempo, temperature: 0 }),
    { prime: notes.slice(0, 4), tempo: FAST_TEMPO },
  );
  assert.equal(played.length, 24);
  const right = pitchMatches(played, notes.slice(4, 28));
  assert.ok(right >= 22, `${right}/24 notes right after teaching through the button`);
  const s = await state();
  assert.equal(s.raster.at(-1).by, 'network');
});

test('learn() through the API, then play() plays the melody back', async () => {
  const { notes } = MELODIES[3];
  const learned = await page.evaluate((tune) => window.hebbianPiano.learn(tune, { epochs: 2 }), notes);
  assert.equal(learned, notes.length * 2);
  const played = await page.evaluate(
    ({ prime, tempo }) => window.hebbianPiano.play(24, { prime, tempo, seed: 5, temperature: 0 }),
    { prime: notes.slice(0, 4), tempo: FAST_TEMPO },
  );
  const right = pitchMatches(played, notes.slice(4, 28));
  assert.ok(right >= 22, `${right}/24 notes right after learn()`);
  const predicted = await page.evaluate(() => window.hebbianPiano.predict());
  assert.equal(predicted.length, 12);
  assert.ok(Math.abs(predicted.reduce((a, b) => a + b, 0) - 1) < 1e-6);
});

test('Duet: after a phrase and a short silence the network answers', async () => {
  await page.getByRole('button', { name: 'Duet' }).click();
  await page.evaluate(async () => {
    for (const note of [60, 62, 64, 65]) await window.hebbianPiano.press(note);
  });
  assert.equal((await state()).raster.at(-1).by, 'user');
  assert.match(await page.locator('#mode-status').textContent(), /Listening/);
  await untilState((now) => now.raster.at(-1).by === 'network', { what: 'the answer' });
  assert.match(await page.locator('#mode-status').textContent(), /Answering|Your turn/);
  await page.waitForFunction(() => document.getElementById('mode-status').textContent === 'Your turn.', null, { timeout: 8000 });
  const answer = (await state()).raster.slice(-4);
  assert.ok(answer.every((step) => step.by === 'network'), 'it answered about as many notes as the phrase');
  await page.getByRole('button', { name: 'Learn' }).click();
});

test('Play mode plays on its own until Stop', async () => {
  await page.locator('#param-tempo').fill('300');
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  assert.equal((await state()).mode, 'play');
  assert.ok(await page.locator('#stop-button').isEnabled());
  await untilState((now) => now.raster.slice(-3).every((step) => step.by === 'network'), { what: 'three notes of its own' });
  await page.locator('#stop-button').click();
  assert.ok(await page.locator('#stop-button').isDisabled());
  const stopped = (await state()).raster.length;
  await page.waitForTimeout(300);
  assert.equal((await state()).raster.length, stopped, 'nothing more after Stop');
  await page.getByRole('button', { name: 'Learn' }).click();
});

test('Learn pressed while Play is still starting the sound stops it before its first note', async () => {
  // A fresh page: its sound starts on this first gesture, which takes a while.
  const fresh = await openPage();
  await fresh.page.locator('#param-tempo').fill('300');
  await fresh.page.evaluate(() => new Promise((done) => {
    document.querySelector('[data-mode="play"]').click();
    setTimeout(() => {
      document.querySelector('[data-mode="learn"]').click();
      done();
    }, 0);
  }));
  await fresh.page.waitForTimeout(1500);  // at 300 bpm, seven notes would have played by now
  const after = await state(fresh.page);
  assert.equal(after.mode, 'learn');
  assert.deepEqual(after.raster.filter((step) => step.by === 'network'), [], 'no note of its own');
  assert.ok(await fresh.page.locator('#stop-button').isDisabled());
  assert.deepEqual(fresh.errors, []);
  await fresh.page.context().close();
});

test('a fake Web MIDI keyboard, even one plugged in later, plays keys', async () => {
  const fakeMidi = () => {
    class FakeInput extends EventTarget {
      constructor(id, name) {
        super();
        Object.assign(this, { id, name, state: 'connected', type: 'input' });
      }
      send(bytes) {
        const event = new Event('midimessage');
        event.data = new Uint8Array(bytes);
        this.dispatchEvent(event);
      }
    }
    const access = new EventTarget();
    access.inputs = new Map([['a', new FakeInput('a', 'Fake Keys')]]);
    access.outputs = new Map();
    window.__midi = {
      send: (id, bytes) => access.inputs.get(id).send(bytes),
      plug(id, name) {
        access.inputs.set(id, new FakeInput(id, name));
        access.dispatchEvent(new Event('statechange'));
      },
    };
    navigator.requestMIDIAccess = async () => access;
  };
  const { page: midiPage, errors: midiErrors } = await openPage(undefined, fakeMidi);
  await midiPage.waitForFunction(() => document.getElementById('midi-status').textContent.includes('Fake Keys'));
  await midiPage.evaluate(() => window.__midi.send('a', [0x90, 69, 100]));
  assert.ok(await midiPage.locator('.key[data-midi="69"]').evaluate((key) => key.classList.contains('lit-user')));
  let s = await state(midiPage);
  assert.equal(s.fired.indexOf(1), 9, 'A fired from MIDI note-on');
  await midiPage.evaluate(() => window.__midi.send('a', [0x80, 69, 0]));
  await midiPage.evaluate(() => window.__midi.plug('b', 'Later Keys'));
  await midiPage.waitForFunction(() => document.getElementById('midi-status').textContent.includes('Later Keys'));
  await midiPage.evaluate(() => window.__midi.send('b', [0x91, 71, 80]));
  s = await state(midiPage);
  assert.equal(s.fired.indexOf(1), 11, 'B fired from the device plugged in later');
  assert.equal(s.learnedNotes, 2);
  assert.deepEqual(midiErrors, []);
  await midiPage.context().close();
});

test('reset() with a bad config shows the message and keeps the network', async () => {
  const before = await state();
  assert.ok(before.learnedNotes > 0);
  const error = await page.evaluate(() => window.hebbianPiano.reset({ pool_size: 3 }).then(() => '', (e) => e.message));
  assert.match(error, /pool_size/);
  assert.ok(await page.locator('#alert').isVisible());
  assert.match(await page.locator('#alert').textContent(), /pool_size/);
  const after = await state();
  assert.equal(after.learnedNotes, before.learnedNotes);
  assert.deepEqual(after.weights, before.weights);
  assert.equal(await page.evaluate(() => window.hebbianPiano.reset({ context_orders: 4, slow_orders: 2 })), '');
  const fresh = await state();
  assert.equal(fresh.learnedNotes, 0);
  assert.equal(fresh.config.context_orders, 4);
  assert.equal(fresh.pools.length, 5 + (fresh.config.tune_pool ?? 0));
  assert.equal(weightSum(fresh), 0);
});

test('Reset asks before discarding a trained network', async () => {
  await page.evaluate(() => window.hebbianPiano.press(60));
  await page.evaluate(() => window.hebbianPiano.press(67));
  await page.locator('#reset-button').click();
  const dialog = page.locator('#reset-dialog');
  assert.ok(await dialog.isVisible());
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  assert.equal((await state()).learnedNotes, 2);
  await page.locator('#reset-button').click();
  await dialog.getByRole('button', { name: 'Forget and reset' }).click();
  await untilState((now) => now.learnedNotes === 0, { what: 'the reset' });
  assert.ok(await dialog.isHidden());
});

for (const [width, height, name] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
  test(`layout at ${width}x${height}: nothing overflows, screenshot`, async () => {
    const { page: sized, errors: sizedErrors } = await openPage({ width, height });
    for (const midi of [62, 64, 66, 67, 69, 67, 66, 64]) await sized.evaluate((note) => window.hebbianPiano.press(note), midi);
    await sized.waitForTimeout(300);
    assert.deepEqual(await overflowing(sized), []);
    await sized.locator('details.advanced summary').click();
    assert.deepEqual(await overflowing(sized), [], 'with the advanced panel open');
    await sized.locator('details.advanced summary').click();
    await sized.evaluate(() => window.scrollTo(0, 0));
    await sized.screenshot({ path: `/tmp/hebbian-piano-${name}.png` });
    await sized.screenshot({ path: `/tmp/hebbian-piano-${name}-full.png`, fullPage: true });
    assert.deepEqual(sizedErrors, []);
    await sized.context().close();
  });
}

test('time from navigation to the first sound of a key press', async (t) => {
  const { page: fresh } = await openPage();
  const pressAt = await fresh.evaluate(() => performance.now());
  await fresh.locator('.key[data-midi="60"]').click();
  await fresh.waitForFunction(() => performance.getEntriesByName('hpiano:first-sound').length > 0);
  const soundAt = await fresh.evaluate(() => performance.getEntriesByName('hpiano:first-sound')[0].startTime);
  t.diagnostic(`ready and pressed at ${pressAt.toFixed(0)} ms, first noteOn at ${soundAt.toFixed(0)} ms (${(soundAt - pressAt).toFixed(0)} ms after the press)`);
  assert.ok(soundAt > pressAt);
  await fresh.context().close();
});

test('no console errors on the main page', () => {
  assert.deepEqual(errors, []);
});
