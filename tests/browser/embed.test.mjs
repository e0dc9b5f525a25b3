// The embed (embed.html), its postMessage API, the <hebbian-piano> element
// and the tutorial that uses both; and their layout at desktop and phone sizes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  builtinMelodies, collectConsoleErrors, hpiano, launchBrowser, overflowing, pianoState, SITE, startServer, until, useSiteInBrowser,
} from './harness.mjs';

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

// Sends one message to the tutorial's plain iframe; resolves with the reply
// ('no answer' if none came: see ask below).
const postToFrame = async (page, message) => (await page.evaluate(ask, { frame: 'lesson-frame', messages: [message] }))[0];

test('tutorial: the iframe answers postMessage, wrong shapes with what is wrong; the element plays its link; the lessons', async () => {
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

  // Every message that names a verb is answered, a wrong one with what is wrong.
  const wrongs = [
    [{ hebbianPiano: 1, id: 'w1', verb: 'explode', args: [] }, /unknown verb "explode": the verbs are press, learn/],
    [{ hebbianPiano: 1, id: 'w2', verb: 'press', args: 60 }, /press: args must be an array/],
    [{ id: 'w3', verb: 'press' }, /hebbianPiano must be 1/],
  ];
  for (const [wrong, error] of wrongs) {
    const answer = await postToFrame(page, wrong);
    assert.equal(answer?.ok, false, `answered ${JSON.stringify(wrong)}`);
    assert.match(answer.error, error);
  }
  assert.equal((await pianoState(frame)).learnedNotes, 1, 'wrong shapes did nothing');
  assert.deepEqual(warnings, []);

  // The element: its link opened, and its verbs are methods.
  await page.evaluate(() => document.getElementById('reel-piano').ready);
  const file = join(mkdtempSync(join(tmpdir(), 'hpiano-embed-')), 'reel.hpn');
  hpiano('unshare', '--link', TUTORIAL_NET, '--out', file);
  const native = hpiano('generate', '--net', file, '--steps', '16', '--temperature', '0', '--prime', '67', '--untimed').trim().split(' ').map(Number);
  const played = await page.evaluate(() => document.getElementById('reel-piano').play(16, { prime: [67], temperature: 0, tempo: 6000 }));
  assert.deepEqual(played, native, 'the element plays what hpiano generate plays');
  await page.evaluate(() => document.getElementById('reel-piano').press(62));
  const reel = await page.evaluate(() => document.getElementById('reel-piano').state());
  assert.equal(reel.fired.indexOf(1), 2, 'D fired in the element');
  assert.match(reel.title, /Fair Wind/);
  await assert.rejects(page.evaluate(() => document.getElementById('reel-piano').press(200)), /press\(midiNote\): midiNote must be a MIDI note number, a whole number 0\.\.127/);

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

// In the embed: what it shows, and what is drawn cut: a view lower than its
// lowest fitted height (views/), or anything that ends below the frame.
const shownAndCut = () => (async () => {
  const { lowestFitted: lowestNeurons } = await import('/views/neuron-view.js');
  const { lowestFitted: lowestPools } = await import('/views/pool-view.js');
  const rows = (await window.hebbianPiano.state()).pools.length;
  const visible = (element) => element.offsetParent !== null && element.getBoundingClientRect().height > 0;
  const shown = ['play-button', 'neuron-canvas', 'pool-canvas', 'neuron-caption', 'keyboard']
    .filter((id) => visible(document.getElementById(id)));
  const cut = [];
  const lowest = { 'neuron-canvas': lowestNeurons(), 'pool-canvas': lowestPools(rows) };
  for (const [id, height] of Object.entries(lowest)) {
    const box = document.getElementById(id).getBoundingClientRect();
    if (shown.includes(id) && box.height + 0.5 < height) cut.push(`${id} ${box.height} px high, drawn whole from ${height}`);
  }
  for (const element of document.querySelectorAll('main *')) {
    if (!visible(element) || element.closest('.keyboard')) continue;
    const box = element.getBoundingClientRect();
    if (box.bottom > innerHeight + 0.5) cut.push(`${element.id || element.className} ends at ${box.bottom} > ${innerHeight}`);
  }
  const caption = document.getElementById('neuron-caption');
  if (shown.includes('neuron-caption') && caption.getBoundingClientRect().bottom > document.querySelector('.keyboard-scroller').getBoundingClientRect().top + 0.5) cut.push('the caption runs under the keyboard');
  return { shown, cut };
})();

// Loads axe-core into a page and returns its violations, or null if axe-core
// is not installed (its test is then skipped).
const AXE = (() => {
  try {
    return readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  } catch {
    return null;
  }
})();
const axeViolations = async (page) => {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => (await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, rules: { 'label-content-name-mismatch': { enabled: true } } }))
    .violations.map(({ id, impact, nodes }) => `${id} (${impact}): ${nodes.map((node) => node.target.join(' ')).join(', ')}`));
};

