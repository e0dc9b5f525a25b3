// @ts-check
// The built-in tunes (melodies/builtin.txt: `name<TAB>MIDI:IOI notes` a line,
// a timed corpus) and their list on the page: teach one with a click, watch it learn, hear it back,
// and see which ones the network has learned.

const LOWERCASE_WORDS = '(?:and|the|of|in|at|for)';
// A small word glued to the end of a longer one, before a capital: "Funatthe" + "Fair".
const GLUED_WORD = new RegExp(`(?<=[A-Z][a-z]{2,})${LOWERCASE_WORDS}(?=(?:${LOWERCASE_WORDS})*[A-Z0-9])`, 'g');
const DANCES = /(reel|polka|jig|hornpipe|slide|march|waltz)$/;

/**
 * A built-in tune: its corpus name, a title to show, its MIDI notes and their
 * rhythm (timing.js's Tune: rhythms[i] the class of the IOI after note i).
 * @typedef {{name: string, title: string, notes: number[], rhythms: number[]}} Melody
 */

// "cre_AchonryLassesreelThe" -> "The Achonry Lasses (reel)".
/** @param {string} name */
export function readableTitle(name) {
  let rest = name.replace(/^cre_/, '');
  let article = '';
  let number = '';
  let dance = '';
  const numbered = rest.match(/(\d+)$/);
  if (numbered) {
    number = ` ${numbered[1]}`;
    rest = rest.slice(0, -numbered[1].length);
  }
  const trailing = rest.match(/[a-z](The|A)$/);
  if (trailing) {
    article = `${trailing[1]} `;
    rest = rest.slice(0, -trailing[1].length);
  }
  const kind = rest.match(DANCES);
  if (kind && kind.index > 0 && /[a-z]/.test(rest[kind.index - 1])) {
    dance = ` (${kind[1]})`;
    rest = rest.slice(0, kind.index);
  }
  const words = rest
    .replace(GLUED_WORD, ' $& ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/\s+/g, ' ')
    .trim();
  return `${article}${words}${number}${dance}`;
}

/**
 * The melodies of a corpus text, each line read by the core's parser (a note
 * `MIDI` or `MIDI:IOI`, an untimed note one beat; core/corpus.h); a line it
 * refuses, or with fewer than two notes, is left out.
 * @param {string} text
 * @param {{parseCorpus: (text: string) => {error: string, melodies: {name: string, notes: number[], rhythms: number[]}[]}}} core
 * @returns {Melody[]}
 */
export function parseMelodies(text, core) {
  return text
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => core.parseCorpus(line).melodies)
    .filter((melody) => melody.notes.length > 1)
    .map(({ name, notes, rhythms }) => ({ name, title: readableTitle(name), notes, rhythms }));
}

// How many times the network heard each melody whole, learning: the times its
// notes stand one after another in the notes it learned (the core's
// LearnedNoteRuns, history.h: one byte a note learned, 0x80 for any other
// event between them, so a hearing is one run of note bytes). A tune taught
// with 3 hearings counts 3; played through on the keys, it counts too: it was learned.
/**
 * @param {Uint8Array} history  the network's learnedNoteRuns()
 * @param {Melody[]} melodies
 * @returns {number[]}
 */
export function learnedHearings(history, melodies) {
  // As text, one character a byte, so the search is the browser's own.
  let text = '';
  const CHUNK = 0x8000;
  for (let at = 0; at < history.length; at += CHUNK) text += String.fromCharCode(...history.subarray(at, at + CHUNK));
  return melodies.map((melody) => {
    const tune = String.fromCharCode(...melody.notes);
    let count = 0;
    for (let at = text.indexOf(tune); at >= 0; at = text.indexOf(tune, at + tune.length)) count++;
    return count;
  });
}

// One row per melody: title, Teach and Play buttons, and a progress bar.
/**
 * @param {HTMLElement} list
 * @param {Melody[]} melodies
 * @param {{onTeach: (index: number) => void, onPlay: (index: number) => void}} handlers
 */
export function renderMelodyList(list, melodies, { onTeach, onPlay }) {
  const rows = melodies.map((melody, index) => {
    const item = document.createElement('li');
    item.className = 'melody';
    const title = document.createElement('span');
    title.className = 'melody-title';
    title.textContent = melody.title;
    const length = document.createElement('span');
    length.className = 'melody-length';
    length.textContent = `${melody.notes.length} notes`;
    const teach = document.createElement('button');
    teach.type = 'button';
    teach.textContent = 'Teach';
    teach.setAttribute('aria-label', `Teach ${melody.title}`);
    teach.addEventListener('click', () => onTeach(index));
    const play = document.createElement('button');
    play.type = 'button';
    play.textContent = 'Play back';
    play.setAttribute('aria-label', `Play back ${melody.title}`);
    play.addEventListener('click', () => onPlay(index));
    const progress = document.createElement('progress');
    progress.max = 1;
    progress.value = 0;
    progress.hidden = true;
    progress.setAttribute('aria-label', `Learning ${melody.title}`);
    item.append(title, length, progress, teach, play);
    list.append(item);
    return { item, teach, play, progress, length };
  });

  return {
    /** @param {number} index @param {number} fraction 0..1 */
    progress(index, fraction) {
      const row = rows[index];
      row.progress.hidden = fraction >= 1;
      row.progress.value = fraction;
      row.length.hidden = fraction < 1;
    },
    // Marks each tune with how many times it was heard whole (hearings[i], 0: not learned).
    /** @param {number[]} hearings */
    showLearned(hearings) {
      rows.forEach((row, index) => {
        const times = hearings[index] ?? 0;
        row.item.classList.toggle('taught', times > 0);
        row.length.textContent = times > 0 ? `learned (${times}×)` : `${melodies[index].notes.length} notes`;
      });
    },
    /** @param {boolean} on */
    busy(on) {
      for (const row of rows) row.teach.disabled = on;
    },
  };
}
