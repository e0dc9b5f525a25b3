// The piano synthesiser in headless Chromium: wasm/synth.wasm played by the
// 'hebbian-piano' AudioWorklet (web/audio/), offline and in real time.
// Site directory: $HPIANO_SITE, default build-wasm/site (web/ plus site/wasm/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { collectConsoleErrors, SITE, useSiteInBrowser } from './harness.mjs';

const SAMPLE_RATE = 48000;

const site = useSiteInBrowser(setUp);
let page;
let errors;

// Before the tests, once the site and browser are up.
async function setUp() {
  for (const file of ['audio/piano-synth.js', 'audio/piano-worklet.js', 'wasm/synth.wasm']) {
    assert.ok(existsSync(resolve(SITE, file)), `${file} missing from the site directory ${SITE}`);
  }
  page = await site.browser.newPage();
  errors = collectConsoleErrors(page);
  await page.goto(`${site.url}/`);
}

// Renders through OfflineAudioContext in the page; returns a plain array.
async function renderOffline(options) {
  return page.evaluate(async (options) => {
    const { renderOffline } = await import('/audio/piano-synth.js');
    return Array.from(await renderOffline(options));
  }, { sampleRate: SAMPLE_RATE, ...options });
}

function rms(samples, from = 0, to = samples.length) {
  let sum = 0;
  for (let i = from; i < to; i++) sum += samples[i] * samples[i];
  return Math.sqrt(sum / (to - from));
}

// Fundamental by autocorrelation over [from, from + length): the first local
// maximum reaching 90% of the highest, refined by a parabola.
function pitchHz(samples, from, length) {
  const minLag = Math.floor(SAMPLE_RATE / 4500);
  const maxLag = Math.floor(SAMPLE_RATE / 30);
  const r = new Float64Array(maxLag + 2);
  for (let lag = 0; lag <= maxLag + 1; lag++) {
    for (let i = 0; i < length; i++) r[lag] += samples[from + i] * samples[from + i + lag];
  }
  const highest = Math.max(...r.subarray(minLag, maxLag + 1));
  for (let lag = minLag; lag <= maxLag; lag++) {
    if (r[lag] >= 0.9 * highest && r[lag] >= r[lag - 1] && r[lag] >= r[lag + 1]) {
      const curvature = r[lag - 1] - 2 * r[lag] + r[lag + 1];
      const offset = curvature !== 0 ? (0.5 * (r[lag - 1] - r[lag + 1])) / curvature : 0;
      return SAMPLE_RATE / (lag + offset);
    }
  }
  return 0;
}

test('offline A4 sounds at 440 Hz', async () => {
  const samples = await renderOffline({ midi: 69, velocity: 100, seconds: 1 });
  assert.equal(samples.length, SAMPLE_RATE);
  const level = rms(samples, 0, SAMPLE_RATE / 2);
  assert.ok(level > 0.01, `RMS ${level}`);
  const hz = pitchHz(samples, 0.1 * SAMPLE_RATE, 0.2 * SAMPLE_RATE);
  assert.ok(Math.abs(hz - 440) < 0.02 * 440, `A4 at ${hz} Hz`);
  assert.ok(samples.every((x) => Math.abs(x) <= 1), 'no sample beyond full scale');
});

test('offline C4 and A2 have their pitch', async () => {
  for (const [midi, expected] of [[60, 261.626], [45, 110]]) {
    const samples = await renderOffline({ midi, velocity: 80, seconds: 0.5 });
    const hz = pitchHz(samples, 0.1 * SAMPLE_RATE, 0.2 * SAMPLE_RATE);
    assert.ok(Math.abs(hz - expected) < 0.02 * expected, `midi ${midi} at ${hz} Hz, expected ${expected}`);
  }
});

test('a note scheduled at 0.5 s starts on its frame, not on a quantum boundary', async () => {
  const start = 0.5 * SAMPLE_RATE; // 24000 = 187.5 quanta of 128
  const samples = await renderOffline({ midi: 64, velocity: 100, seconds: 1, time: 0.5 });
  const first = samples.findIndex((x) => x !== 0);
  assert.ok(first >= start && first <= start + 48, `first sound at frame ${first}, expected ${start}`);
  assert.ok(rms(samples, start, start + 4800) > 0.01);
});