const SMALL_EMBEDS = [[560, 320], [400, 300], [320, 240]];
test('small embeds: every control level draws its panels whole down to 320x240, full shows what none does, screenshots', async () => {
  for (const [width, height] of SMALL_EMBEDS) {
    const shownBy = {};
    for (const controls of ['none', 'minimal', 'full']) {
      const { page, errors, context } = await openPage(`/embed.html#${TUTORIAL_NET}&controls=${controls}`, { width, height });
      await page.evaluate(() => window.hebbianPiano.ready);
      for (const midi of [67, 69, 71]) await page.evaluate((note) => window.hebbianPiano.press(note), midi);
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      const { shown, cut } = await page.evaluate(shownAndCut);
      const at = `controls=${controls} at ${width}x${height}`;
      assert.deepEqual(cut, [], at);
      assert.deepEqual(await overflowing(page), [], at);
      assert.ok(shown.includes('keyboard'), `${at}: the keyboard`);
      if (controls !== 'none') assert.ok(shown.includes('play-button'), `${at}: Play`);
      shownBy[controls] = shown;
      await page.screenshot({ path: `/tmp/hebbian-piano-embed-${controls}-${width}x${height}.png` });
      assert.deepEqual(errors, []);
      await context.close();
    }
    assert.ok(shownBy.none.includes('neuron-canvas'), `controls=none at ${width}x${height} shows the neurons`);
    // (full may drop the caption to draw the pools whole.)
    assert.ok(shownBy.full.includes('neuron-canvas'), `controls=full at ${width}x${height} shows the neurons, as none does`);
  }
});

