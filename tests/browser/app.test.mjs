// The page (web/index.html) in headless Chromium: keys, views, modes, the
// built-in melodies, Web MIDI, window.hebbianPiano, the settings and the layout
// at desktop and phone sizes. Every test opens its own page in a context of its
// own (its own IndexedDB) and sets up what it needs, so none depends on
// another's notes, mode or settings, and each runs alone (--test-name-pattern).
// Site directory: $HPIANO_SITE, default build-wasm/site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  builtinMelodies, openApp, overflowing, pianoState, savedRecord, shareLink, SITE, until, useSiteInBrowser,
} from './harness.mjs';

const MELODIES = builtinMelodies();
const FAST_TEMPO = 900;

const site = useSiteInBrowser(() => {
  for (const file of ['index.html', 'app.js', 'wasm/core.mjs', 'wasm/core.wasm', 'wasm/synth.wasm']) {
    assert.ok(existsSync(resolve(SITE, file)), `${file} missing from the site directory ${SITE}`);
  }
});

// A test on a fresh page: body({page, errors, context}, t); the page shows no
// console error by its end.
function pageTest(name, body, { viewport, initScript } = {}) {
  test(name, async (t) => {
    const opened = await openApp(site.browser, `${site.url}/`, { viewport, initScript });
    try {
      await body(opened, t);
      assert.deepEqual(opened.errors, [], 'no console errors');
    } finally {
      await opened.context.close();
    }
  });
}

const state = pianoState;
const press = (page, notes) => page.evaluate(async (midis) => {
  for (const midi of midis) await window.hebbianPiano.press(midi);
}, notes);

