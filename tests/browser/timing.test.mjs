// The page hears and plays in time (issue 10): the gaps between your key
// presses are heard as rhythm classes at the page's tempo; a taught jig,
// hornpipe and waltz play back at the IOIs the network chose, read from an
// OfflineAudioContext render of what the page scheduled (the page's own
// synth); the metronome clicks when on and not when off; tap tempo sets the tempo;
// Follow me follows a player's tempo.
//
// Key and pointer events are sent through the DevTools protocol with their
// timestamps (as a keyboard's events carry the moment the key went down), so
// a loaded machine delays when the page handles them, not what it hears.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, pianoState, REPO_ROOT, until, useSiteInBrowser } from './harness.mjs';
import { parseCorpus, seededRandom as random } from '../wasm/core-module.mjs';

const SAMPLE_RATE = 48000;
const BEATS = [1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1, 3 / 2, 2, 3, 4, 6];
const site = useSiteInBrowser();

// Every report of the page's sound (audio/sound.js's hebbianPianoProbe), by kind.
const PROBE = () => {
  window.probed = {};
  window.hebbianPianoProbe = (what, detail) => (window.probed[what] ??= []).push(detail);
};

// Sends input through the DevTools protocol at `seconds` on the page's
// performance.now() clock (the events' timeStamp).
async function inputAt(page) {
  const cdp = await page.context().newCDPSession(page);
  const origin = await page.evaluate(() => performance.timeOrigin);
  const timestamp = (seconds) => (origin + seconds * 1000) / 1000;
  return {
    now: () => page.evaluate(() => performance.now() / 1000),
    async key(code, key, seconds) {
      const keyCode = key.toUpperCase().charCodeAt(0);
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', code, key, windowsVirtualKeyCode: keyCode, timestamp: timestamp(seconds) });
      await cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', code, key, windowsVirtualKeyCode: keyCode, timestamp: timestamp(seconds + 0.05) });
    },
    async click({ x, y }, seconds) {
      const common = { x, y, button: 'left', clickCount: 1 };
      await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...common, buttons: 1, timestamp: timestamp(seconds) });
      await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...common, buttons: 0, timestamp: timestamp(seconds + 0.05) });
    },
  };
}

const centreOf = async (locator) => {
  const box = await locator.boundingBox();
  return { x: box.x + box.width / 2, y: box.y + box.height * 0.8 };
};

test('key presses at the page\'s tempo with +-10% jitter are heard in their rhythm class', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  const { tempo } = await pianoState(page);
  const input = await inputAt(page);
  const next = random(2026);
  // Classes at least 13% (on a log scale) from their neighbours' boundaries:
  // 2/3 and 3/4 beat lie 12.5% apart, closer than the jitter.
  const distinct = [0, 1, 2, 3, 6, 7, 8, 9, 10, 11];
  const beat = 60 / tempo;
  // Computer keys A S D F G H J (C4 up), and the on-screen keys with the mouse.
  const codes = ['KeyA', 'KeyS', 'KeyD', 'KeyF', 'KeyG', 'KeyH', 'KeyJ'];
  const screenKeys = await Promise.all([60, 62, 64, 65, 67].map((midi) => centreOf(page.locator(`.key[data-midi="${midi}"]`))));
  let at = (await input.now()) + 1;
  let right = 0;
  let heard = 0;
  const misses = [];
  const PRESSES = 60;
  for (let i = 0; i <= PRESSES; i++) {
    const rhythm = distinct[Math.floor(next() * distinct.length)];
    if (i > 0) at += BEATS[rhythm] * beat * (1 + 0.2 * (next() - 0.5));
    const learned = (await pianoState(page)).learnedNotes;
    if (i % 4 === 3) await input.click(screenKeys[i % screenKeys.length], at);
    else {
      const code = codes[i % codes.length];
      await input.key(code, code.slice(3).toLowerCase(), at);
    }
    const state = await until(() => pianoState(page), (s) => s.learnedNotes === learned + 1, { what: `press ${i} heard` });
    if (i === 0) {
      assert.equal(state.rhythm, -1, 'the first note has no rhythm before it');
      continue;
    }
    heard++;
    if (state.rhythm === rhythm) right++;
    else misses.push(`press ${i}: class ${rhythm} heard as ${state.rhythm}`);
  }
  assert.ok(right >= 0.95 * heard, `${right} of ${heard} heard in their class: ${misses.join(', ')}`);
  // A pause beyond the longest class (6 beats) is a rest: no rhythm.
  await input.key('KeyA', 'a', at + 9 * beat);
  const rest = await until(() => pianoState(page), (s) => s.learnedNotes === PRESSES + 2, { what: 'the note after a rest' });
  assert.equal(rest.rhythm, -1);
  assert.deepEqual(errors, []);
  await context.close();
});

