// The page's timing (web/timing.js) on the core's rhythm classes: a gap
// between two key presses heard as a class at a tempo, a long pause as a
// rest, tap tempo; and the bindings the page reads tunes and classes through.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadCore, root, seededRandom as random } from './core-module.mjs';
import { NO_RHYTHM, ONE_BEAT, restBeats, rhythmOfGap, rhythmTable, secondsOf, tempoFromTaps, createTapTempo, createTempoFollower } from '../../web/timing.js';

const core = await loadCore();
const table = rhythmTable(core);
const BEATS = [1 / 6, 1 / 4, 1 / 3, 1 / 2, 2 / 3, 3 / 4, 1, 3 / 2, 2, 3, 4, 6];
const near = (actual, expected, what) => assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual}, not ${expected}`);

test('the classes are the core\'s: their beats, one beat, and a length to its nearest class', () => {
  assert.deepEqual(table.beats, BEATS);
  assert.equal(table.classOf(1), ONE_BEAT);
  assert.equal(table.classOf(0.5), 3);
  assert.equal(table.classOf(0.3), 2);  // nearer 1/3 than 1/4 on a log scale
  assert.equal(table.classOf(100), 11);
  assert.equal(core.rhythmClassOf(0), NO_RHYTHM);
});

test('a gap is heard as its class at the tempo; a pause beyond the longest class is a rest', () => {
  for (const tempo of [60, 132, 200]) {
    const beat = 60 / tempo;
    BEATS.forEach((beats, c) => {
      assert.equal(rhythmOfGap(beats * beat, tempo, table), c, `${beats} beats at ${tempo} bpm`);
      near(secondsOf(c, tempo, table), beats * beat, `class ${c} at ${tempo} bpm`);
    });
    assert.equal(rhythmOfGap(7 * beat, tempo, table), 11, 'seven beats: still the longest class');
    assert.equal(rhythmOfGap(8 * beat, tempo, table), NO_RHYTHM, 'eight beats: a rest');
    assert.equal(rhythmOfGap(0, tempo, table), 0, 'two notes at once: the shortest class');
  }
  assert.ok(Math.abs(restBeats(table) - 6 * Math.sqrt(1.5)) < 1e-12);
  assert.equal(rhythmOfGap(Number.NaN, 120, table), NO_RHYTHM);
  assert.equal(secondsOf(NO_RHYTHM, 120, table), 0.5, 'no rhythm: one beat');
});

test('gaps with +-10% jitter are heard in their class, for every class at least 13% from its neighbours', () => {
  const next = random(10);
  // 2/3 and 3/4 beat lie 12.5% apart: no hearing tells them apart within +-10%.
  const distinct = [0, 1, 2, 3, 6, 7, 8, 9, 10, 11];
  let right = 0;
  const presses = 2000;
  for (let i = 0; i < presses; i++) {
    const c = distinct[Math.floor(next() * distinct.length)];
    const gap = secondsOf(c, 132, table) * (1 + 0.2 * (next() - 0.5));
    right += rhythmOfGap(gap, 132, table) === c;
  }
  assert.equal(right, presses);
});

test('tap tempo: the median interval of the taps, a pause starts anew', () => {
  assert.equal(tempoFromTaps([1]), null);
  assert.equal(tempoFromTaps([0, 0.5, 1, 1.5]), 120);
  assert.equal(tempoFromTaps([0, 0.5, 1.3, 1.8]), 120, 'one late tap moves nothing');
  const taps = createTapTempo();
  assert.equal(taps.tap(10), null);
  near(taps.tap(10.6), 100, 'two taps 0.6 s apart');
  assert.equal(taps.tap(20), null, 'after a long pause, one tap is no tempo');
  near(taps.tap(20.4), 150, 'two taps 0.4 s apart');
});

// A player's gaps (seconds, in their classes) heard by the page at 132 bpm,
// following or not as the page does (piano.js): how many were heard in their
// class, and the page's tempo at the end.
function hearPlayer(gaps, follow) {
  const follower = createTempoFollower();
  let tempo = 132;
  let right = 0;
  for (const { seconds, rhythm } of gaps) {
    const heard = rhythmOfGap(seconds, tempo, table);
    right += heard === rhythm;
    const followed = follow ? follower.hear(seconds, heard, tempo, table) : null;
    if (followed !== null) tempo = Math.round(followed);
  }
  return { right, tempo };
}

test('following the player: a slowing player is followed and heard right; a jittery one leaves the tempo near', () => {
  const next = random(7);
  // Quarters and eighths, slowing from 132 to 100 bpm over 60 notes, then 40 at 100.
  const slowing = Array.from({ length: 100 }, (_, i) => {
    const bpm = 132 - 32 * Math.min(1, i / 60);
    const rhythm = next() < 0.5 ? 3 : ONE_BEAT;
    return { seconds: (BEATS[rhythm] * 60) / bpm, rhythm };
  });
  const followed = hearPlayer(slowing, true);
  assert.equal(followed.right, 100, 'every gap heard in its class');
  assert.ok(Math.abs(followed.tempo - 100) <= 3, `the tempo follows to ${followed.tempo} bpm`);
  assert.ok(hearPlayer(slowing, false).right < 80, 'without following, the slow gaps are heard as longer classes');
  // At the page's tempo with +-10% jitter a note, in every distinct class.
  const distinct = [0, 1, 2, 3, 6, 7, 8, 9, 10, 11];
  const jittery = Array.from({ length: 400 }, () => {
    const rhythm = distinct[Math.floor(next() * distinct.length)];
    return { seconds: secondsOf(rhythm, 132, table) * (1 + 0.2 * (next() - 0.5)), rhythm };
  });
  const steady = hearPlayer(jittery, true);
  assert.ok(Math.abs(steady.tempo - 132) <= 132 * 0.05, `the tempo stays near 132: ${steady.tempo}`);
  assert.ok(steady.right >= 0.95 * 400, `${steady.right} of 400 heard in their class`);
  // A rest or a gap far from its class says nothing.
  const follower = createTempoFollower();
  for (let i = 0; i < 10; i++) assert.equal(follower.hear(0.6, NO_RHYTHM, 132, table), null);
  for (let i = 0; i < 10; i++) assert.equal(follower.hear(0.3, ONE_BEAT, 132, table), null, 'half the length of its class');
});

test('parseCorpus reads timed and untimed lines alike: notes, and each note\'s class (one beat untimed)', () => {
  const { error, melodies } = core.parseCorpus('a\t62:1/2 64:3/2 66 67:1/3\nb\t60 62\n');
  assert.equal(error, '');
  assert.deepEqual(melodies, [
    { name: 'a', notes: [62, 64, 66, 67], rhythms: [3, 7, ONE_BEAT, 2] },
    { name: 'b', notes: [60, 62], rhythms: [ONE_BEAT, ONE_BEAT] },
  ]);
  assert.match(core.parseCorpus('a\t62:1/0 64').error, /line 1/);
  // The built-in tunes: the timed corpus, with the notes the untimed one had.
  const builtin = core.parseCorpus(readFileSync(path.join(root, 'web/melodies/builtin.txt'), 'utf8'));
  assert.equal(builtin.error, '');
  assert.equal(builtin.melodies.length, 24);
  assert.ok(builtin.melodies.some((tune) => tune.rhythms.some((rhythm) => rhythm !== ONE_BEAT)));
});
