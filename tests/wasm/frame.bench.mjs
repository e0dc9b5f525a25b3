// Benchmark (not a test): what a key press costs the page, and the wasm heap
// after opening a link, in one run.
//  - calls from JS into wasm and microseconds per key on the page's press path
//    (step, then the frame the views draw), through web/network.js's
//    NetworkModel, beside the per-field reads the page made before the core
//    built the frame (kept below as `legacyPress`, a copy of the old path);
//  - the wasm heap (MiB) after opening a link of the 24 built-in tunes in a
//    fresh module: by a default network's openShared (the old way, which
//    builds a throwaway default network first), by core.openShared beside the
//    page's default network, and by core.openShared alone (the page now).
// usage: node tests/wasm/frame.bench.mjs [CORPUS]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { inflateRawSync } from 'node:zlib';
import path from 'node:path';
import { hpiano, loadCore, readCorpus, root } from './core-module.mjs';
import { NetworkModel } from '../../web/network.js';
import { legacyPress } from './legacy-frame.mjs';

const corpusFile = path.resolve(process.argv[2] ?? path.join(root, 'web/melodies/builtin.txt'));
const melodies = await readCorpus(corpusFile);
const dir = mkdtempSync(path.join(tmpdir(), 'hpiano-bench-'));
const netFile = path.join(dir, 'corpus.hpn');
hpiano('train', '--corpus', corpusFile, '--out', netFile);
const link = hpiano('share', '--net', netFile).trim();

const MIB = 1 << 20;
const heapMiB = (core) => core.HEAP8.buffer.byteLength / MIB;

function payloadOf(core) {
  const found = core.compressedFromLink(link);
  if (found.error) throw new Error(found.error);
  return inflateRawSync(found.bytes);
}

// The network of the link: by the core's factory, or (in a build from before
// it) by opening into a default network.
function openLink(core) {
  if (core.openShared) return core.openShared(payloadOf(core)).network;
  const network = new core.Network();
  network.openShared(payloadOf(core));
  return network;
}

// Counts every call from JS into wasm: the Embind methods of the core's
// classes and its free functions.
function countCalls(core) {
  const counter = { calls: 0 };
  const wrap = (holder, name) => {
    const inner = holder[name];
    if (typeof inner !== 'function' || name === 'constructor' || name === 'delete') return;
    holder[name] = function counted(...args) {
      counter.calls++;
      return inner.apply(this, args);
    };
  };
  for (const cls of [core.Network, core.Frame].filter(Boolean)) {
    for (const name of Object.getOwnPropertyNames(cls.prototype)) wrap(cls.prototype, name);
  }
  for (const name of ['openShared', 'load', 'configParams', 'defaultConfig']) if (core[name]) wrap(core, name);
  return counter;
}

// Calls per key and microseconds per key of each press path: every note of
// the corpus pressed once, from the network of the link (the same steps each
// way, so the same work in the core); the fastest of ROUNDS runs, the paths
// taking turns, since other processes share the machine.
const ROUNDS = 3;
const notes = melodies.flatMap((melody) => melody.notes);
const paths = [['per-field reads (before)', (core, network) => (midi) => legacyPress(network, midi)]];
const probe = await loadCore();
if (probe.Frame) {
  paths.push(['NetworkModel step + frame (now)', (core, network) => {
    const page = new NetworkModel(core);
    page.adopt(network);
    return (midi) => page.step(midi, true) && page.frame();
  }]);
}
const cores = await Promise.all(paths.map(() => loadCore()));
const counters = cores.map(countCalls);
const results = paths.map(() => ({ calls: 0, microseconds: Infinity }));
for (let round = 0; round < ROUNDS; round++) {
  paths.forEach(([, makePress], p) => {
    const network = openLink(cores[p]);
    const press = makePress(cores[p], network);
    counters[p].calls = 0;
    const start = performance.now();
    for (const note of notes) press(note);
    const elapsed = performance.now() - start;
    results[p] = { calls: counters[p].calls / notes.length, microseconds: Math.min(results[p].microseconds, (elapsed * 1000) / notes.length) };
    network.delete();
  });
}
const rows = paths.map(([name], p) => [name, results[p]]);
console.log('\n| a key press on the page | calls JS -> wasm | us/key |');
console.log('|---|---:|---:|');
for (const [name, { calls, microseconds }] of rows) console.log(`| ${name} | ${calls.toFixed(1)} | ${microseconds.toFixed(1)} |`);

// The heap after opening the link in a fresh module, as the page has opened
// it: beside the page's own default network, by a scratch default network's
// openShared (older), or by the core's factory; and as the page opens it now,
// starting from the opened network with no default one (app.js). A build with
// the factory emulates the old way with a default network left beside the one
// it opens: the same peak.
const heaps = [];
for (const way of ['scratch', 'factory', 'alone']) {
  const core = await loadCore();
  if (way !== 'scratch' && !core.openShared) continue;
  const initial = heapMiB(core);
  const page = way === 'alone' ? null : new core.Network();
  const scratch = way === 'scratch' ? new core.Network() : null;
  const opened = core.openShared ? core.openShared(payloadOf(core)) : scratch.openShared(payloadOf(core));
  if (opened.error) throw new Error(opened.error);
  const name = {
    scratch: 'beside a default network, a scratch default network, then its openShared (older)',
    factory: 'beside a default network, core.openShared (before)',
    alone: 'core.openShared, the page starting from it (now)',
  }[way];
  heaps.push([name, initial, heapMiB(core)]);
  for (const network of [page, scratch, opened.network]) network?.delete();
}
console.log(`\n| opening a link of ${melodies.length} tunes (${link.length} characters) | wasm heap at start, MiB | after, MiB |`);
console.log('|---|---:|---:|');
for (const [name, before, after] of heaps) console.log(`| ${name} | ${before.toFixed(0)} | ${after.toFixed(0)} |`);
