// Loads the WebAssembly core under Node (which cannot fetch file:// URLs, so
// the wasm bytes are passed in), and runs the native hpiano for comparison.
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const wasmDir = path.join(process.env.HPIANO_SITE ?? path.join(root, 'build-wasm/site'), 'wasm');

export async function loadCore() {
  const { default: createHebbianCore } = await import(path.join(wasmDir, 'core.mjs'));
  return createHebbianCore({ wasmBinary: await readFile(path.join(wasmDir, 'core.wasm')) });
}

// Runs the native build/hpiano; returns its standard output.
export function hpiano(...args) {
  return execFileSync(path.join(root, 'build/hpiano'), args, { encoding: 'utf8', maxBuffer: 1 << 28 });
}

// Melodies of a corpus text (name<TAB>notes a line, a note MIDI or MIDI:IOI):
// [{name, notes, iois}], iois[i] the IOI token of note i ('1' where untimed).
export function parseCorpus(text) {
  return text.split('\n').filter((line) => line.trim()).map((line) => {
    const [name, tokens] = line.split('\t');
    const split = tokens.trim().split(/\s+/).map((token) => token.split(':'));
    return { name, notes: split.map(([midi]) => Number(midi)), iois: split.map(([, ioi = '1']) => ioi) };
  });
}

// Melodies of a corpus file.
export async function readCorpus(file) {
  return parseCorpus(await readFile(file, 'utf8'));
}

// A seeded generator of numbers in [0, 1) (mulberry32): the tests' jitter and draws.
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
