// The page and the embed fetch their first screen in one round: each HTML
// file modulepreloads every module its entry script imports statically, at
// any depth (without it, each level of imports is one more round trip before
// ready), and nothing that is imported later with import() (a panel further
// down), whose bytes would then count before ready again (issue 12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './harness.mjs';

const WEB = path.join(REPO_ROOT, 'web');
const STATIC_IMPORT = /^\s*(?:import|export)\s[^'"()]*?\bfrom\s+'([^']+)';|^\s*import\s+'([^']+)';/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*'([^']+)'\s*\)/g;

// Every module `entry` reaches through static imports (paths under web/, '/'-separated).
/** @param {string} entry @returns {Set<string>} */
function staticGraph(entry) {
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    const text = readFileSync(path.join(WEB, file), 'utf8');
    for (const match of text.matchAll(STATIC_IMPORT)) visit(path.posix.join(path.posix.dirname(file), match[1] ?? match[2]));
  };
  visit(entry);
  return reached;
}

/** @param {string} html @returns {Set<string>} */
function preloaded(html) {
  const text = readFileSync(path.join(WEB, html), 'utf8');
  return new Set([...text.matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((match) => match[1]));
}

for (const [html, entry] of [['index.html', 'app.js'], ['embed.html', 'embed.js']]) {
  test(`${html} modulepreloads exactly the modules ${entry} imports statically, and the wasm glue`, () => {
    const graph = staticGraph(entry);
    graph.delete(entry);  // its own <script type="module">
    const wanted = new Set([...graph, 'wasm/core.mjs']);  // network.js imports the glue with import()
    const preloads = preloaded(html);
    assert.deepEqual([...wanted].filter((file) => !preloads.has(file)).sort(), [], 'imported but not preloaded');
    assert.deepEqual([...preloads].filter((file) => !wanted.has(file)).sort(), [], 'preloaded but not imported at start');
  });
}

test('the page imports its later panels with import(), and nothing imports them statically', () => {
  const appText = readFileSync(path.join(WEB, 'app.js'), 'utf8');
  const later = [...appText.matchAll(DYNAMIC_IMPORT)].map((match) => path.posix.normalize(match[1]));
  assert.deepEqual(later.sort(), ['midi/midi-input.js', 'midi/midi-input.js', 'midi/midi-panel.js', 'panels/share-panel.js']);
  const graph = staticGraph('app.js');
  for (const file of later) assert.ok(!graph.has(file), `${file} is in the first screen's graph`);
});
