// The embed (embed.html), its postMessage API, the <hebbian-piano> element
// and the tutorial that uses both; and their layout at desktop and phone sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectConsoleErrors, hpiano, overflowing, pianoState, SITE, until, useSiteInBrowser } from './harness.mjs';

// The network the tutorial's <hebbian-piano> opens.
const TUTORIAL_NET = /net="(net=[A-Za-z0-9_-]+)"/.exec(readFileSync(join(SITE, 'examples/tutorial.html'), 'utf8'))[1];

const site = useSiteInBrowser();

// A page with its console warnings, besides its errors.
async function openPage(path, viewport = { width: 1280, height: 800 }) {
  const context = await site.browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  await page.goto(`${site.url}${path}`);
  return { page, errors, warnings, context };
}

// Sends one message to the tutorial's plain iframe; resolves with the reply,
// or null if none came within `wait` ms.
const postToFrame = (page, message, wait = 5000) => page.evaluate(({ message, wait }) => new Promise((resolve) => {
  const frame = document.getElementById('lesson-frame');
  const timer = setTimeout(() => resolve(null), wait);
  addEventListener('message', function answer(event) {
    if (event.source !== frame.contentWindow || event.data?.id !== message.id) return;
    removeEventListener('message', answer);
    clearTimeout(timer);
    resolve(event.data);
  });
  frame.contentWindow.postMessage(message, '*');
}), { message, wait });

test('tutorial: the iframe answers postMessage, ignores wrong shapes with a warning; the element plays its link; the lessons', async () => {
  const { page, errors, warnings, context } = await openPage('/examples/tutorial.html');
  const frame = await (await page.$('#lesson-frame')).contentFrame();
  await frame.waitForFunction(() => window.hebbianPiano);
  await frame.evaluate(() => window.hebbianPiano.ready);

  assert.deepEqual(await postToFrame(page, { hebbianPiano: 1, id: 'ready-1', verb: 'ready' }), { hebbianPiano: 1, id: 'ready-1', ok: true, result: true });
  const pressed = await postToFrame(page, { hebbianPiano: 1, id: 7, verb: 'press', args: [64] });
  assert.equal(pressed.ok, true);
  const inside = await pianoState(frame);
  assert.equal(inside.fired.indexOf(1), 4, 'E fired in the embed');
  assert.equal(inside.learnedNotes, 1);
  const state = await postToFrame(page, { hebbianPiano: 1, id: 'state', verb: 'state', args: [] });
  assert.equal(state.ok, true);
  assert.equal(state.result.fired.indexOf(1), 4);
  const refused = await postToFrame(page, { hebbianPiano: 1, id: 'bad-steps', verb: 'play', args: [-1] });
  assert.equal(refused.ok, false);
  assert.match(refused.error, /steps must be a whole number/);
  for (const seed of [-1, Number.NaN]) {
    const reseed = await postToFrame(page, { hebbianPiano: 1, id: `seed ${seed}`, verb: 'play', args: [2, { seed, tempo: 6000 }] });
    assert.equal(reseed.ok, false, `seed ${seed} refused`);
    assert.match(reseed.error, /seed must be a whole number from 0 to 9007199254740991/);
  }

  for (const wrong of [{ hebbianPiano: 1, id: 'w1', verb: 'explode', args: [] }, { hebbianPiano: 1, id: 'w2', verb: 'press', args: 60 }, { id: 'w3', verb: 'press' }]) {
    assert.equal(await postToFrame(page, wrong, 300), null, `no answer to ${JSON.stringify(wrong)}`);
  }
  assert.equal((await pianoState(frame)).learnedNotes, 1, 'wrong shapes did nothing');
  assert.equal(warnings.filter((text) => /Hebbian Piano: ignored a message/.test(text)).length, 3);

  // The element: its link opened, and its verbs are methods.
  await page.evaluate(() => document.getElementById('reel-piano').ready);
  const file = join(mkdtempSync(join(tmpdir(), 'hpiano-embed-')), 'reel.hpn');
  hpiano('unshare', '--link', TUTORIAL_NET, '--out', file);
  const native = hpiano('generate', '--net', file, '--steps', '16', '--temperature', '0', '--prime', '67').trim().split(' ').map(Number);
  const played = await page.evaluate(() => document.getElementById('reel-piano').play(16, { prime: [67], temperature: 0, tempo: 6000 }));
  assert.deepEqual(played, native, 'the element plays what hpiano generate plays');
  await page.evaluate(() => document.getElementById('reel-piano').press(62));
  const reel = await page.evaluate(() => document.getElementById('reel-piano').state());
  assert.equal(reel.fired.indexOf(1), 2, 'D fired in the element');
  assert.match(reel.title, /Fair Wind/);
  await assert.rejects(page.evaluate(() => document.getElementById('reel-piano').press(200)), /MIDI note numbers/);

  // The lesson buttons script both networks and say what happened.
  await page.getByRole('button', { name: 'Press C and see which neuron fires' }).click();
  await until(() => page.locator('#frame-result').textContent(), (text) => /neuron fired/.test(text), { timeout: 15000, what: 'lesson 1' });
  assert.match(await page.locator('#frame-result').textContent(), /^The C neuron fired/);
  await page.getByRole('button', { name: 'Teach a scale, then let it play' }).click();
  const scale = await until(() => page.locator('#frame-result').textContent(), (text) => /it played/.test(text), { timeout: 15000, what: 'lesson 2' });
  assert.match(scale, /from C it played: D4 E4 F4 G4 A4 B4 C5\.$/);
  await page.getByRole('button', { name: 'Play it back from its first note' }).click();
  await page.waitForTimeout(400);
  await page.getByRole('button', { name: 'Stop' }).click();
  await until(() => page.locator('#reel-result').textContent(), (text) => /played|Stopped/.test(text), { what: 'lesson 3' });
  assert.deepEqual(await overflowing(page), []);
  await page.screenshot({ path: '/tmp/hebbian-piano-tutorial-1280x800.png', fullPage: true });
  assert.deepEqual(errors, []);
  await context.close();
});

