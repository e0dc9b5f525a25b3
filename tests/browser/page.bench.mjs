// Benchmark (not a test): how fast the page opens and answers, in headless
// Chromium on localhost, in one run (scripts/bench):
//  - the bytes index.html loads (each file gzip -9, as a server would send it):
//    those asked for before hebbianPiano is ready (the first screen: the keys
//    play, the views draw), and those the page fetches after (panels, the synth:
//    in idle time or on first use), file by file;
//  - navigation to window.hebbianPiano ready, cold (a new browser each load,
//    nothing kept), with the breakdown of start-up from the page's
//    performance marks (hpiano:*, set in index.html, app.js, network.js and share.js);
//  - opening a link of the 24 built-in tunes to ready, with its breakdown;
//  - the wasm heap after opening that link as the page does (node), and the
//    link's replay per note in wasm beside a native listening step;
//  - a key press to its first non-zero sample once audio runs (presses 2 to 50),
//    beyond the AudioContext's own baseLatency + outputLatency.
// usage: node tests/browser/page.bench.mjs [LOADS]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync, inflateRawSync } from 'node:zlib';
import { hpiano, launchBrowser, REPO_ROOT, SITE, startServer } from './harness.mjs';
import { loadCore } from '../wasm/core-module.mjs';
import { NetworkModel } from '../../web/network.js';

const LOADS = Number(process.argv[2] ?? 5);
const PRESSES = 50;
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const ms = (value) => (Number.isFinite(value) ? value.toFixed(1) : '-');
const spread = (values) => `${ms(median(values))} (${ms(Math.min(...values))}-${ms(Math.max(...values))})`;

const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-page-bench-'));
const netFile = path.join(dir, 'builtin.hpn');
const corpus = path.join(REPO_ROOT, 'web/melodies/builtin.txt');
hpiano('train', '--corpus', corpus, '--out', netFile);
const link = hpiano('share', '--net', netFile).trim();
const fragment = link.slice(link.indexOf('#') + 1);

const server = await startServer(SITE);

// One cold load of `address`: a new browser, so nothing compiled or kept from
// before. Returns the marks (ms since navigation), the resources fetched and
// when ready resolved.
async function coldLoad(address) {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const fetched = new Set();
    page.on('response', (response) => fetched.add(new URL(response.url()).pathname));
    await page.goto(address);
    await page.waitForFunction(() => window.hebbianPiano);
    await page.evaluate(() => window.hebbianPiano.ready);
    await page.waitForFunction(() => performance.getEntriesByName('hpiano:first-frame').length > 0, null, { timeout: 3000 }).catch(() => {});
    await page.waitForFunction(() => performance.getEntriesByName('hpiano:later-arrived').length > 0, null, { timeout: 3000 }).catch(() => {});
    await page.waitForLoadState('networkidle');
    const timing = await page.evaluate(() => {
      const marks = {};
      for (const mark of performance.getEntriesByType('mark')) marks[mark.name.replace('hpiano:', '')] ??= mark.startTime;
      const resources = {};
      for (const entry of performance.getEntriesByType('resource')) {
        resources[new URL(entry.name).pathname] = { start: entry.startTime, end: entry.responseEnd };
      }
      const [navigation] = performance.getEntriesByType('navigation');
      return { marks, resources, html: navigation.responseEnd };
    });
    // Ready: app.js's last mark before it resolves hebbianPiano.ready.
    return { ready: timing.marks['network-ready'], fetched: [...fetched], ...timing };
  } finally {
    await browser.close();
  }
}

// Each row: [what, (load) => ms]; printed as median (range) over the loads.
function printRows(title, loads, rows) {
  console.log(`\n| ${title} | median (range), ms |`);
  console.log('|---|---:|');
  for (const [what, of] of rows) console.log(`| ${what} | ${spread(loads.map(of))} |`);
}

