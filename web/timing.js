// @ts-check
// Time on the page: the rhythm classes in seconds at a tempo, the class of a
// gap between two key presses, and tap tempo. The classes themselves (their
// beats, and which class a length belongs to) are the core's (core/rhythm.h,
// through the bindings' rhythmClassBeats and rhythmClassOf): nothing here
// re-derives them.
//
// A tune, everywhere on the page: {notes, rhythms}, notes MIDI numbers and
// rhythms[i] the class (0..11) of the IOI from note i to note i + 1 (the
// last: its written length), as a timed corpus line gives them.

/** @typedef {{notes: number[], rhythms: number[]}} Tune */

/**
 * The core's rhythm classes, as the page uses them.
 * @typedef {object} RhythmTable
 * @property {number[]} beats              beats of each class: 1/6, 1/4, ... 6
 * @property {(beats: number) => number} classOf  the class nearest `beats` (> 0) on a log scale
 */

// The class of one beat: an untimed note (core/rhythm.h's kOneBeatClass).
export const ONE_BEAT = 6;
// A step with no IOI ending at it (a tune's first note, a note after a rest).
export const NO_RHYTHM = -1;

/** @param {{rhythmClassBeats: () => number[], rhythmClassOf: (beats: number) => number}} core @returns {RhythmTable} */
export function rhythmTable(core) {
  return { beats: Array.from(core.rhythmClassBeats()), classOf: (beats) => core.rhythmClassOf(beats) };
}

// A pause longer than this many beats is a rest, not a long note: beyond the
// longest class (6 beats) by as much as the boundary between the two longest
// lies beyond the shorter, on the same log scale: 6 * sqrt(6 / 4) = 7.35 beats.
/** @param {RhythmTable} table */
export function restBeats({ beats }) {
  const [shorter, longest] = beats.slice(-2);
  return longest * Math.sqrt(longest / shorter);
}

/**
 * What a gap between two onsets is heard as, at `tempo` bpm: the rhythm class
 * of the IOI that ended at the later note (two notes at once, gap 0 or less
 * as two events of one moment can have: the shortest), or NO_RHYTHM for a
 * rest (a gap beyond restBeats; NaN, no earlier note).
 * @param {number} seconds  from the earlier onset to this one
 * @param {number} tempo    beats per minute
 * @param {RhythmTable} table
 */
export function rhythmOfGap(seconds, tempo, table) {
  const beats = (seconds * tempo) / 60;
  if (!(beats <= restBeats(table))) return NO_RHYTHM;
  return table.classOf(Math.max(beats, table.beats[0]));
}

/** Seconds of rhythm class `rhythm` at `tempo` bpm (one beat for NO_RHYTHM). @param {number} rhythm @param {number} tempo @param {RhythmTable} table */
export function secondsOf(rhythm, tempo, table) {
  return ((rhythm >= 0 ? table.beats[rhythm] : 1) * 60) / tempo;
}

// Taps further apart than this start a new count; the median of the last
// TAPS_KEPT - 1 intervals sets the tempo (one late or early tap moves nothing).
export const TAP_RESET_S = 2;
const TAPS_KEPT = 8;

/**
 * Tap tempo: tap(seconds) with each tap's time (an event's timeStamp / 1000)
 * returns the tempo in bpm the taps so far give (the median interval), or
 * null until two taps close enough have come.
 */
export function createTapTempo() {
  /** @type {number[]} */
  let taps = [];
  return {
    /** @param {number} seconds */
    tap(seconds) {
      if (taps.length && (seconds - taps[taps.length - 1] > TAP_RESET_S || seconds < taps[taps.length - 1])) taps = [];
      taps.push(seconds);
      if (taps.length > TAPS_KEPT) taps.shift();
      return tempoFromTaps(taps);
    },
  };
}

/** The tempo (bpm) of taps at these times (seconds, ascending): 60 / their median interval; null for fewer than two. @param {number[]} times */
export function tempoFromTaps(times) {
  if (times.length < 2) return null;
  const interval = median(times.slice(1).map((time, i) => time - times[i]));
  return interval > 0 ? 60 / interval : null;
}

/** The median of `values` (not empty). @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// Following the player's tempo: each gap heard within FOLLOW_WINDOW of its
// class's length at the page's tempo says what tempo the player plays it at
// (the class's beats * 60 / seconds); a gap further off may be another class
// at another tempo, so it says nothing. Once FOLLOW_MIN of the last
// FOLLOW_KEPT gaps have spoken, a median more than FOLLOW_DEADBAND off the
// page's tempo moves it halfway there: a player who drifts slowly is followed
// within a few notes, a jittery one (+-10% a note) leaves it where it is.
const FOLLOW_WINDOW = 0.2;
const FOLLOW_KEPT = 8;
const FOLLOW_MIN = 6;
const FOLLOW_DEADBAND = 0.03;
const FOLLOW_CLEAR = 1.3;

// Whether a class lies far enough from both its neighbours (a ratio of
// FOLLOW_CLEAR on the log scale) that a gap heard in it at a tempo up to
// FOLLOW_WINDOW off was played in it: not 2/3 and 3/4 beat, 12.5% apart,
// where an eighth 20% slow is heard as 2/3.
/** @param {number} rhythm @param {RhythmTable} table */
function clear(rhythm, { beats }) {
  if (rhythm < 0) return false;
  const below = rhythm > 0 ? beats[rhythm] / beats[rhythm - 1] : Infinity;
  const above = rhythm + 1 < beats.length ? beats[rhythm + 1] / beats[rhythm] : Infinity;
  return Math.min(below, above) >= FOLLOW_CLEAR;
}

/**
 * A tempo follower: hear(seconds, rhythm, tempo, table) with each gap heard
 * (its class, the page's tempo in bpm) returns the tempo to move to, or null
 * to stay; reset() forgets the gaps (after a rest, a new tempo set by hand).
 */
export function createTempoFollower() {
  /** @type {number[]} */
  let tempos = [];
  return {
    /** @param {number} seconds @param {number} rhythm @param {number} tempo @param {RhythmTable} table */
    hear(seconds, rhythm, tempo, table) {
      if (!(seconds > 0) || !clear(rhythm, table)) return null;
      const played = (table.beats[rhythm] * 60) / seconds;
      if (Math.abs(Math.log(played / tempo)) > Math.log(1 + FOLLOW_WINDOW)) return null;
      tempos.push(played);
      if (tempos.length > FOLLOW_KEPT) tempos.shift();
      if (tempos.length < FOLLOW_MIN) return null;
      const theirs = median(tempos);
      return Math.abs(theirs / tempo - 1) > FOLLOW_DEADBAND ? tempo + (theirs - tempo) / 2 : null;
    },
    reset() {
      tempos = [];
    },
  };
}
