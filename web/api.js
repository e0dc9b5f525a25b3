// @ts-check
/**
 * window.hebbianPiano: the page's JavaScript API. Every verb does what the
 * page's own controls do (sound, learning, views), so a script, a test or a
 * later embed drives the same network a user sees. Call it after `ready`.
 *
 * @typedef {import('./timing.js').Tune} Tune
 *
 * @typedef {object} PoolState
 * @property {number[]} cells       the cells firing in this pool (0..pool_size-1); pool m stands for the last m notes
 * @property {number} confidence    n_m: how often this context has been heard (0: never)
 * @property {number} vote          the note neuron it votes for next, -1 if the context is new
 * @property {number} voteShare     how often that note followed this context, 0..1
 * @property {object} slow          the same reading from the slow weights (all it heard)
 * @property {object} fast          the same reading from the fast weights (the tune it is hearing)
 *
 * @typedef {object} PianoState
 * @property {'learn'|'play'|'duet'} mode
 * @property {number} tempo          beats per minute: the beat it plays its rhythms in and hears yours by
 * @property {boolean} metronome     whether a quiet click sounds each beat
 * @property {boolean} followTempo   whether the tempo follows the player's as they play
 * @property {number} temperature
 * @property {boolean} learning      whether the user's notes are learned
 * @property {number} epochs         hearings per tune when learn() is given no epochs
 * @property {string} title          the network's title (from a link or file, or typed in)
 * @property {object} config         every network parameter, names from MODEL.md
 * @property {string[]} labels       names of the note neurons (C, C#, ... B)
 * @property {number[]} activations  a = ln p of each note neuron when the last note was decided
 * @property {number} mean           the mean of the activations, subtracted to centre them
 * @property {number[]} centred      c = a - mean
 * @property {number[]} thresholds   each neuron's adaptive threshold at that moment
 * @property {number[]} fired        1 for the neurons that fired in the last step
 * @property {number[]} inhibited    1 for those that crossed their threshold but lost to the winners
 * @property {'user'|'network'|null} firedBy  who played the last note
 * @property {number} rhythm         the rhythm class (0..11: 1/6, 1/4, 1/3, 1/2, 2/3, 3/4, 1, 3/2, 2, 3, 4, 6
 *                                   beats) of the IOI that ended at the last note: the gap heard before a key
 *                                   pressed, the time the network chose before its note; -1 for none (a
 *                                   first note, or one after a rest)
 * @property {number[]} prediction   what it expects next: probability of each note neuron
 * @property {number[]} pitchClassPrediction  the same over the 12 pitch classes
 * @property {number} expectedKey    the exact MIDI key it expects next (the key prediction's likeliest
 *                                   once its interval neurons have learned, else where the likeliest
 *                                   note neuron would sound), -1 when it expects nothing yet
 * @property {number} expectedKeyProbability  p of that key
 * @property {number} expectedRhythm the rhythm class it expects the gap to the next note to have
 *                                   (an index into rhythmNeurons.beats), -1 when it expects none
 * @property {RhythmState} rhythmNeurons  the rhythm neurons, drawn as the note neurons
 * @property {PoolState[]} pools     pool 0 (any context) to pool context_orders
 * @property {number} decidingPool   the longest familiar pool that decided the prediction, -1 if none
 * @property {number[][]} weights    first-order weights: weights[last][next], 0..1
 * @property {object[]} raster       the last steps, oldest first: {by, fired: [neuron], inhibited: [neuron],
 *                                   midis: [key sounded], time: onset in seconds (the page's audio clock),
 *                                   duration: seconds sounded (null while a key is held)}
 * @property {number} learnedNotes   notes learned since the network was made
 *
 *
 * The rhythm neurons, one per rhythm class: the gap from one note's onset to the next, in beats.
 * @typedef {object} RhythmState
 * @property {boolean} enabled       false for a network without them (made before they existed)
 * @property {string[]} labels       each class's gap in beats: 1/6, 1/4, 1/3, 1/2, 2/3, 3/4, 1, 3/2, 2, 3, 4, 6
 * @property {number[]} beats        the same as numbers
 * @property {number[]} activations  a = ln p of each when the last note's gap was decided
 * @property {number} mean           their mean
 * @property {number[]} centred      c = a - mean
 * @property {number[]} thresholds   each neuron's adaptive threshold then
 * @property {number} expectedBefore the class it expected most for that gap, -1: none
 * @property {number[]} fired        1 for the class of the gap that ended at the last note (heard or chosen)
 * @property {number[]} inhibited    1 for those that crossed their threshold but lost to it
 * @property {number} chosen         the class that fired, -1 for none (a tune's first note, after a rest)
 * @property {number[]} prediction   p of each class for the gap from the last note to the next
 * @property {number} expected       the likeliest of them, -1 when flat
 *
 * @type {{
 *   ready: Promise<void>,
 *   press: (midiNote: number) => Promise<void>,
 *   learn: (tune: number[] | Tune, options?: {epochs?: number}) => Promise<number>,
 *   play: (steps: number, options?: {seed?: number, temperature?: number, prime?: number[] | Tune, tempo?: number, timed?: boolean}) => Promise<number[] | Tune>,
 *   stop: () => Promise<void>,
 *   predict: () => Promise<number[]>,
 *   state: () => Promise<PianoState>,
 *   reset: (config?: object) => Promise<string>,
 * }}
 *
 * ready        resolves once the network's WebAssembly is loaded and the page works.
 * press(midi)  exactly what pressing that key does: it sounds, the network hears it (and learns it
 *              in Learn or Duet mode with learning on) and every view updates. Released after a
 *              moment. Resolves once the network has taken the step.
 * A Tune is {notes, rhythms}: MIDI note numbers, and rhythms[i] the rhythm class (0..11, as
 *              `rhythm` above) of the IOI from note i to note i + 1 (the last: its length), as a timed
 *              corpus line `62:1/2 67:3/2 ...` gives them. Notes alone (an array) are one beat each.
 * learn(tune, {epochs})  teaches a melody, a Tune or MIDI note numbers: a new tune, then the notes
 *              with their rhythm `epochs` times (default: the page's setting). Resolves with the notes learned.
 * play(steps, {seed, temperature, prime, tempo, timed})  from rest (activity cleared, weights kept), re-seeded
 *              if `seed` is given (a whole number in the core's range for the `seed` parameter,
 *              0..2^53-1; anything else rejects), at `temperature` if given (for this play only: the
 *              page's temperature setting stays as it was), the network hears `prime` (a Tune or notes,
 *              sounded in its rhythm), then plays `steps` notes on its own, audibly, each at the IOI it
 *              chose, at `tempo` bpm (the page's if left out). Resolves with the MIDI notes it played
 *              (with `timed: true`, the Tune it played), prime excluded, once the last sounded
 *              (if the browser will not start sound before a click, the notes are played
 *              silently, in time, and it resolves all the same: see audio/sound.js).
 * stop()       stops its playing now (a pending play() resolves with what it played).
 * predict()    the 12 pitch-class probabilities of the next note.
 * state()      a plain copy of the settings and of everything the views draw (PianoState).
 * reset(config) a fresh network with these settings (defaults for what is left out). Resolves
 *              with '' or rejects with the error message, which the page also shows; on an
 *              error the network is left as it was.
 * Every call's arguments are checked first (callError below): a wrong kind, a missing or extra
 * argument or an unknown option rejects with a sentence that names it, and does nothing.
 */