// Bytes: every file the page fetched, gzip -9; before ready: asked for
// before the page's ready mark (index.html itself too).
const first = await coldLoad(`${server.url}/`);
const files = first.fetched.map((pathname) => {
  const bytes = readFileSync(path.join(SITE, decodeURIComponent(pathname === '/' ? '/index.html' : pathname)));
  const asked = pathname === '/' ? 0 : first.resources[pathname]?.start ?? Infinity;
  return { pathname, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, beforeReady: asked < first.ready };
}).sort((a, b) => b.gzip - a.gzip);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const sum = (list, key) => list.reduce((total, file) => total + file[key], 0);
const beforeReady = files.filter((file) => file.beforeReady);
const later = files.filter((file) => !file.beforeReady);
console.log(`\n| bytes index.html loads before hebbianPiano is ready (${beforeReady.length} files) | raw | gzip -9 |`);
console.log('|---|---:|---:|');
for (const file of beforeReady.slice(0, 8)) console.log(`| ${file.pathname} | ${kb(file.raw)} | ${kb(file.gzip)} |`);
console.log(`| **all ${beforeReady.length} files before ready** | ${kb(sum(beforeReady, 'raw'))} | **${kb(sum(beforeReady, 'gzip'))}** |`);
console.log(`| then after ready (idle time, first use): ${later.map((file) => file.pathname).join(' ') || 'none'} | ${kb(sum(later, 'raw'))} | ${kb(sum(later, 'gzip'))} |`);
console.log(`| all ${files.length} files | ${kb(sum(files, 'raw'))} | ${kb(sum(files, 'gzip'))} |`);

const between = (from, to) => (load) => load.marks[to] - load.marks[from];
const resourceEnd = (pathname) => (load) => load.resources[pathname]?.end;

const cold = [first];
for (let i = 1; i < LOADS; i++) cold.push(await coldLoad(`${server.url}/`));
printRows(`start-up, ${LOADS} cold loads (ms since navigation, or a step's own ms)`, cold, [
  ['index.html received (at)', (load) => load.html],
  ['app.js starts (at; all its modules fetched)', (load) => load.marks['app-start']],
  ['core.mjs received (at)', resourceEnd('/wasm/core.mjs')],
  ['core.wasm received (at)', resourceEnd('/wasm/core.wasm')],
  ['wasm compiled (at; compiled as it streams, from index.html\'s head)', (load) => load.marks['wasm-compiled']],
  ['instantiated (at; once core.mjs and network.js have run)', (load) => load.marks['wasm-instantiated']],
  ['Embind start-up', between('wasm-instantiated', 'core-created')],
  ['app.js has the core (at)', (load) => load.marks['core-ready']],
  ['IndexedDB read done (at)', (load) => load.marks['saved-read']],
  ['waiting for IndexedDB (and a link)', between('core-ready', 'opened')],
  ['building the network (a default one here) and its frame', between('opened', 'network-built')],
  ['building the page', between('network-built', 'page-built')],
  ['adopting / restoring', between('page-built', 'adopted')],
  ['then to ready', between('adopted', 'network-ready')],
  ['**navigation to hebbianPiano ready**', (load) => load.ready],
  ['first frame after ready', between('network-ready', 'first-frame')],
  ['after ready: the later panels and the synthesiser arrived (at)', (load) => load.marks['later-arrived']],
]);

const linked = [];
for (let i = 0; i < LOADS; i++) linked.push(await coldLoad(`${server.url}/#${fragment}`));
printRows(`opening a link of the 24 built-in tunes (${fragment.length} characters), ${LOADS} cold loads`, linked, [
  ['core ready (at)', (load) => load.marks['core-ready']],
  ['decode (base64url)', between('core-ready', 'link-decoded')],
  ['inflate', between('link-decoded', 'link-inflated')],
  ['replay (core.openShared)', between('link-inflated', 'link-replayed')],
  ['then waiting for IndexedDB', between('link-replayed', 'opened')],
  ['the network model and its frame', between('opened', 'network-built')],
  ['building the page', between('network-built', 'page-built')],
  ['adopt', between('page-built', 'adopted')],
  ['then to ready', between('adopted', 'network-ready')],
  ['**navigation to hebbianPiano ready**', (load) => load.ready],
  ['first frame after ready', between('network-ready', 'first-frame')],
]);

