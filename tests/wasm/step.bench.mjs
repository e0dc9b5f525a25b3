// Benchmark (not a test): the network's time per listening step in
// WebAssembly beside the native build, same configs and corpus, one run.
// N = note neurons + context cells (12 + context_orders * pool_size + tune_pool * tune_pool_size),
// with tune_pool_size = 8 * pool_size as in the defaults and in hpiano_bench.
// usage: node tests/wasm/step.bench.mjs [CORPUS]
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { loadCore, readCorpus, root } from './core-module.mjs';

const corpusFile = path.resolve(process.argv[2] ?? path.join(root, 'web/melodies/builtin.txt'));
const melodies = await readCorpus(corpusFile);
const core = await loadCore();

function wasmMicrosecondsPerStep(poolSize, orders, tunePool) {
  const network = new core.Network();
  network.reset({ pool_size: poolSize, tune_pool_size: 8 * poolSize, context_orders: orders, tune_pool: tunePool,
    slow_orders: Math.min(core.defaultConfig().slow_orders, orders), temperature: 1 });
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

console.log('\n| N | pool_size x context_orders + tune pool | native us/step | wasm us/step | wasm / native |');
console.log('|---:|---|---:|---:|---:|');
for (const [poolSize, orders, tunePool] of [[256, 1, 0], [1024, 1, 0], [16384, 8, 1]]) {  // the last: the defaults
  const native = Number(execFileSync(path.join(root, 'build/hpiano_bench'),
    ['--listen', String(poolSize), String(orders), String(tunePool), corpusFile]).toString());
  const wasm = wasmMicrosecondsPerStep(poolSize, orders, tunePool);
  const n = 12 + orders * poolSize + tunePool * 8 * poolSize;
  console.log(`| ${n} | ${poolSize} x ${orders} + ${tunePool * 8 * poolSize} | ${native.toFixed(2)} | ${wasm.toFixed(2)} | ${(wasm / native).toFixed(2)} |`);
}