test('Follow me: a player slower than the page is followed, and the setting is kept', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`);
  assert.equal((await pianoState(page)).tempo, 132);
  await page.locator('#follow-tempo').check();
  const input = await inputAt(page);
  // Quarters and eighths at 112 bpm: at 132 an eighth would be heard as 2/3 beat.
  const next = random(5);
  const beat = 60 / 112;
  let at = (await input.now()) + 1;
  const heard = [];
  for (let i = 0; i <= 40; i++) {
    const rhythm = next() < 0.5 ? 3 : 6;
    if (i > 0) at += BEATS[rhythm] * beat;
    const learned = (await pianoState(page)).learnedNotes;
    await input.key('KeyA', 'a', at);
    const state = await until(() => pianoState(page), (s) => s.learnedNotes === learned + 1, { what: `press ${i} heard` });
    if (i > 0) heard.push(state.rhythm === rhythm);
  }
  const { tempo, followTempo } = await pianoState(page);
  assert.equal(followTempo, true);
  assert.ok(Math.abs(tempo - 112) <= 112 * 0.03, `the tempo follows to ${tempo}`);
  assert.ok(heard.slice(-20).every(Boolean), `the last 20 gaps heard in their class: ${heard.map(Number).join('')}`);
  assert.equal(await page.locator('#tempo-shown').textContent(), `${tempo} bpm`);
  await page.reload();
  await page.evaluate(() => window.hebbianPiano.ready);
  assert.equal(await page.locator('#follow-tempo').isChecked(), true, 'the setting is kept');
  assert.deepEqual(errors, []);
  await context.close();
});

// Onsets in `samples`: where the energy of the first difference (the attack's
// high frequencies) in 1 ms frames jumps above 6 times its mean over the 30 ms
// before (and a floor); the first sample of that frame, 40 ms apart at least.
function onsetsOf(samples) {
  const hop = SAMPLE_RATE / 1000;
  const energy = [];
  for (let at = hop; at + hop <= samples.length; at += hop) {
    let sum = 0;
    for (let i = at; i < at + hop; i++) sum += (samples[i] - samples[i - 1]) ** 2;
    energy.push(sum);
  }
  const peak = Math.max(...energy);
  const onsets = [];
  for (let k = 30; k < energy.length; k++) {
    let before = 0;
    for (let j = k - 30; j < k; j++) before += energy[j];
    before /= 30;
    if (energy[k] > 6 * before && energy[k] > 1e-3 * peak && (!onsets.length || k - onsets.at(-1) >= 40)) onsets.push(k);
  }
  return onsets.map((k) => (k + 1) / 1000);
}

// The dances: a jig (6/8), a hornpipe (dotted, 2/2) and a waltz (3/4).
const DANCES = parseCorpus(readFileSync(resolve(REPO_ROOT, 'tests/data/dances/dances.txt'), 'utf8'));

test('a jig, a hornpipe and a waltz taught play back in their rhythm: each onset of the render within 10 ms of where the rhythm puts it', async (t) => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`, { initScript: PROBE });
  const TEMPO = 160;
  const NOTES = 24;
  for (const dance of DANCES) {
    await page.evaluate(() => window.hebbianPiano.reset());
    // The tune's notes and classes as the page reads a corpus line (the core's parser).
    const { notes, rhythms } = await page.evaluate(async (line) => {
      const { loadCore } = await import('/network.js');
      return (await loadCore()).parseCorpus(line).melodies[0];
    }, `${dance.name}\t${dance.notes.map((note, i) => `${note}:${dance.iois[i]}`).join(' ')}`);
    await page.evaluate((taught) => window.hebbianPiano.learn(taught, { epochs: 3 }), { notes, rhythms });
    await page.evaluate(() => (window.probed = {}));
    // Played back as the page's Play back does: from its first note, at temperature 0.
    const played = await page.evaluate(({ tune, steps, tempo }) =>
      window.hebbianPiano.play(steps, { temperature: 0, prime: { notes: tune.notes.slice(0, 1), rhythms: tune.rhythms.slice(0, 1) }, tempo, timed: true }),
    { tune: { notes, rhythms }, steps: NOTES - 1, tempo: TEMPO });
    const scheduled = await page.evaluate(() => window.probed.scheduled);
    const ons = scheduled.filter((event) => event.type === 'on');
    assert.equal(ons.length, NOTES, `${dance.name}: ${NOTES} notes scheduled`);
    const start = ons[0].time;
    // Where the rhythm puts each note: the first played note at the class the
    // network chose after the first note (read from the schedule: it must be
    // a class exactly), each next one the class it chose (played.rhythms) later.
    const secondsOf = (c) => (BEATS[c] * 60) / TEMPO;
    const first = BEATS.findIndex((_, c) => Math.abs(ons[1].time - start - secondsOf(c)) < 1e-6);
    assert.ok(first >= 0, `${dance.name}: the first IOI, ${ons[1].time - start} s, is a rhythm class`);
    const classes = [first, ...played.rhythms.slice(0, NOTES - 2)];
    const expected = [0];
    for (const c of classes) expected.push(expected.at(-1) + secondsOf(c));
    // Render what the page scheduled, from 0.1 s before its first note, with the page's synth.
    const lead = 0.1;
    const events = scheduled.map(({ type, midi, velocity, time }) => ({ type: type === 'on' ? 'noteOn' : 'noteOff', midi, velocity, time: time - start + lead }));
    const samples = await page.evaluate(async ({ noteEvents, seconds }) => {
      const { renderOffline } = await import('/audio/piano-synth.js');
      return Array.from(await renderOffline({ events: noteEvents, seconds }));
    }, { noteEvents: events, seconds: lead + expected.at(-1) + 1 });
    const onsets = onsetsOf(samples).map((time) => time - lead);
    t.diagnostic(`${dance.name} at ${TEMPO} bpm: onsets (s) ${onsets.map((time) => time.toFixed(3)).join(' ')}`);
    t.diagnostic(`${dance.name}: IOIs played (beats) ${classes.map((c) => BEATS[c].toFixed(3).replace(/0+$/, '')).join(' ')}`);
    assert.equal(onsets.length, NOTES, `${dance.name}: ${onsets.length} onsets found, ${NOTES} expected`);
    t.diagnostic(`${dance.name}: largest onset error ${(1000 * Math.max(...onsets.map((time, i) => Math.abs(time - expected[i])))).toFixed(2)} ms`);
    onsets.forEach((time, i) => assert.ok(Math.abs(time - expected[i]) <= 0.01,
      `${dance.name}: note ${i} at ${time.toFixed(4)} s, its rhythm puts it at ${expected[i].toFixed(4)} s`));
    // Played back in its keys and rhythm: the notes and IOIs it chose are the tune's.
    const rightRhythms = classes.filter((c, i) => c === rhythms[i]).length;
    const rightKeys = played.notes.filter((midi, i) => midi === notes[i + 1]).length;
    t.diagnostic(`${dance.name}: ${rightRhythms} of ${NOTES - 1} IOIs and ${rightKeys} of ${NOTES - 1} keys the tune's`);
    assert.ok(rightRhythms >= 0.9 * (NOTES - 1) && rightKeys >= 0.9 * (NOTES - 1), `${dance.name}: ${rightRhythms} rhythms, ${rightKeys} keys right`);
  }
  assert.deepEqual(errors, []);
  await context.close();
});