// Records every key that lights, as "midi:user" or "midi:network" (a tap
// lights its key only briefly, so the test watches rather than polls).
async function watchLights(page) {
  await page.evaluate(() => {
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
const litKeys = (page) => page.evaluate(() => window.__lit.splice(0));

// Polls state() until check(state) holds; returns that state.
const untilState = (page, check, what = 'state') => until(() => state(page), check, { what });
const weightSum = (s) => s.weights.flat().reduce((sum, w) => sum + w, 0);
const pitchMatches = (played, expected) => played.filter((midi, i) => midi % 12 === expected[i] % 12).length;

// Moves a slider as a drag does: an `input` event for each value, then `change`.
const drag = (page, selector, values) => page.locator(selector).evaluate((input, steps) => {
  for (const value of steps) {
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  input.dispatchEvent(new Event('change', { bubbles: true }));
}, values);

pageTest('the page loads: keyboard, views and an honest empty state', async ({ page }) => {
  assert.ok(await page.locator('.key.white').count() >= 14, 'at least two octaves of white keys');
  const s = await state(page);
  assert.equal(s.mode, 'learn');
  assert.equal(s.learnedNotes, 0);
  assert.equal(s.fired.length, 12);
  assert.equal(s.weights.length, 12);
  assert.equal(s.pools.length, s.config.context_orders + 1 + (s.config.tune_pool ?? 0));
  assert.match(await page.locator('#neuron-caption').textContent(), /play a few notes/i);
  assert.ok((await page.locator('.melody').count()) === MELODIES.length, 'every built-in melody listed');
  assert.ok(await page.getByText('Ceol Rince na hEireann, via polifonia-project').isVisible());
});

pageTest('a mouse click on a key sounds it, lights it, fires its neuron and changes the weights', async ({ page }) => {
  const before = await state(page);
  await watchLights(page);
  await page.locator('.key[data-midi="62"]').click();
  assert.ok((await litKeys(page)).includes('62:user'), 'D4 lit as the user\'s');
  const first = await state(page);
  assert.equal(first.fired.indexOf(1), 2, 'D fired');
  assert.equal(first.firedBy, 'user');
  assert.notDeepEqual(first.prediction, before.prediction, 'the prediction moved');
  await page.locator('.key[data-midi="64"]').click();
  const second = await state(page);
  assert.equal(second.fired.indexOf(1), 4, 'E fired');
  assert.notDeepEqual(second.activations, first.activations, 'the activation view changed');
  assert.ok(weightSum(second) > weightSum(before), 'first-order weights learned');
  assert.ok(second.weights[2][4] > 0, 'D -> E strengthened');
  assert.equal(second.learnedNotes, 2);
  await page.waitForFunction(() => performance.getEntriesByName('hpiano:first-sound').length > 0, null, { timeout: 5000 });
});

pageTest('the computer keyboard plays (A W S ... ), and Z / X move the octave', async ({ page }) => {
  await watchLights(page);
  await page.keyboard.press('f');
  let s = await state(page);
  assert.equal(s.fired.indexOf(1), 5, 'F fired from the F key');
  await page.keyboard.press('w');
  assert.equal((await state(page)).fired.indexOf(1), 1, 'C# fired from the W key');
  await page.keyboard.press('x');
  await page.keyboard.press('a');
  await page.keyboard.press('z');
  assert.deepEqual(await litKeys(page), ['65:user', '61:user', '72:user'], 'F4, C#4, then C5 after X');
  s = await state(page);
  assert.equal(s.raster.at(-1).by, 'user');
  assert.deepEqual(s.raster.at(-1).fired, [0]);
});

pageTest('Step plays one note of its own and shows it as the network\'s', async ({ page }) => {
  await press(page, [60, 62, 64, 65, 67]);
  await watchLights(page);
  await page.getByRole('button', { name: 'Step', exact: true }).click();
  const s = await untilState(page, (now) => now.firedBy === 'network', 'a network step');
  const lit = await litKeys(page);
  assert.equal(lit.length, 1, `one key lit: ${lit}`);
  const [midi, by] = lit[0].split(':');
  assert.equal(by, 'network');
  assert.equal(Number(midi) % 12, s.fired.indexOf(1), 'the lit key is the neuron that fired');
  assert.equal(s.raster.at(-1).by, 'network');
  assert.equal(s.fired.filter(Boolean).length, 1);
});

pageTest('Play back recalls a tune taught with its button at temperature 0, and leaves the temperature setting as it was', async ({ page }) => {
  const { name, notes } = MELODIES[1];
  const row = page.locator('.melody', { hasText: 'Brothers Pipes' });
  assert.ok(name.includes('BrothersPipes'));
  await row.getByRole('button', { name: /^Teach/ }).click();
  await page.waitForFunction(() => document.querySelector('.melody.taught'));
  assert.match(await row.textContent(), /learned/);
  await drag(page, '#param-temperature', [0.7]);
  await drag(page, '#param-tempo', [300]);
  await row.getByRole('button', { name: /^Play back/ }).click();
  // From the last note the user was heard playing (the first of the tune), however many the
  // network has played by the time the state is read (a loaded machine reads late).
  const fromLastHeard = (raster) => raster.slice(raster.findLastIndex((step) => step.by === 'user'));
  const heard = await untilState(page, (now) => fromLastHeard(now.raster).length >= 7, 'six notes played back');
  await page.locator('#stop-button').click();
  const recalled = fromLastHeard(heard.raster).slice(0, 7);
  assert.equal(recalled[0].by, 'user', 'it heard the first note');
  assert.deepEqual(recalled.map((step) => step.fired[0]), notes.slice(0, 7).map((midi) => midi % 12), 'Play back recalls the tune');

  // The user's temperature: in state(), on the slider, in the network and after a reload.
  const settled = await untilState(page, (now) => now.config.temperature === 0.7, 'the network back at the user\'s temperature');
  assert.equal(settled.temperature, 0.7, 'state() keeps the user\'s temperature');
  assert.equal(await page.locator('#param-temperature').inputValue(), '0.7', 'the slider did not move');
  const played = await page.evaluate(
    ({ prime, tempo }) => window.hebbianPiano.play(24, { prime, tempo, temperature: 0 }),
    { prime: notes.slice(0, 4), tempo: FAST_TEMPO },
  );
  assert.equal(played.length, 24);
  const right = pitchMatches(played, notes.slice(4, 28));
  assert.ok(right >= 22, `${right}/24 notes right after teaching through the button`);
  assert.equal((await state(page)).temperature, 0.7, 'play() at a temperature leaves the setting too');
  const stoppedAt = Date.now();
  await until(() => savedRecord(page), (record) => record?.savedAt > stoppedAt, { what: 'the autosave' });
  await page.reload();
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.equal((await state(page)).temperature, 0.7, 'a reload keeps the user\'s temperature');
  assert.equal(await page.locator('#param-temperature').inputValue(), '0.7');
});

pageTest('learn() through the API, then play() plays the melody back', async ({ page }) => {
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

pageTest('play() refuses a seed outside the core\'s range and records nothing', async ({ page }) => {
  await press(page, [60, 62, 64]);
  const before = await shareLink(page);
  for (const seed of [-1, Number.NaN, 1.5, 2 ** 60, '7']) {
    const error = await page.evaluate((value) => window.hebbianPiano.play(2, { seed: value, tempo: 6000 }).then(() => '', (e) => e.message), seed);
    assert.match(error, /seed must be a whole number from 0 to 9007199254740991/, `seed ${seed}`);
  }
  const after = await shareLink(page);
  assert.deepEqual(after.payload, before.payload, 'the network, its history and settings unchanged');
  assert.equal((await page.evaluate(() => window.hebbianPiano.play(2, { seed: 9007199254740991, tempo: 6000 }))).length, 2, 'the largest seed plays');
});

pageTest('one drag of the temperature slider leaves one parameter change in the network, as one change does', async ({ page }) => {
  const notes = [60, 62, 64, 65, 67, 65, 64, 62];
  await press(page, notes);
  await drag(page, '#param-temperature', [1.5]);
  const once = await shareLink(page);
  await page.evaluate(() => window.hebbianPiano.reset());
  await press(page, notes);
  await drag(page, '#param-temperature', Array.from({ length: 20 }, (_, i) => (0.55 + 0.05 * i).toFixed(2)));
  assert.equal((await state(page)).temperature, 1.5);
  const dragged = await shareLink(page);
  assert.equal(dragged.payload.length, once.payload.length,
    `a 20-tick drag made a ${dragged.link.length}-character link, one change a ${once.link.length}-character one`);
  assert.deepEqual(dragged.payload, once.payload);
});

pageTest('Duet: after a phrase and a short silence the network answers', async ({ page }) => {
  await page.getByRole('button', { name: 'Duet' }).click();
  await press(page, [60, 62, 64, 65]);
  assert.equal((await state(page)).raster.at(-1).by, 'user');
  assert.match(await page.locator('#mode-status').textContent(), /Listening/);
  await untilState(page, (now) => now.raster.at(-1).by === 'network', 'the answer');
  assert.match(await page.locator('#mode-status').textContent(), /Answering|Your turn/);
  await page.waitForFunction(() => document.getElementById('mode-status').textContent === 'Your turn.', null, { timeout: 8000 });
  const answer = (await state(page)).raster.slice(-4);
  assert.ok(answer.every((step) => step.by === 'network'), 'it answered about as many notes as the phrase');
});

pageTest('Play mode plays on its own until Stop', async ({ page }) => {
  await drag(page, '#param-tempo', [300]);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  assert.equal((await state(page)).mode, 'play');
  assert.ok(await page.locator('#stop-button').isEnabled());
  await untilState(page, (now) => now.raster.slice(-3).every((step) => step.by === 'network'), 'three notes of its own');
  await page.locator('#stop-button').click();
  assert.ok(await page.locator('#stop-button').isDisabled());
  const stopped = (await state(page)).raster.length;
  await page.waitForTimeout(300);
  assert.equal((await state(page)).raster.length, stopped, 'nothing more after Stop');
});

// The sound starts on the page's first gesture, which takes a while.
pageTest('Learn pressed while Play is still starting the sound stops it before its first note', async ({ page }) => {
  await drag(page, '#param-tempo', [300]);
  await page.evaluate(() => new Promise((done) => {
    document.querySelector('[data-mode="play"]').click();
    setTimeout(() => {
      document.querySelector('[data-mode="learn"]').click();
      done();
    }, 0);
  }));
  await page.waitForTimeout(1500);  // at 300 bpm, seven notes would have played by now
  const after = await state(page);
  assert.equal(after.mode, 'learn');
  assert.deepEqual(after.raster.filter((step) => step.by === 'network'), [], 'no note of its own');
  assert.ok(await page.locator('#stop-button').isDisabled());
});

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

pageTest('a fake Web MIDI keyboard, even one plugged in later, plays keys', async ({ page }) => {
  await page.waitForFunction(() => document.getElementById('midi-status').textContent.includes('Fake Keys'));
  await page.evaluate(() => window.__midi.send('a', [0x90, 69, 100]));
  assert.ok(await page.locator('.key[data-midi="69"]').evaluate((key) => key.classList.contains('lit-user')));
  let s = await state(page);
  assert.equal(s.fired.indexOf(1), 9, 'A fired from MIDI note-on');
  await page.evaluate(() => window.__midi.send('a', [0x80, 69, 0]));
  await page.evaluate(() => window.__midi.plug('b', 'Later Keys'));
  await page.waitForFunction(() => document.getElementById('midi-status').textContent.includes('Later Keys'));
  await page.evaluate(() => window.__midi.send('b', [0x91, 71, 80]));
  s = await state(page);
  assert.equal(s.fired.indexOf(1), 11, 'B fired from the device plugged in later');
  assert.equal(s.learnedNotes, 2);
}, { initScript: fakeMidi });

pageTest('reset() with a bad config shows the message and keeps the network', async ({ page }) => {
  await press(page, [60, 64, 67]);
  const before = await state(page);
  assert.equal(before.learnedNotes, 3);
  const error = await page.evaluate(() => window.hebbianPiano.reset({ pool_size: 3 }).then(() => '', (e) => e.message));
  assert.match(error, /pool_size/);
  assert.ok(await page.locator('#alert').isVisible());
  assert.match(await page.locator('#alert').textContent(), /pool_size/);
  const after = await state(page);
  assert.equal(after.learnedNotes, before.learnedNotes);
  assert.deepEqual(after.weights, before.weights);
  assert.equal(await page.evaluate(() => window.hebbianPiano.reset({ context_orders: 4, slow_orders: 2 })), '');
  const fresh = await state(page);
  assert.equal(fresh.learnedNotes, 0);
  assert.equal(fresh.config.context_orders, 4);
  assert.equal(fresh.pools.length, 5 + (fresh.config.tune_pool ?? 0));
  assert.equal(weightSum(fresh), 0);
});

pageTest('Reset asks before discarding a trained network', async ({ page }) => {
  await press(page, [60, 67]);
  await page.locator('#reset-button').click();
  const dialog = page.locator('#reset-dialog');
  assert.ok(await dialog.isVisible());
  await dialog.getByRole('button', { name: 'Keep it' }).click();
  assert.equal((await state(page)).learnedNotes, 2);
  await page.locator('#reset-button').click();
  await dialog.getByRole('button', { name: 'Forget and reset' }).click();
  await untilState(page, (now) => now.learnedNotes === 0, 'the reset');
  assert.ok(await dialog.isHidden());
});

for (const [width, height, name] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
  pageTest(`layout at ${width}x${height}: nothing overflows, screenshot`, async ({ page }) => {
    await press(page, [62, 64, 66, 67, 69, 67, 66, 64]);
    await page.waitForTimeout(300);
    assert.deepEqual(await overflowing(page), []);
    await page.locator('details.advanced summary').click();
    assert.deepEqual(await overflowing(page), [], 'with the advanced panel open');
    await page.locator('details.advanced summary').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `/tmp/hebbian-piano-${name}.png` });
    await page.screenshot({ path: `/tmp/hebbian-piano-${name}-full.png`, fullPage: true });
  }, { viewport: { width, height } });
}

pageTest('time from navigation to the first sound of a key press', async ({ page }, t) => {
  const pressAt = await page.evaluate(() => performance.now());
  await page.locator('.key[data-midi="60"]').click();
  await page.waitForFunction(() => performance.getEntriesByName('hpiano:first-sound').length > 0);
  const soundAt = await page.evaluate(() => performance.getEntriesByName('hpiano:first-sound')[0].startTime);
  t.diagnostic(`ready and pressed at ${pressAt.toFixed(0)} ms, first noteOn at ${soundAt.toFixed(0)} ms (${(soundAt - pressAt).toFixed(0)} ms after the press)`);
  assert.ok(soundAt > pressAt);
});