test('embed.html: controls none, minimal and full; a link\'s title; autoplay', async () => {
  const { page, errors, context } = await openPage(`/embed.html#${TUTORIAL_NET}&controls=minimal`, { width: 600, height: 360 });
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.match(await page.locator('#network-title').textContent(), /Fair Wind/);
  assert.ok(await page.locator('#play-button').isVisible());
  assert.ok(await page.locator('#neuron-canvas').isHidden());
  assert.equal(await page.locator('#full-page').getAttribute('href'), `${site.url}/index.html#${TUTORIAL_NET}`);

  // A new fragment alone would reload the embed under the test's feet: go elsewhere first.
  await page.goto('about:blank');
  await page.goto(`${site.url}/embed.html#controls=none`);
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.ok(await page.locator('#play-button').isHidden());
  assert.ok(await page.locator('#neuron-canvas').isVisible());
  assert.ok(await page.locator('#pool-canvas').isHidden());

  await page.goto('about:blank');
  await page.goto(`${site.url}/embed.html#${TUTORIAL_NET}&controls=full&autoplay=1`);
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.ok(await page.locator('#pool-canvas').isVisible());
  assert.equal((await pianoState(page)).mode, 'play');
  await until(() => pianoState(page), (s) => s.raster.some((step) => step.by === 'network'), { what: 'it plays on its own' });
  await page.locator('#stop-button').click();
  assert.equal((await pianoState(page)).mode, 'learn');

  await page.goto('about:blank');
  await page.goto(`${site.url}/embed.html#net=AAAA&controls=full`);
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.match(await page.locator('#alert').textContent(), /could not be opened/);
  assert.deepEqual(errors, []);
  await context.close();
});