test('tap tempo sets the tempo; the metronome clicks each beat when on and is silent when off', async () => {
  const { page, errors, context } = await openApp(site.browser, `${site.url}/`, { initScript: PROBE });
  const input = await inputAt(page);
  // Five taps 0.5 s apart, one of them late: the median interval, 120 bpm.
  const tapButton = await centreOf(page.locator('#tap-tempo'));
  let at = (await input.now()) + 0.5;
  for (const interval of [0.5, 0.5, 0.62, 0.5, 0]) {
    await input.click(tapButton, at);
    at += interval;
  }
  await until(() => pianoState(page), (state) => state.tempo === 120, { what: 'the tapped tempo' });
  assert.equal(await page.locator('#tempo-shown').textContent(), '120 bpm');

  assert.equal((await pianoState(page)).metronome, false, 'off by default');
  const clicks = () => page.evaluate(() => (window.probed.click ?? []).map((click) => click.time));
  await page.waitForTimeout(600);
  assert.deepEqual(await clicks(), [], 'no click while off');
  await page.locator('#metronome-on').check();
  assert.equal((await pianoState(page)).metronome, true);
  const on = await until(clicks, (times) => times.length >= 4, { timeout: 10000, what: 'four clicks' });
  await page.locator('#metronome-on').uncheck();
  const whenOff = (await clicks()).length;
  await page.waitForTimeout(800);
  assert.equal((await clicks()).length, whenOff, 'no click once off');
  // A beat apart at 120 bpm.
  on.slice(1).forEach((time, i) => assert.ok(Math.abs(time - on[i] - 0.5) < 1e-6, `click ${i + 1} ${time - on[i]} s after the one before`));

  // Rendered as the page sounds them: audible on each click, silent between.
  const lead = 0.05;
  const times = on.slice(0, 4).map((time) => time - on[0] + lead);
  const samples = await page.evaluate(async (clickTimes) => {
    const { renderOffline } = await import('/audio/piano-synth.js');
    return Array.from(await renderOffline({ events: [], clicks: clickTimes, seconds: 2 }));
  }, times);
  const rms = (from, to) => {
    let sum = 0;
    for (let i = Math.round(from * SAMPLE_RATE); i < Math.round(to * SAMPLE_RATE); i++) sum += samples[i] ** 2;
    return Math.sqrt(sum / ((to - from) * SAMPLE_RATE));
  };
  for (const time of times) {
    assert.ok(rms(time, time + 0.015) > 0.01, `a click heard at ${time} s: RMS ${rms(time, time + 0.015)}`);
    assert.ok(rms(time + 0.1, time + 0.45) < 1e-4, `silence after the click at ${time} s`);
    assert.ok(Math.max(...samples.slice(Math.round(time * SAMPLE_RATE), Math.round((time + 0.03) * SAMPLE_RATE)).map(Math.abs)) < 0.2, 'a quiet click');
  }
  assert.ok(rms(0, lead) === 0, 'silent before the first click');
  assert.deepEqual(errors, []);
  await context.close();
});

test('an untimed link of format 2 (a built-in tune taught before tunes had timing) opens the same: its notes, its tune learned', async () => {
  const link = readFileSync(resolve(REPO_ROOT, 'tests/core/fixtures/format2.link'), 'utf8').trim();
  const { page, errors, context } = await openApp(site.browser, `${site.url}/#${link}`);
  const opened = await pianoState(page);
  // The fixture's network heard its one tune (122 notes) whole: the list, which
  // now reads the timed built-in tunes, still knows it by its notes.
  assert.equal(opened.learnedNotes % 122, 0);
  const hearings = opened.learnedNotes / 122;
  assert.ok(hearings >= 1);
  assert.equal(await page.locator('.melody').first().locator('.melody-length').textContent(), `learned (${hearings}×)`);
  assert.deepEqual(errors, []);
  await context.close();
});