test('noteOff damps the note to silence', async () => {
  const samples = await renderOffline({ midi: 57, velocity: 110, seconds: 1.5, noteOffTime: 0.3 });
  const held = rms(samples, 0.1 * SAMPLE_RATE, 0.3 * SAMPLE_RATE);
  const tail = rms(samples, 1.3 * SAMPLE_RATE, 1.5 * SAMPLE_RATE);
  assert.ok(held > 0.01, `held RMS ${held}`);
  assert.ok(tail < 1e-4, `RMS ${tail} one second after noteOff`);
});

test('realtime AudioContext plays, and allNotesOff cancels scheduled notes', async () => {
  const result = await page.evaluate(async () => {
    const { createPianoSynth } = await import('/audio/piano-synth.js');
    const context = new AudioContext();
    await context.resume();
    const piano = await createPianoSynth(context, { connect: false });
    const analyser = new AnalyserNode(context, { fftSize: 2048 });
    piano.node.connect(analyser);
    analyser.connect(context.destination);
    const level = () => {
      const data = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(data);
      return Math.sqrt(data.reduce((sum, x) => sum + x * x, 0) / data.length);
    };
    const wait = (ms) => new Promise((done) => setTimeout(done, ms));
    piano.noteOn(69, 100);
    await wait(300);
    const playing = level();
    piano.allNotesOff();
    piano.noteOn(72, 100, context.currentTime + 0.6);
    piano.allNotesOff();
    await wait(1200);
    const afterCancel = level();
    const state = context.state;
    await context.close();
    return { playing, afterCancel, state };
  });
  assert.equal(result.state, 'running');
  assert.ok(result.playing > 0.005, `RMS while playing ${result.playing}`);
  assert.ok(result.afterCancel < 1e-4, `RMS after allNotesOff ${result.afterCancel}`);
});

test('the worklet reports the frame of each note\'s first non-zero sample (onSounded)', async () => {
  const result = await page.evaluate(async () => {
    const { createPianoSynth } = await import('/audio/piano-synth.js');
    const context = new AudioContext();
    await context.resume();
    const reports = [];
    let heard;
    const both = new Promise((resolve) => (heard = resolve));
    const piano = await createPianoSynth(context, {
      connect: true,
      onSounded: (sounded) => reports.push(sounded) === 2 && heard(),
    });
    const start = context.currentTime + 0.2;
    piano.noteOn(64, 100, start);
    piano.noteOn(67, 100, start + 0.05);
    await Promise.race([both, new Promise((done) => setTimeout(done, 3000))]);
    await context.close();
    return { reports, scheduled: [Math.round(start * context.sampleRate), Math.round((start + 0.05) * context.sampleRate)] };
  });
  assert.deepEqual(result.reports.map((report) => report.midi), [64, 67]);
  result.reports.forEach((report, i) => {
    // The note starts on its scheduled frame; its attack is heard within a millisecond.
    assert.ok(report.frame >= result.scheduled[i] && report.frame < result.scheduled[i] + report.sampleRate / 1000,
      `note ${report.midi} first sounded at frame ${report.frame}, scheduled at ${result.scheduled[i]}`);
  });
});

test('synth_render with 16 voices costs far less than a 128-frame quantum', async (t) => {
  const cost = await page.evaluate(async () => {
    const bytes = await (await fetch('/wasm/synth.wasm')).arrayBuffer();
    const { instance } = await WebAssembly.instantiate(bytes, {});
    const synth = instance.exports;
    synth._initialize?.();
    synth.synth_init(48000);
    // 16 notes, struck again every 250 quanta so that none dies away. The
    // fastest of 10 rounds, as V8 first runs wasm in its baseline compiler.
    const strikeAll = () => {
      for (let note = 0; note < 16; note++) synth.synth_note_on(40 + 3 * note, 100);
    };
    let fewestVoices = 16;
    let fastest = Infinity;
    for (let round = 0; round < 10; round++) {
      strikeAll();
      const quanta = 250;
      const begin = performance.now();
      for (let i = 0; i < quanta; i++) synth.synth_render(128);
      fastest = Math.min(fastest, ((performance.now() - begin) * 1000) / quanta);
      fewestVoices = Math.min(fewestVoices, synth.synth_active_voices());
    }
    return { voices: fewestVoices, perQuantum: fastest };
  });
  t.diagnostic(`synth_render(128), ${cost.voices} voices: ${cost.perQuantum.toFixed(1)} us`);
  assert.equal(cost.voices, 16);
  const budget = (128 / 48000) * 1e6;
  assert.ok(cost.perQuantum < budget / 4, `${cost.perQuantum} us of a ${budget} us quantum`);
});

test('no console errors', () => {
  assert.deepEqual(errors, []);
});
