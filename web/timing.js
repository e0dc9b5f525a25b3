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
  const intervals = times.slice(1).map((time, i) => time - times[i]).sort((a, b) => a - b);
  const middle = intervals.length >> 1;
  const median = intervals.length % 2 ? intervals[middle] : (intervals[middle - 1] + intervals[middle]) / 2;
  return median > 0 ? 60 / median : null;
}
