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
  // The context pools, the tune pool, and the degree pools' row (the tune's key).
  assert.equal(s.pools.length, s.config.context_orders + 1 + (s.config.tune_pool ?? 0) + (s.config.tonal_orders > 0 ? 1 : 0));
  assert.equal(s.pools.at(-1).kind, 'degrees');
  assert.match(await page.locator('#neuron-caption').textContent(), /play a few notes/i);
  assert.ok((await page.locator('.melody').count()) === MELODIES.length, 'every built-in melody listed');
  assert.ok(await page.getByText('Ceol Rince na hEireann, via polifonia-project').isVisible());
});

test('a browser without WebAssembly SIMD is told why the network cannot start', async () => {
  const context = await site.browser.newContext();
  // Such a browser's WebAssembly.validate refuses the SIMD probe (web/network.js); Chromium's cannot be made to.
  await context.addInitScript(() => {
    WebAssembly.validate = () => false;
  });
  try {
    const page = await context.newPage();
    await page.goto(`${site.url}/`);
    const loading = page.locator('#loading');
    await until(() => loading.textContent(), (text) => text.includes('SIMD'));
    assert.match(await loading.textContent(), /^The network could not start: this browser cannot run WebAssembly SIMD.*Safari 16\.4/);
    assert.ok(await loading.isVisible());
  } finally {
    await context.close();
  }
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
  // Taught, not pressed: keys pressed are heard with the time between them, which would differ.
  const notes = [60, 62, 64, 65, 67, 65, 64, 62];
  const teach = () => page.evaluate((tune) => window.hebbianPiano.learn(tune, { epochs: 1 }), notes);
  await teach();
  await drag(page, '#param-temperature', [1.5]);
  const once = await shareLink(page);
  await page.evaluate(() => window.hebbianPiano.reset());
  await teach();
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
  // A key pressed while it plays is not heard, and the page says so.
  await page.keyboard.press('j');
  assert.match(await page.locator('#message').textContent(), /your keys sound but it does not hear them/);
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
  window.__midiAsked = 0;
  navigator.requestMIDIAccess = async () => {
    window.__midiAsked++;
    return access;
  };
};

pageTest('a fake Web MIDI keyboard, even one plugged in later, plays keys', async ({ page }) => {
  await page.getByRole('button', { name: 'Use a MIDI keyboard' }).click();
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
  assert.equal(fresh.pools.length, 5 + (fresh.config.tune_pool ?? 0) + (fresh.config.tonal_orders > 0 ? 1 : 0));
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

// --- The first five minutes ---

// Whether the element's box lies wholly within the viewport as the page is scrolled now.
const inView = (locator) => locator.evaluate((element) => {
  const box = element.getBoundingClientRect();
  return box.width > 0 && box.top >= 0 && box.bottom <= innerHeight && box.left >= 0 && box.right <= innerWidth;
});

for (const [width, height, name] of [[1280, 800, 'desktop'], [390, 844, 'phone']]) {
  pageTest(`${name}: the first step, a tune to teach and play back, is beside the keyboard in the first screen and teaches as the list does`, async ({ page }) => {
    for (const id of ['#quick-tune', '#quick-teach', '#quick-play']) assert.ok(await inView(page.locator(id)), `${id} in the first screen`);
    const tune = MELODIES[1];
    await page.locator('#quick-tune').selectOption('1');
    await page.locator('#quick-teach').click();
    await page.waitForFunction(() => document.querySelector('.melody.taught'));
    assert.match(await page.locator('.melody.taught').textContent(), /Brothers Pipes/, 'the list shows the tune learned');
    assert.equal((await state(page)).learnedNotes, tune.notes.length * (await state(page)).epochs);
    await drag(page, '#param-tempo', [300]);
    await page.locator('#quick-play').click();
    const heard = await untilState(page, (now) => now.raster.slice(-6).every((step) => step.by === 'network'), 'six notes played back');
    await page.locator('#stop-button').click();
    // The prime (the tune's first note) and the network's first six: a poll late under load may see more played.
    const primeAt = heard.raster.findLastIndex((step) => step.by !== 'network');
    const recalled = heard.raster.slice(primeAt, primeAt + 7);
    assert.deepEqual(recalled.map((step) => step.fired[0]), tune.notes.slice(0, 7).map((midi) => midi % 12), 'it plays the tune back');
  }, { viewport: { width, height } });
}

pageTest('the transport stays in view below a tune taught far down, says what happens, clears old messages, and Escape stops', async ({ page }) => {
  await drag(page, '#param-tempo', [200]);
  const row = page.locator('.melody').nth(3);
  await row.scrollIntoViewIfNeeded();
  assert.ok(await page.evaluate(() => scrollY) > 600, 'the list is far down the page');
  await row.getByRole('button', { name: /^Teach/ }).click();
  await page.waitForFunction(() => document.querySelector('.melody.taught'));
  assert.ok(await inView(page.locator('#message')), 'the message that it learned is in view');
  assert.match(await page.locator('#message').textContent(), /Learned/);
  await row.getByRole('button', { name: /^Play back/ }).click();
  await untilState(page, (now) => now.raster.at(-1)?.by === 'network', 'it plays back');
  for (const id of ['#stop-button', '#now', '[data-mode="learn"]']) assert.ok(await inView(page.locator(id)), `${id} in view while scrolled`);
  assert.match(await page.locator('#now').textContent(), /Playing back “.+”/, 'the transport says it plays back');
  assert.match(await page.locator('#message').textContent(), /From its first note/);
  assert.ok(await page.locator('#stop-button').isEnabled());
  await page.keyboard.press('Escape');
  await until(() => page.locator('#stop-button').isDisabled(), Boolean, { what: 'Escape to stop it' });
  const stopped = (await state(page)).raster.length;
  await page.waitForTimeout(700);
  assert.equal((await state(page)).raster.length, stopped, 'nothing more after Escape');
  assert.equal(await page.locator('#now').textContent(), 'Learning from you');
  assert.ok(await page.locator('#message').isHidden(), 'the message about playing back went with it');
});

pageTest('the transport says Teaching while a tune is taught, and each mode in its words', async ({ page }) => {
  await page.evaluate(() => {
    window.__now = [];
    const now = document.getElementById('now');
    new MutationObserver(() => window.__now.push(now.textContent)).observe(now, { subtree: true, childList: true, characterData: true });
  });
  await page.locator('#epochs').fill('6');
  await page.locator('#epochs').dispatchEvent('change');
  await page.locator('#quick-teach').click();
  await page.waitForFunction(() => document.querySelector('.melody.taught'));
  const seen = await page.evaluate(() => window.__now);
  assert.ok(seen.some((text) => /^Teaching “.+”…$/.test(text)), `Teaching shown: ${seen}`);
  assert.equal(await page.locator('#now').textContent(), 'Learning from you');
  await drag(page, '#param-tempo', [300]);
  await page.getByRole('button', { name: 'Play', exact: true }).click();
  await until(() => page.locator('#now').textContent(), (text) => text === 'Playing on its own', { what: 'Play mode in words' });
  await page.keyboard.press('Escape');
  await until(() => page.locator('#now').textContent(), (text) => text === 'Play: stopped', { what: 'Escape stops Play' });
  await page.getByRole('button', { name: 'Duet' }).click();
  assert.match(await page.locator('#now').textContent(), /^Duet/);
});

// Records every text drawn on each canvas, by canvas id, in window.__drawn.
const recordCanvasText = () => {
  window.__drawn = {};
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
    const id = this.canvas.id;
    (window.__drawn[id] ??= new Set()).add(String(text));
    return fillText.call(this, text, ...rest);
  };
};

pageTest('the pools and the learning curve speak the page\'s words: row labels, a legend for "not read", axes on the curve', async ({ page }) => {
  const tune = MELODIES[1];
  await page.evaluate((notes) => window.hebbianPiano.learn(notes, { epochs: 3 }), tune.notes);
  await press(page, tune.notes.slice(0, 12));
  await page.waitForTimeout(200);
  const decided = await state(page);
  assert.ok(decided.decidingPool > 0, 'a context decides');
  for (const id of ['#pool-caption', '#expect-caption']) {
    const caption = await page.locator(id).textContent();
    assert.doesNotMatch(caption, /pool \d/, `${id} names rows by their labels: ${caption}`);
  }
  assert.match(await page.locator('#pool-caption').textContent(), /the “(any|last \d+|tune)” row decides/);
  const drawn = await page.evaluate(() => Object.fromEntries(Object.entries(window.__drawn).map(([id, texts]) => [id, [...texts]])));
  assert.ok(drawn['pool-canvas'].includes('not read'), 'the pools show "not read" here');
  const legend = await page.locator('#pool-legend').textContent();
  assert.match(legend, /not read/);
  assert.match(legend, /new/);
  for (const label of ['0%', '50%', '100%', 'notes heard']) assert.ok(drawn['curve-canvas'].includes(label), `the curve is labelled ${label}`);
  assert.ok(drawn['curve-canvas'].includes(String(decided.learnedNotes)), 'the curve\'s last note heard is numbered');
}, { initScript: recordCanvasText });

// A phone: touch, no hover, no physical keyboard.
async function onPhone(body) {
  const context = await site.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  try {
    await page.goto(`${site.url}/`);
    await page.waitForFunction(() => window.hebbianPiano);
    await page.evaluate(() => window.hebbianPiano.ready);
    await body(page);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
}

// The white keys wholly in view, by MIDI note, and their widths.
const whiteKeysShown = (page) => page.evaluate(() => {
  const scroller = document.querySelector('.keyboard-scroller').getBoundingClientRect();
  return [...document.querySelectorAll('.key.white')].map((key) => ({ midi: Number(key.dataset.midi), box: key.getBoundingClientRect() }))
    .filter(({ box }) => box.left >= scroller.left - 1 && box.right <= scroller.right + 1)
    .map(({ midi, box }) => ({ midi, width: box.width }));
});

test('on a phone the keyboard shows an octave and a half of finger-wide keys without letters, and moves by octaves', async () => {
  await onPhone(async (page) => {
    await page.waitForTimeout(300);
    let shown = await whiteKeysShown(page);
    assert.ok(shown.length >= 10 && shown.length <= 12, `${shown.length} white keys in view`);
    assert.ok(shown.every((key) => key.width >= 30), `keys at least 30 px wide: ${shown.map((key) => key.width.toFixed(0))}`);
    assert.equal(shown[0].midi, 60, 'from C4');
    const letters = await page.locator('.key-letter').evaluateAll((all) => all.filter((letter) => letter.offsetParent && letter.textContent).length);
    assert.equal(letters, 0, 'no computer-key letters');
    assert.ok(await page.locator('.keys-help').isHidden(), 'no computer-key help');
    await until(() => page.locator('#keys-shown').textContent(), (text) => /^C4–F5$/.test(text), { what: 'the keys shown named' });
    await page.getByRole('button', { name: 'Lower' }).click();
    await until(() => whiteKeysShown(page), (keys) => keys[0]?.midi === 48, { what: 'an octave lower' });
    // The buttons follow the scroll's last event, which may come a frame after the keys are in place.
    await until(() => page.getByRole('button', { name: 'Lower' }).isDisabled(), (disabled) => disabled, { what: 'no lower octave than C3' });
    await page.getByRole('button', { name: 'Higher' }).click();
    await until(() => whiteKeysShown(page), (keys) => keys[0]?.midi === 60, { what: 'an octave higher' });
    await page.getByRole('button', { name: 'Higher' }).click();
    shown = await until(() => whiteKeysShown(page), (keys) => keys.at(-1)?.midi === 88, { what: 'the top of the keyboard' });
    await until(() => page.locator('#keys-shown').textContent(), (text) => /–E6$/.test(text), { what: 'the keys shown named' });
    await until(() => page.getByRole('button', { name: 'Higher' }).isDisabled(), (disabled) => disabled, { what: 'no higher octave than the top' });
    await page.locator(`.key[data-midi="${shown[1].midi}"]`).tap();
    assert.equal((await pianoState(page)).learnedNotes, 1, 'a tap plays');
  });
});

pageTest('a computer with a mouse shows the computer keys\' letters on the keys', async ({ page }) => {
  assert.equal(await page.locator('.key[data-midi="60"] .key-letter').textContent(), 'A');
  assert.ok(await page.locator('.key[data-midi="60"] .key-letter').isVisible());
  assert.ok(await page.locator('.keys-help').isVisible());
});

pageTest('MIDI is asked for only through its button, and what happened is said in words', async ({ page }) => {
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.__midiAsked), 0, 'not asked on load');
  assert.equal(await page.locator('#midi-status').textContent(), '', 'nothing about MIDI on load');
  await page.getByRole('button', { name: 'Use a MIDI keyboard' }).click();
  await until(() => page.locator('#midi-status').textContent(), (text) => /did not allow MIDI/.test(text), { what: 'the refusal in words' });
  assert.match(await page.locator('#midi-status').textContent(), /allow MIDI for this site/);
  assert.ok(await page.locator('#midi-button').isVisible(), 'the button stays to try again');
}, {
  initScript: () => {
    window.__midiAsked = 0;
    navigator.requestMIDIAccess = async () => {
      window.__midiAsked++;
      throw new DOMException('denied', 'NotAllowedError');
    };
  },
});

test('the tutorial does not send a phone user to pools "on the right"', async () => {
  const context = await site.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  try {
    await page.goto(`${site.url}/examples/tutorial.html`);
    const text = await page.locator('main').textContent();
    assert.doesNotMatch(text, /on the right/);
    assert.match(text, /context pools \(a row per context/);
  } finally {
    await context.close();
  }
});

pageTest('a site allowed MIDI before connects at once, with no button to press', async ({ page }) => {
  await page.waitForFunction(() => document.getElementById('midi-status').textContent.includes('Fake Keys'));
  assert.equal(await page.evaluate(() => window.__midiAsked), 1);
  assert.ok(await page.locator('#midi-button').isHidden(), 'no button once MIDI is in use');
  await page.evaluate(() => window.__midi.send('a', [0x90, 64, 100]));
  assert.equal((await state(page)).fired.indexOf(1), 4, 'E fired from MIDI');
}, {
  initScript: `(${fakeMidi})(); navigator.permissions.query = async ({ name }) => ({ state: name === 'midi' ? 'granted' : 'prompt' });`,
});