// The heap after opening the link in a fresh module as the page does: the
// opened network becomes the page's (no default network beside it); and the
// replay's time in wasm beside the native hpiano's (best of 5).
{
  const core = await loadCore();
  const payload = inflateRawSync(core.compressedFromLink(link).bytes);
  const opened = core.openShared(payload);
  const model = new NetworkModel(core, opened.network);
  const notes = model.learnedNotes;
  console.log(`\n| wasm heap after opening the link as the page does (node) | ${(core.HEAP8.buffer.byteLength / (1 << 20)).toFixed(1)} MiB |`);
  console.log('|---|---:|');
  model.network.delete();
  let wasmMs = Infinity;
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    core.openShared(payload).network.delete();
    wasmMs = Math.min(wasmMs, performance.now() - start);
  }
  // Native: a listening step at the defaults (hpiano_bench), as the replay's steps are.
  const nativeUs = Number(execFileSync(path.join(REPO_ROOT, 'build/hpiano_bench'), ['--listen', '16384', '8', '1', corpus]).toString());
  const wasmUs = (wasmMs * 1000) / notes;
  console.log(`\n| replaying the link (${notes} notes) | native us/step (hpiano_bench, defaults) | wasm us/note (core.openShared, node, best of 5) | wasm / native |`);
  console.log('|---|---:|---:|---:|');
  console.log(`| wasm ${ms(wasmMs)} ms in all | ${nativeUs.toFixed(1)} | ${wasmUs.toFixed(1)} | ${(wasmUs / nativeUs).toFixed(2)} |`);
}

// Key presses once audio runs: the page's share of the delay is the main
// thread's (key event to the note-on leaving for the worklet) plus the audio
// thread's (the audio clock then to the note's first non-zero sample).
{
  const browser = await launchBrowser();
  const context = await browser.newContext();
  await context.addInitScript(() => {
    const log = { keys: [], sent: [], sounded: [], scheduled: [], click: [] };
    window.__latency = log;
    addEventListener('keydown', (event) => log.keys.push(event.timeStamp), { capture: true });
    window.hebbianPianoProbe = (what, detail) => log[what].push(detail);
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.hebbianPiano);
  await page.evaluate(() => window.hebbianPiano.ready);
  const sounded = () => page.evaluate(() => window.__latency.sounded.length);
  for (let press = 1; press <= PRESSES; press++) {
    await page.keyboard.down('a');
    const deadline = Date.now() + 5000;
    while ((await sounded()) < press && Date.now() < deadline) await new Promise((done) => setTimeout(done, 5));
    await page.keyboard.up('a');
    if ((await sounded()) < press) break;  // a page that does not report its sounds
    await new Promise((done) => setTimeout(done, 40));
  }
  const log = await page.evaluate(() => window.__latency);
  await browser.close();
  const rows = [];
  for (let i = 1; i < Math.min(log.keys.length, log.sent.length, log.sounded.length); i++) {
    const main = log.sent[i].at - log.keys[i];
    const audio = (log.sounded[i].frame / log.sounded[i].sampleRate - log.sent[i].contextTime) * 1000;
    rows.push({ main, audio, total: main + audio });
  }
  const quantum = log.sounded.length ? (128 / log.sounded[0].sampleRate) * 1000 : NaN;
  console.log(`\n| a key press to its first non-zero sample, presses 2-${rows.length + 1} | median (range), ms |`);
  console.log('|---|---:|');
  console.log(`| main thread: key event to the note-on sent | ${spread(rows.map((row) => row.main))} |`);
  console.log(`| audio thread: the clock then to the first non-zero sample | ${spread(rows.map((row) => row.audio))} |`);
  console.log(`| **the page's share** (target: under one quantum, ${ms(quantum)} ms) | ${spread(rows.map((row) => row.total))} |`);
  console.log(`| the AudioContext's own baseLatency + outputLatency (not included) | ${ms((log.sent[1]?.outputLatency ?? NaN) * 1000)} |`);
}
await server.close();
