// Benchmark (not a test): the network's time per listening step in
// WebAssembly beside the native build, same configs and workload (the corpus
// heard with its rhythm, predicting each note before learning it, as
// hpiano_bench --listen), in CPU time (the machine may be shared): each row the
// median of ROUNDS rounds, native and wasm interleaved, after a warm-up pass (so
// that V8 has tiered the hot functions up).
// N = note neurons + context cells (12 + context_orders * pool_size + tune_pool * tune_pool_size),
// with tune_pool_size = 8 * pool_size as in the defaults and in hpiano_bench.
// usage: node tests/wasm/step.bench.mjs [CORPUS] [ROUNDS]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCore, root } from './core-module.mjs';

const corpusFile = path.resolve(process.argv[2] ?? path.join(root, 'web/melodies/builtin.txt'));
const rounds = Number(process.argv[3] ?? 3);
const core = await loadCore();
const { melodies } = core.parseCorpus(readFileSync(corpusFile, 'utf8'));

function wasmMicrosecondsPerStep(poolSize, orders, tunePool) {
  const network = new core.Network();
  network.reset({ pool_size: poolSize, tune_pool_size: 8 * poolSize, context_orders: orders, tune_pool: tunePool,
    slow_orders: Math.min(core.defaultConfig().slow_orders, orders), temperature: 1 });
  const hearCorpus = () => {
    for (const { notes, rhythms } of melodies) {
      network.newTune();
      notes.forEach((note, i) => {
        network.pitchClassPrediction();
        network.stepTimed(note, i === 0 ? -1 : rhythms[i - 1], true);
      });
    }
    return melodies.reduce((sum, { notes }) => sum + notes.length, 0);
  };
  hearCorpus();
  let steps = 0;
  const start = process.cpuUsage();
  const microseconds = () => {
    const used = process.cpuUsage(start);
    return used.user + used.system;
  };
  while (microseconds() < 1e6) steps += hearCorpus();
  const elapsed = microseconds();
  network.delete();
  return elapsed / steps;
}

const median = (values) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];

console.log(`\nCPU us per listening step, the median of ${rounds} rounds`);
console.log('\n| N | pool_size x context_orders + tune pool | native us/step | wasm us/step | wasm / native |');
console.log('|---:|---|---:|---:|---:|');
for (const [poolSize, orders, tunePool] of [[256, 1, 0], [1024, 1, 0], [16384, 8, 1]]) {  // the last: the defaults
  const native = [], wasm = [];
  for (let round = 0; round < rounds; round++) {
    native.push(Number(execFileSync(path.join(root, 'build/hpiano_bench'),
      ['--listen', String(poolSize), String(orders), String(tunePool), corpusFile]).toString()));
    wasm.push(wasmMicrosecondsPerStep(poolSize, orders, tunePool));
  }
  const n = 12 + orders * poolSize + tunePool * 8 * poolSize;
  console.log(`| ${n} | ${poolSize} x ${orders} + ${tunePool * 8 * poolSize} | ${median(native).toFixed(2)} | ${median(wasm).toFixed(2)} | ${(median(wasm) / median(native)).toFixed(2)} |`);
}
