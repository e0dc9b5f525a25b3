// What the page shows of rhythm and keys: the rhythm neurons' view with a
// rhythm heard, the exact key the keyboard lights (octave and all) and state()
// gives, and the piano roll whose bars follow the notes' onsets.
// Site directory: $HPIANO_SITE, default build-wasm/site.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp, pianoState, until, useSiteInBrowser } from './harness.mjs';

const site = useSiteInBrowser();

// Leaps of an octave and more: placed by pitch class near the last note, the
// C after C4 would be C4 again; the tune went up to C5.
const LEAPS = [60, 72, 67, 64, 60, 72, 67, 64, 60, 55, 48, 60];

test('after a tune is taught the keyboard lights the exact key it expects, and state() says it with the rhythm', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    await page.evaluate(async (tune) => {
      await window.hebbianPiano.learn(tune, { epochs: 3 });
      await window.hebbianPiano.play(0, { prime: [60] });
    }, LEAPS);
    const state = await until(() => pianoState(page), (now) => now.expectedKey === 72, { what: 'C5 expected after C4' });
    assert.ok(state.expectedKeyProbability > 0.5);
    const lit = await until(() => page.locator('#keyboard .key.expected').evaluateAll((keys) => keys.map((key) => Number(key.dataset.midi))),
      (keys) => keys.length === 1 && keys[0] === 72, { what: 'the C5 key lit as expected' });
    assert.deepEqual(lit, [72]);
    assert.match(await page.locator('#expect-caption').textContent(), /on C5/);

    // Heard one beat a note (the tune had no timing): its rhythm neurons expect one beat.
    const { rhythmNeurons: rhythm, expectedRhythm } = state;
    assert.equal(rhythm.labels.length, 12);
    assert.equal(rhythm.labels[expectedRhythm], '1');
    assert.equal(rhythm.beats[expectedRhythm], 1);
    assert.equal(rhythm.enabled, true);
    for (const name of ['activations', 'centred', 'thresholds', 'fired', 'inhibited', 'prediction']) {
      assert.ok(Array.isArray(rhythm[name]) && rhythm[name].length === 12, name);
    }
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the captions name what decided: a scale run on a fresh network, the key row, and a tie said as a tie', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    // C D E F G: the "any" row has all five at 20%; the key row (in F: C D E F G are
    // F major's 5th, 6th, 7th, 1st and 2nd) has heard a 2nd followed by a 3rd: A.
    for (const midi of [60, 62, 64, 65, 67]) await page.evaluate((key) => window.hebbianPiano.press(key), midi);
    const expect = await until(() => page.locator('#expect-caption').textContent(), (text) => /It expects A/.test(text), { what: 'A expected' });
    assert.match(expect, /decided by the last notes as steps of the scale of F \(the “in F” row\)/);
    const pools = await page.locator('#pool-caption').textContent();
    assert.match(pools, /the 5 notes are equally common \(20% each\)/);
    assert.match(pools, /Read as steps of the scale of F, .* followed by A/);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('every computer key plays a key the keyboard draws: X moves up to C5, where ; is E6', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    await page.keyboard.press('x');
    await page.keyboard.press('x');
    assert.equal(await page.locator('#octave-range').textContent(), 'C5–E6');
    await page.keyboard.down(';');
    await until(() => page.locator('.key.lit-user').evaluateAll((keys) => keys.map((key) => Number(key.dataset.midi))),
      (lit) => lit.length === 1 && lit[0] === 88, { what: 'E6 drawn and lit' });
    await page.keyboard.up(';');
    assert.equal((await pianoState(page)).learnedNotes, 1);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the piano roll draws each note from its onset: keys pressed at uneven times give bars spaced as they were', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    // Gaps of 0.6 s, then 0.1 s, then 0.3 s, waited in the page.
    await page.evaluate(async () => {
      const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
      for (const [midi, gap] of [[60, 600], [64, 100], [67, 300], [72, 0]]) {
        await window.hebbianPiano.press(midi);
        await wait(gap);
      }
    });
    const state = await until(() => pianoState(page), (now) => now.raster.length === 4 && now.raster.every((step) => step.duration !== null),
      { what: 'four notes, each let go' });
    const steps = state.raster;
    assert.deepEqual(steps.map((step) => step.midis), [[60], [64], [67], [72]]);
    const gaps = steps.slice(1).map((step, i) => step.time - steps[i].time);
    assert.ok(gaps[0] > gaps[2] && gaps[2] > gaps[1], `onsets follow the waits: gaps ${gaps}`);
    for (const step of steps) assert.ok(step.duration > 0 && step.duration < 2, `a pressed key sounds a while: ${step.duration}`);

    const bars = await page.evaluate(async (shown) => {
      const { rollLayout } = await import('./views/raster.js');
      const width = document.getElementById('raster-canvas').clientWidth;
      const frame = { ...shown, recent: shown.raster, noteCount: shown.labels.length, expectedMidi: shown.expectedKey,
        rhythm: { ...shown.rhythmNeurons, expected: shown.expectedRhythm } };
      return rollLayout(frame, width, 0.5).bars.filter((bar) => bar.kind === 'note');
    }, state);
    assert.deepEqual(bars.map((bar) => bar.midi), [60, 64, 67, 72]);
    const starts = bars.map((bar) => bar.x0);
    const spaces = starts.slice(1).map((x, i) => x - starts[i]);
    // x is linear in time: each space over its gap is the same number of px a second.
    const pxPerSecond = spaces.map((space, i) => space / gaps[i]);
    for (const rate of pxPerSecond) assert.ok(Math.abs(rate - pxPerSecond[0]) < 1e-6, `px a second ${pxPerSecond}`);
    bars.forEach((bar, i) => assert.ok(Math.abs(bar.x1 - bar.x0 - steps[i].duration * pxPerSecond[0]) < 1e-6, 'as long as it sounded'));
    assert.ok(bars.every((bar, i) => i === 0 || bar.y < bars[i - 1].y), 'higher keys higher up');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the rhythm neurons\' view changes with the rhythm heard and says what gap it expects next', async () => {
  const page = await site.browser.newPage();
  try {
    // The view alone, in an empty page of the site, drawing the frames of a real network.
    await page.goto(`${site.url}/views/`);
    const seen = await page.evaluate(async () => {
      const style = document.head.appendChild(Object.assign(document.createElement('link'), { rel: 'stylesheet', href: '../style.css' }));
      await new Promise((resolve) => style.addEventListener('load', resolve));
      const { loadCore, NetworkModel } = await import('../network.js');
      const { createRhythmView } = await import('./rhythm-view.js');
      const canvas = document.body.appendChild(document.createElement('canvas'));
      canvas.style.width = '400px';
      const caption = document.body.appendChild(document.createElement('p'));
      const view = createRhythmView(canvas, caption);
      const model = new NetworkModel(await loadCore());
      model.reset({ pool_size: 256, tune_pool_size: 2048 });
      const beats = model.frame().rhythm.beats;
      const classOf = (value) => beats.indexOf(value);
      // Teaches `gaps` (beats from each note to the next) three times, then hears the first two notes.
      const hear = (gaps) => {
        const keys = [62, 64, 66, 67, 69, 71, 73, 74];
        for (let hearing = 0; hearing < 3; hearing++) {
          model.newTune();
          keys.forEach((key, i) => model.stepTimed(key, i === 0 ? -1 : classOf(gaps[(i - 1) % gaps.length]), true));
        }
        model.newTune();
        model.stepTimed(62, -1, false);
        model.stepTimed(64, classOf(gaps[0]), false);
        const frame = model.frame();
        view.draw({ ...frame, by: 'user', recent: [] });
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let hash = 0;
        for (let i = 0; i < pixels.length; i += 4) hash = (hash * 31 + pixels[i] + 7 * pixels[i + 1] + 13 * pixels[i + 2] + 17 * pixels[i + 3]) % 1000000007;
        return { caption: caption.textContent, fired: Array.from(frame.rhythm.fired), hash };
      };
      const dotted = hear([1.5, 0.5]);
      model.reset({ pool_size: 256, tune_pool_size: 2048 });
      const even = hear([0.5, 0.5]);
      return { dotted, even, dottedClass: classOf(1.5), halfClass: classOf(0.5) };
    });
    assert.equal(seen.dotted.fired.indexOf(1), seen.dottedClass, 'the dotted gap fired');
    assert.equal(seen.even.fired.indexOf(1), seen.halfClass, 'the half-beat gap fired');
    assert.match(seen.dotted.caption, /gap before your note was 3\/2 beats \(a dotted quarter\)/);
    assert.match(seen.dotted.caption, /Next it expects a gap of 1\/2 beat \(an eighth\)/);
    assert.match(seen.even.caption, /gap before your note was 1\/2 beat/);
    assert.notEqual(seen.dotted.hash, seen.even.hash, 'the drawing differs');
  } finally {
    await page.close();
  }
});

test('a tune taught with its rhythm: the rhythm neurons fire for the gap heard and expect the next, and the roll spaces the notes as the rhythm does', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  try {
    const beats = (await pianoState(page)).rhythmNeurons.beats;
    const dotted = beats.indexOf(1.5);
    const half = beats.indexOf(0.5);
    const notes = [62, 64, 66, 67, 69, 71, 73, 74];
    const rhythms = notes.map((_, i) => (i % 2 ? half : dotted));
    const tempo = 600;
    await page.evaluate(async ({ tune, tempo }) => {
      await window.hebbianPiano.learn(tune, { epochs: 3 });
      await window.hebbianPiano.play(0, { prime: { notes: tune.notes.slice(0, 3), rhythms: tune.rhythms.slice(0, 3) }, tempo });
    }, { tune: { notes, rhythms }, tempo });
    // rhythms[i] is the gap from note i to the next: the third note comes after a short one.
    const state = await until(() => pianoState(page), (now) => now.raster.length >= 3 && now.rhythmNeurons.chosen === half,
      { what: 'the third note heard after a short gap' });
    const rhythm = state.rhythmNeurons;
    assert.deepEqual(rhythm.fired, beats.map((_, i) => (i === half ? 1 : 0)));
    assert.equal(state.rhythm, half, 'the rhythm state() has always given');
    assert.equal(state.expectedRhythm, dotted, 'after the short gap the long one');
    assert.equal(rhythm.expected, dotted);
    const caption = await page.locator('#rhythm-caption').textContent();
    assert.match(caption, /gap before your note was 1\/2 beat \(an eighth\)/);
    assert.match(caption, /Next it expects a gap of 3\/2 beats \(a dotted quarter\)/);
    assert.match(await page.locator('#expect-caption').textContent(), /after 3\/2 beats \(a dotted quarter\)/);
    // The player put each note at its rhythm on the audio clock, and the roll records those onsets.
    const steps = state.raster.slice(-3);
    assert.deepEqual(steps.map((step) => step.midis[0]), notes.slice(0, 3));
    steps.slice(1).forEach((step, i) => {
      const gap = step.time - steps[i].time;
      assert.ok(Math.abs(gap - (beats[rhythms[i]] * 60) / tempo) < 1e-6, `gap ${i}: ${gap}`);
    });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