const LAYOUTS = [
  ['embed.html', `/embed.html#${TUTORIAL_NET}&controls=full`, [[600, 360], [390, 844]]],
  ['embed-none', '/embed.html#controls=none', [[320, 240]]],
  ['tutorial', '/examples/tutorial.html', [[390, 844]]],
];
for (const [name, path, sizes] of LAYOUTS) {
  test(`layout of ${name}: nothing overflows, screenshots`, async () => {
    for (const [width, height] of sizes) {
      const { page, errors, context } = await openPage(path, { width, height });
      if (name === 'tutorial') await page.evaluate(() => document.getElementById('reel-piano').ready);
      else {
        await page.evaluate(() => window.hebbianPiano.ready);
        for (const midi of [67, 69, 71]) await page.evaluate((note) => window.hebbianPiano.press(note), midi);
      }
      await page.waitForTimeout(300);
      assert.deepEqual(await overflowing(page), [], `${width}x${height}`);
      await page.screenshot({ path: `/tmp/hebbian-piano-${name.replace('.html', '')}-${width}x${height}.png`, fullPage: name === 'tutorial' });
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
}

// Counts the page's own 'message' listeners on window (the element's).
const countMessageListeners = () => {
  const listening = new Set();
  const add = window.addEventListener;
  const remove = window.removeEventListener;
  window.addEventListener = function (type, listener, options) {
    if (type === 'message' && this === window) listening.add(listener);
    return add.call(this, type, listener, options);
  };
  window.removeEventListener = function (type, listener, options) {
    if (type === 'message' && this === window) listening.delete(listener);
    return remove.call(this, type, listener, options);
  };
  window.__messageListeners = () => listening.size;
};

test('<hebbian-piano>: a new net or controls settles the calls still waiting and leaves one message listener', async () => {
  const context = await site.browser.newContext();
  await context.addInitScript(countMessageListeners);
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${site.url}/examples/`);
  await page.addScriptTag({ type: 'module', url: '/hebbian-piano.js' });
  await page.evaluate(async (net) => {
    await customElements.whenDefined('hebbian-piano');
    const element = document.createElement('hebbian-piano');
    element.id = 'piano';
    element.setAttribute('net', net);
    document.body.append(element);
    await element.ready;
  }, TUTORIAL_NET);
  assert.equal(await page.evaluate(() => window.__messageListeners()), 1);

  // A long play (64 notes at 40 bpm) still waiting when the element gets new options.
  for (const [name, value] of [['controls', 'minimal'], ['net', ''], ['controls', 'none']]) {
    const outcome = await page.evaluate(async ([attribute, to]) => {
      const element = document.getElementById('piano');
      const playing = element.play(64, { tempo: 40 }).then(() => 'resolved', (error) => error.message);
      await new Promise((done) => setTimeout(done, 300));
      element.setAttribute(attribute, to);
      const unsettled = new Promise((done) => setTimeout(() => done('still waiting after 3 s'), 3000));
      return Promise.race([playing, unsettled]);
    }, [name, value]);
    assert.match(outcome, /given another network or options/, `after ${name}="${value}"`);
    assert.equal(await page.evaluate(() => Promise.race([
      document.getElementById('piano').ready.then(() => 'ready'),
      new Promise((done) => setTimeout(() => done('not ready after 10 s'), 10000)),
    ])), 'ready', `the new embed after ${name}="${value}"`);
    assert.equal(await page.evaluate(() => window.__messageListeners()), 1, `one listener after ${name}="${value}"`);
  }
  const state = await page.evaluate(() => document.getElementById('piano').state());
  assert.equal(state.learnedNotes, 0, 'the new embed has a fresh network (net="")');

  const removed = await page.evaluate(async () => {
    const element = document.getElementById('piano');
    const waiting = element.play(64, { tempo: 40 }).then(() => 'resolved', (error) => error.message);
    await new Promise((done) => setTimeout(done, 300));
    element.remove();
    return waiting;
  });
  assert.match(removed, /left the page/);
  assert.equal(await page.evaluate(() => window.__messageListeners()), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