export const VERBS = ['press', 'learn', 'play', 'stop', 'predict', 'state', 'reset'];

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const isNote = (value) => Number.isInteger(value) && value >= 0 && value <= 127;
// Each check returns what is wrong with a value ('' if nothing); `name` is the argument's name.
const MIDI_NOTE = (value, name) => (isNote(value) ? '' : `${name} must be a MIDI note number, a whole number 0..127`);
const NOTES = (value, name) => (Array.isArray(value) && value.every(isNote) ? '' : `${name} must be an array of MIDI note numbers 0..127`);
const isRhythm = (value) => Number.isInteger(value) && value >= 0 && value <= 11;
// A tune: notes alone, or {notes, rhythms} with a rhythm class 0..11 per note.
const TUNE = (value, name) => {
  if (Array.isArray(value)) return NOTES(value, name);
  const tune = `${name} must be an array of MIDI note numbers 0..127 or {notes, rhythms}`;
  if (!isObject(value) || Object.keys(value).some((key) => key !== 'notes' && key !== 'rhythms')) return tune;
  return NOTES(value.notes, `${name}.notes`) ||
    (Array.isArray(value.rhythms) && value.rhythms.length === value.notes.length && value.rhythms.every(isRhythm)
      ? '' : `${name}.rhythms must be an array of rhythm classes 0..11, one per note`);
};
const BOOLEAN = (value, name) => (typeof value === 'boolean' ? '' : `${name} must be true or false`);
const WHOLE = (least) => (value, name) => (Number.isInteger(value) && value >= least ? '' : `${name} must be a whole number of at least ${least}`);
const NUMBER = (value, name) => (typeof value === 'number' && Number.isFinite(value) ? '' : `${name} must be a number`);
const POSITIVE = (value, name) => (NUMBER(value, name) || value <= 0 ? `${name} must be a positive number` : '');
// An options object: undefined, or an object whose keys are all known and whose values pass.
const OPTIONS = (fields) => (value, name) => {
  if (value === undefined) return '';
  if (!isObject(value)) return `${name} must be an object {${Object.keys(fields).join(', ')}}`;
  for (const [key, given] of Object.entries(value)) {
    if (!Object.hasOwn(fields, key)) return `${name} has no option "${key}" (it takes ${Object.keys(fields).join(', ')})`;
    const wrong = given === undefined ? '' : fields[key](given, `${name}.${key}`);
    if (wrong) return wrong;
  }
  return '';
};
// The core checks a config's names and ranges (reset rejects with its message),
// and play() the seed's range, which is the core's.
const WITH_CORE = () => '';
const CONFIG = (value, name) => (value === undefined || isObject(value) ? '' : `${name} must be an object of network parameters`);

