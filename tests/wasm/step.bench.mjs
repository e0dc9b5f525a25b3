// Benchmark (not a test): the network's time per listening step in
// WebAssembly beside the native build, same configs and corpus, one run.
// N = note neurons + context cells (12 + context_orders * pool_size).
// usage: node tests/wasm/step.bench.mjs [CORPUS]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadCore, readCorpus, root } from './core-module.mjs';

const corpusFile = path.resolve(process.argv[2] ?? path.join(root, 'web/melodies/builtin.txt'));
const melodies = await readCorpus(corpusFile);
const core = await loadCore();

function wasmMicrosecondsPerStep(poolSize, orders) {
  const network = new core.Network();
  network.reset({ pool_size: poolSize, context_orders: orders, slow_orders: Math.min(3, orders), temperature: 1 });
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < 1000) {
    for (const { notes } of melodies) {
      network.newTune();
      for (const note of notes) {
        network.pitchClassPrediction();
        network.step(note, true);
      }
      steps += notes.length;
    }
  }
  const elapsed = performance.now() - start;
  network.delete();
  return (elapsed * 1000) / steps;
}

console.log('\n| N | pool_size x context_orders | native us/step | wasm us/step | wasm / native |');
console.log('|---:|---|---:|---:|---:|');
for (const [poolSize, orders] of [[256, 1], [1024, 1], [4096, 8]]) {
  const native = Number(execFileSync(path.join(root, 'build/hpiano_bench'),
    ['--listen', String(poolSize), String(orders), corpusFile]).toString());
  const wasm = wasmMicrosecondsPerStep(poolSize, orders);
  const n = 12 + orders * poolSize;
  console.log(`| ${n} | ${poolSize} x ${orders} | ${native.toFixed(2)} | ${wasm.toFixed(2)} | ${(wasm / native).toFixed(2)} |`);
}