test('accessibility: axe finds nothing on embed.html at every control level', { skip: AXE ? false : 'axe-core is not installed' }, async () => {
  for (const controls of ['none', 'minimal', 'full']) {
    const { page, errors, context } = await openPage(`/embed.html#${TUTORIAL_NET}&controls=${controls}`, { width: 560, height: 320 });
    await page.evaluate(() => window.hebbianPiano.ready);
    assert.deepEqual(await axeViolations(page), [], `controls=${controls}`);
    // And while a key is held down, lit in the player's colour (its labels too must read).
    await page.locator('.key[data-midi="60"]').dispatchEvent('pointerdown', { pointerId: 1, isPrimary: true, button: 0 });
    await page.waitForFunction(() => document.querySelector('.lit-user'));
    assert.deepEqual(await axeViolations(page), [], `controls=${controls}, a key lit`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

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

// Another site: the same files served on another port (another origin), in a
// browser that lets no sound start before a click, as a site whose frame has
// no allow="autoplay" (the host page is never clicked, so allow="autoplay"
// delegates nothing).
const elsewhere = { url: '', browser: null };
let elsewhereServer;
before(async () => {
  elsewhereServer = await startServer(SITE);
  elsewhere.url = elsewhereServer.url;
  elsewhere.browser = await launchBrowser({ autoplayPolicy: 'user-gesture-required' });
});
after(async () => {
  await elsewhere.browser?.close();
  await elsewhereServer?.close();
});

// The host page on the other origin, and `run(fn, arg)`, which runs fn(arg)
// in it as its own script would, not as a user's click: Playwright's
// page.evaluate counts as a user gesture (which would let the embed's sound
// start), so the host page is driven through CDP with userGesture off. It
// logs every message its frames send it (window.__heard). `hold`: a file of
// the site held back until release() (so messages come before the embed runs).
async function openHost({ hold = '' } = {}) {
  const context = await elsewhere.browser.newContext({ viewport: { width: 900, height: 700 } });
  let release = () => {};
  const requested = new Promise((resolve) => {
    if (!hold) return;
    context.route(`${site.url}/${hold}`, async (route) => {
      resolve();
      await new Promise((done) => (release = done));
      await route.continue();
    });
  });
  await context.addInitScript(() => {
    window.__heard = [];
    addEventListener('message', (event) => window.__heard.push(event.data));
    // Resolves once an embed says it is ready ('not announced' after 30 s: the test fails, not hangs).
    window.__announced = new Promise((resolve) => {
      addEventListener('message', (event) => event.data?.ready === true && resolve(event.data));
      setTimeout(() => resolve('not announced'), 30000);
    });
  });
  const page = await context.newPage();
  const errors = collectConsoleErrors(page);
  await page.goto(`${elsewhere.url}/examples/`);
  const cdp = await context.newCDPSession(page);
  const run = async (fn, arg) => {
    const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
      expression: `(${fn})(${JSON.stringify(arg)})`, awaitPromise: true, returnByValue: true, userGesture: false,
    });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
    return result.value;
  };
  return { page, run, errors, context, requested, release: () => release() };
}

// In a page: posts messages to its iframe #`frame` and resolves with their
// answers, in order ('no answer' for one not answered in 30 s, so that a lost
// message fails the test rather than hangs it).
const ask = ({ frame: id = 'embed', messages }) => Promise.all(messages.map((message) => new Promise((resolve) => {
  const frame = document.getElementById(id);
  const timer = setTimeout(() => resolve('no answer'), 30000);
  addEventListener('message', function answer(event) {
    if (event.source !== frame.contentWindow || event.data?.id !== message.id) return;
    removeEventListener('message', answer);
    clearTimeout(timer);
    resolve(event.data);
  });
  frame.contentWindow.postMessage(message, '*');
})));

const embedFrame = (page) => until(async () => page.frames().find((frame) => frame.url().startsWith(`${site.url}/embed.html`)), Boolean, { what: 'the embed\'s frame' });

test('an embed on another site, never clicked: ready announced, early and wrong messages answered, play answers silently and asks for a click', async () => {
  const { page, run, errors, context, requested, release } = await openHost({ hold: 'embed.js' });
  // The README's snippet, from another origin.
  await run((src) => {
    const frame = document.createElement('iframe');
    frame.id = 'embed';
    frame.src = src;
    frame.allow = 'autoplay';
    frame.width = '560';
    frame.height = '320';
    document.body.append(frame);
  }, `${site.url}/embed.html#${TUTORIAL_NET}&controls=full`);
  // The embed's page has read its <head> (it asks for embed.js) but its script has not run.
  await requested;
  const earlyAsked = run(ask, {
    messages: [
      { hebbianPiano: 1, id: 'early-state', verb: 'state', args: [] },
      { hebbianPiano: 1, id: 'early-press', verb: 'press', args: [62] },
      { hebbianPiano: 1, id: 'early-unknown', verb: 'fly', args: [] },
    ],
  });
  assert.deepEqual(await run(() => window.__heard.filter((data) => data.ready !== undefined)), [], 'not ready while embed.js is held');
  release();
  assert.deepEqual(await run(() => window.__announced), { hebbianPiano: 1, ready: true });
  const [state, press, unknown] = await earlyAsked;
  assert.equal(state.ok, true);
  assert.match(state.result.title, /Fair Wind/);
  assert.equal(press.ok, true, 'the early press');
  assert.equal(unknown.ok, false);
  assert.match(unknown.error, /unknown verb "fly"/);

  // Every verb's wrong arguments are answered with what is wrong, and change nothing.
  const wrongs = [
    [['press', [200]], /^press\(midiNote\): midiNote must be a MIDI note number, a whole number 0\.\.127$/],
    [['press', []], /midiNote is missing/],
    [['press', [60, 61]], /takes 1 argument, not 2/],
    [['learn', [[60, 'E']]], /notes must be an array of MIDI note numbers 0\.\.127/],
    [['learn', [60]], /notes must be an array/],
    [['learn', [[60], { epochs: 0 }]], /options\.epochs must be a whole number of at least 1/],
    [['learn', [[60], { epoch: 2 }]], /options has no option "epoch" \(it takes epochs\)/],
    [['learn', [[60], 3]], /options must be an object \{epochs\}/],
    [['play', [-1]], /steps must be a whole number of at least 0/],
    [['play', ['8']], /steps must be a whole number/],
    [['play', [2, { tempo: 0 }]], /options\.tempo must be a positive number/],
    [['play', [2, { prime: [300] }]], /options\.prime must be an array of MIDI note numbers/],
    [['play', [2, { temperature: 'hot' }]], /options\.temperature must be a number/],
    [['play', [2, { seed: -1 }]], /seed must be a whole number from 0 to 9007199254740991/],
    [['play', [2, { speed: 2 }]], /has no option "speed" \(it takes seed, temperature, prime, tempo, timed\)/],
    [['stop', [1]], /stop\(\) takes no arguments, not 1/],
    [['predict', ['now']], /predict\(\) takes no arguments/],
    [['state', [{}]], /state\(\) takes no arguments/],
    [['reset', ['small']], /config must be an object of network parameters/],
    [['ready', [1]], /ready takes no arguments/],
  ];
  const answers = await run(ask, { messages: wrongs.map(([[verb, args]], index) => ({ hebbianPiano: 1, id: index, verb, args })) });
  for (const [index, [[verb, args], error]] of wrongs.entries()) {
    assert.equal(answers[index].ok, false, `${verb}(${JSON.stringify(args)}) refused`);
    assert.match(answers[index].error, error, `${verb}(${JSON.stringify(args)})`);
  }
  const [after] = await run(ask, { messages: [{ hebbianPiano: 1, id: 'after', verb: 'state', args: [] }] });
  assert.equal(after.result.learnedNotes, state.result.learnedNotes + 1, 'the early press was learned, the wrong calls did nothing');

  // No click anywhere: sound cannot start, and play still answers, with the
  // notes played silently, while the frame asks for a click.
  const file = join(mkdtempSync(join(tmpdir(), 'hpiano-embed-')), 'reel.hpn');
  hpiano('unshare', '--link', TUTORIAL_NET, '--out', file);
  const native = hpiano('generate', '--net', file, '--steps', '8', '--temperature', '0', '--prime', '67', '--untimed').trim().split(' ').map(Number);
  const playAt = { hebbianPiano: 1, verb: 'play', args: [8, { prime: [67], temperature: 0, tempo: 3000 }] };
  const [played] = await run(ask, { messages: [{ ...playAt, id: 'play' }] });
  assert.deepEqual(played, { hebbianPiano: 1, id: 'play', ok: true, result: native });
  const frame = await embedFrame(page);
  const soundButton = frame.locator('#sound-button');
  assert.ok(await soundButton.isVisible(), 'the frame asks for a click');
  assert.match(await soundButton.textContent(), /click to turn sound on/i);
  assert.equal(await frame.evaluate(() => performance.getEntriesByName('hpiano:first-sound').length), 0, 'nothing sounded');
  assert.deepEqual((await frame.evaluate(shownAndCut)).cut, [], 'the note above the views leaves every panel whole');
  await page.screenshot({ path: '/tmp/hebbian-piano-embed-elsewhere-silent.png' });

  // A click in the frame turns sound on; it plays on in time, audibly.
  await soundButton.click();
  await soundButton.waitFor({ state: 'hidden' });
  const [again] = await run(ask, { messages: [{ ...playAt, id: 'again' }] });
  assert.deepEqual(again.result, native);
  assert.equal(await frame.evaluate(() => performance.getEntriesByName('hpiano:first-sound').length), 1, 'a note sounded');
  assert.deepEqual(errors, []);
  await context.close();
});

test('<hebbian-piano> on another site, never clicked: ready, its methods answer, play answers silently', async () => {
  const { page, run, errors, context } = await openHost();
  await run(async ({ module, net }) => {
    await import(module);
    const element = document.createElement('hebbian-piano');
    element.id = 'piano';
    element.setAttribute('net', net);
    element.setAttribute('controls', 'minimal');
    document.body.append(element);
    await element.ready;
  }, { module: `${site.url}/hebbian-piano.js`, net: TUTORIAL_NET });
  assert.equal(await run(() => document.getElementById('piano').shadowRoot.querySelector('iframe').allow), 'autoplay');
  assert.deepEqual(await run(() => window.__announced), { hebbianPiano: 1, ready: true });
  const played = await run(() => document.getElementById('piano').play(6, { prime: [67], temperature: 0, tempo: 3000 }));
  assert.equal(played.length, 6);
  assert.match(await run(() => document.getElementById('piano').learn([60], { epoch: 2 }).catch((error) => error.message)), /has no option "epoch"/);
  const frame = await embedFrame(page);
  assert.ok(await frame.locator('#sound-button').isVisible(), 'the frame asks for a click');
  assert.deepEqual(errors, []);
  await context.close();
});

// A network taught the first built-in tune, a reel spanning D4-A5, 3 times
// (as a teacher would before embedding it): its link, its file and its notes.
const taughtReel = () => {
  const dir = mkdtempSync(join(tmpdir(), 'hpiano-embed-reel-'));
  const corpus = join(dir, 'reel.txt');
  writeFileSync(corpus, `${readFileSync(join(SITE, 'melodies/builtin.txt'), 'utf8').split('\n')[0]}\n`);
  const file = join(dir, 'reel.hpn');
  hpiano('train', '--corpus', corpus, '--out', file, '--epochs', '3');
  const notes = builtinMelodies()[0].notes;
  return { link: hpiano('share', '--net', file).trim(), file, notes, low: Math.min(...notes), high: Math.max(...notes) };
};

// The keys of the embed's keyboard: whole in view, cut at an edge, or out of it.
const keysInView = () => {
  const box = document.querySelector('.keyboard-scroller').getBoundingClientRect();
  const whole = [];
  const cut = [];
  for (const key of document.querySelectorAll('.key')) {
    const { left, right } = key.getBoundingClientRect();
    if (right <= box.left + 0.5 || left >= box.right - 0.5) continue;
    (left >= box.left - 0.5 && right <= box.right + 0.5 ? whole : cut).push(Number(key.dataset.midi));
  }
  return { whole, cut };
};

test('the embed\'s keyboard shows the keys its network heard, whole keys at its edges, and a key that sounds out of view comes into it', async () => {
  const reel = taughtReel();
  for (const [width, height] of [[320, 240], [400, 300], [560, 320]]) {
    for (const controls of ['minimal', 'full']) {
      const at = `controls=${controls} at ${width}x${height}`;
      const { page, errors, context } = await openPage(`/embed.html#${reel.link}&controls=${controls}`, { width, height });
      await page.evaluate(() => window.hebbianPiano.ready);
      let keys = await page.evaluate(keysInView);
      assert.deepEqual(keys.cut, [], `${at}: no key cut at the edges`);
      for (let midi = reel.low; midi <= reel.high; midi++) assert.ok(keys.whole.includes(midi), `${at}: ${midi}, heard, is in view`);
      // A key far from what it heard, pressed from the page around: brought into view, whole.
      await page.evaluate(() => window.hebbianPiano.press(48));
      keys = await page.evaluate(keysInView);
      assert.ok(keys.whole.includes(48), `${at}: C3, pressed, came into view`);
      assert.deepEqual(keys.cut, [], `${at}: none cut after following`);
      await page.screenshot({ path: `/tmp/hebbian-piano-embed-keys-${controls}-${width}x${height}.png` });
      assert.deepEqual(errors, []);
      await context.close();
    }
  }
  // A fresh network shows the octave from middle C, whole.
  const { page, errors, context } = await openPage('/embed.html#controls=minimal', { width: 320, height: 240 });
  await page.evaluate(() => window.hebbianPiano.ready);
  const keys = await page.evaluate(keysInView);
  assert.deepEqual(keys.cut, []);
  for (let midi = 60; midi <= 72; midi++) assert.ok(keys.whole.includes(midi), `fresh: ${midi} in view`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('play=back: the embed\'s Play plays back the tune it learned from its first note at temperature 0; without it Play plays on its own, as before', async () => {
  const reel = taughtReel();
  const steps = 8;
  const native = hpiano('generate', '--net', reel.file, '--steps', String(steps), '--temperature', '0', '--prime', String(reel.notes[0]), '--untimed')
    .trim().split(' ').map(Number);
  assert.deepEqual(native, reel.notes.slice(1, steps + 1), 'at temperature 0 the network recalls the reel (else this test shows nothing)');
  // The notes the network played, in order, once `count` have sounded.
  const networkNotes = async (page, count) => (await until(() => pianoState(page), (s) => s.raster.filter((step) => step.by === 'network').length >= count,
    { timeout: 15000, what: `${count} notes of its own` })).raster.filter((step) => step.by === 'network').map((step) => step.midis[0]).slice(0, count);

  for (const [how, fragment] of [['its Play', `${reel.link}&controls=minimal&play=back`], ['autoplay', `${reel.link}&controls=none&autoplay=1&play=back`]]) {
    const { page, errors, context } = await openPage(`/embed.html#${fragment}`, { width: 400, height: 300 });
    await page.evaluate(() => window.hebbianPiano.ready);
    if (how === 'its Play') {
      assert.equal(await page.locator('#play-button').textContent(), 'Play back');
      await page.locator('#play-button').click();
    }
    assert.deepEqual(await networkNotes(page, steps), native, `${how}: it plays the tune back, as hpiano generate at temperature 0`);
    const state = await pianoState(page);
    assert.deepEqual(state.raster[0].midis, [reel.notes[0]], `${how}: from the tune's first note`);
    assert.equal(state.raster[0].by, 'user', `${how}: the first note heard, as the full page's Play back`);
    assert.equal(state.config.temperature, 0, `${how}: at temperature 0 while it plays back`);
    await page.evaluate(() => window.hebbianPiano.stop());
    assert.equal((await pianoState(page)).config.temperature, 1, `${how}: its own temperature again once stopped`);
    assert.deepEqual(errors, []);
    await context.close();
  }

  // An old address (no play=) plays on its own: Play is the mode, at the network's temperature.
  const { page, errors, context } = await openPage(`/embed.html#${reel.link}&controls=minimal`, { width: 400, height: 300 });
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.equal(await page.locator('#play-button').textContent(), 'Play');
  await page.locator('#play-button').click();
  assert.equal((await pianoState(page)).mode, 'play');
  assert.equal((await pianoState(page)).config.temperature, 1);
  await networkNotes(page, 2);
  await page.locator('#stop-button').click();
  assert.deepEqual(errors, []);
  await context.close();

  // play=back on a network that learned no tune: Play plays on its own.
  const fresh = await openPage('/embed.html#controls=minimal&play=back', { width: 400, height: 300 });
  await fresh.page.evaluate(() => window.hebbianPiano.ready);
  assert.equal(await fresh.page.locator('#play-button').textContent(), 'Play');
  await fresh.page.evaluate(() => window.hebbianPiano.learn([60, 62, 64, 65, 67], { epochs: 1 }));
  assert.equal(await fresh.page.locator('#play-button').textContent(), 'Play back', 'once it learned a tune');
  assert.deepEqual(fresh.errors, []);
  await fresh.context.close();
});

test('the embed\'s note neurons, short of room for every name, name the naturals (C D E F G A B), not every other note', async () => {
  const reel = taughtReel();
  // The note names drawn on the neuron canvas by its last drawing.
  const recordLabels = () => {
    const names = new Set(['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B']);
    window.drawnLabels = [];
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      if (this.canvas.id === 'neuron-canvas') {
        if (String(text).startsWith('activation')) window.drawnLabels = [];
        if (names.has(text)) window.drawnLabels.push(text);
      }
      return fillText.call(this, text, ...rest);
    };
  };
  const naturals = ['C', 'D', 'E', 'F', 'G', 'A', 'B'];
  for (const [width, height] of [[320, 240], [400, 300], [600, 360]]) {
    const context = await site.browser.newContext({ viewport: { width, height } });
    await context.addInitScript(recordLabels);
    const page = await context.newPage();
    const errors = collectConsoleErrors(page);
    await page.goto(`${site.url}/embed.html#${reel.link}&controls=full`);
    await page.evaluate(() => window.hebbianPiano.ready);
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    const drawn = await page.evaluate(() => window.drawnLabels);
    const at = `${width}x${height}: drew ${drawn.join(' ')}`;
    // Nothing fired yet: every name, or the naturals first.
    if (drawn.length < 12) assert.deepEqual(drawn, naturals, at);
    else assert.equal(drawn.length, 12, at);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('the share panel gives the code that embeds the network, its Play playing back the tune it learned (play=back) unless unticked', async () => {
  const { page, errors, context } = await openPage('/', { width: 1280, height: 800 });
  await page.evaluate(() => window.hebbianPiano.ready);
  // A network that learned no tune: nothing to play back.
  await page.locator('#share-button').click();
  await until(() => page.locator('#embed-code').inputValue(), (code) => code.includes('embed.html'), { what: 'the embed code' });
  assert.ok(await page.locator('#embed-play-back').isDisabled());
  assert.doesNotMatch(await page.locator('#embed-code').inputValue(), /play=back/);

  await page.locator('#quick-teach').click();
  await page.waitForFunction(() => document.querySelector('.melody.taught'));
  await page.locator('#share-title').fill('A "reel" <1>');
  await page.locator('#share-button').click();
  await until(() => page.locator('#embed-code').inputValue(), (code) => code.includes('play=back'), { what: 'play=back offered' });
  const code = await page.locator('#embed-code').inputValue();
  const link = await page.locator('#share-link').inputValue();
  const src = /^<iframe src="([^"]+)" title="A &quot;reel&quot; &lt;1>" allow="autoplay" width="\d+" height="\d+"><\/iframe>$/.exec(code)?.[1];
  assert.ok(src, code);
  assert.equal(src, `${site.url}/embed.html#${link.split('#')[1]}&controls=minimal&play=back`);
  await page.locator('#embed-play-back').uncheck();
  assert.doesNotMatch(await page.locator('#embed-code').inputValue(), /play=back/);
  if (AXE) assert.deepEqual(await axeViolations(page), [], 'axe, with the embed code shown');
  assert.deepEqual(errors, []);

  // The code's frame opens the network, ready to play the tune back.
  await page.goto('about:blank');
  await page.goto(src);
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.equal(await page.locator('#play-button').textContent(), 'Play back');
  assert.deepEqual(errors, []);
  await context.close();
});