// Each verb's arguments in order, [name, check, optional]. Every call, from
// window.hebbianPiano or a message, is checked against this before it runs.
const SIGNATURES = {
  press: [['midiNote', MIDI_NOTE]],
  learn: [['notes', TUNE], ['options', OPTIONS({ epochs: WHOLE(1) }), true]],
  play: [['steps', WHOLE(0)], ['options', OPTIONS({
    seed: WITH_CORE, temperature: NUMBER, prime: TUNE, tempo: POSITIVE, timed: BOOLEAN,
  }), true]],
  stop: [],
  predict: [],
  state: [],
  reset: [['config', CONFIG, true]],
};

/**
 * What is wrong with a call of `verb` with `args`, as a sentence ('' if nothing):
 * an unknown verb, too many or too few arguments, or one of the wrong kind.
 * @param {unknown} verb
 * @param {unknown} args
 */
export function callError(verb, args) {
  if (typeof verb !== 'string' || !Object.hasOwn(SIGNATURES, verb)) {
    return `unknown verb ${JSON.stringify(verb)}: the verbs are ${VERBS.join(', ')}`;
  }
  if (!Array.isArray(args)) return `${verb}: args must be an array of its arguments`;
  const signature = SIGNATURES[verb];
  const usage = `${verb}(${signature.map(([name, , optional]) => (optional ? `[${name}]` : name)).join(', ')})`;
  if (args.length > signature.length) return `${usage} takes ${signature.length || 'no'} argument${signature.length === 1 ? '' : 's'}, not ${args.length}`;
  for (const [index, [name, check, optional]] of signature.entries()) {
    if (args[index] === undefined && optional) continue;
    if (index >= args.length) return `${usage}: ${name} is missing`;
    const wrong = check(args[index], name);
    if (wrong) return `${usage}: ${wrong}`;
  }
  return '';
}

/**
 * Calls a verb on the piano's verbs (piano.js) once its arguments pass
 * callError; rejects with that sentence otherwise.
 * @param {Record<string, (...args: any[]) => any>} verbs
 * @param {string} verb
 * @param {unknown[]} args
 */
export async function callVerb(verbs, verb, args) {
  const error = callError(verb, args);
  if (error) throw new Error(error);
  return verbs[verb](...args);
}

// appPromise resolves with the verbs (piano.js) once the network is ready.
/** @param {Promise<Record<string, (...args: any[]) => any>>} appPromise */
export function installApi(appPromise) {
  const call = (verb) => async (...args) => callVerb(await appPromise, verb, args);
  const ready = appPromise.then(() => undefined);
  // The page reports a failed start itself; this only keeps it from being an unhandled rejection.
  ready.catch(() => {});
  window.hebbianPiano = Object.freeze({
    ready,
    ...Object.fromEntries(VERBS.map((verb) => [verb, call(verb)])),
  });
}
