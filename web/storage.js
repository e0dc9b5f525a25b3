// @ts-check
// Keeps what users teach, in this browser: every network they made or opened,
// each with its .hpn bytes and the page's settings, in IndexedDB; and, in
// localStorage, a journal of what the last save of the network being played
// does not hold yet.
//
// IndexedDB is asynchronous: a reload or a closed tab a moment after a key was
// pressed ends the page before its write lands. localStorage is written at
// once, so each change also writes the journal (storage is synchronous), and
// the next page replays it onto the saved copy (keeper.js).
//
// The database (version 2):
//   networks  id -> SavedRecord {network: .hpn bytes, page: {...settings},
//             source: the link or file it was opened from ('' if made here),
//             savedAt: ms since 1970}
//   entries   id -> Entry {id, title, notes learned, changedAt, source}: the
//             list, read without the networks' megabytes
// Version 1 kept one record under the key 'current'; upgrading moves it into
// the list (its title and notes are filled in when the page next opens it).

import { sourceKind } from './link.js';

const DATABASE = 'hebbian-piano';
const VERSION = 2;
const NETWORKS = 'networks';
const ENTRIES = 'entries';
const OLD_KEY = 'current';
// localStorage: the network a new tab opens (the one last used in any tab) and
// each network's journal; sessionStorage: the network this tab shows, so a
// reload keeps it even when another tab has moved on.
const LAST_KEY = 'hebbian-piano:last';
const CURRENT_KEY = 'hebbian-piano:current';
const JOURNAL_PREFIX = 'hebbian-piano:journal:';

/**
 * The record kept in this browser for one network.
 * @typedef {{network: Uint8Array, page: Record<string, unknown>, source: string, savedAt: number}} SavedRecord
 *
 * One network in the list.
 * `from` says what it was opened from ('' made here), `sourceKey` which link
 * or file exactly (sourceKey(source)); notes is null until known.
 * @typedef {{id: string, title: string, notes: number | null, changedAt: number,
 *   from: '' | 'link' | 'file', sourceKey: string}} Entry
 *
 * What the saved copy of network `id` lacks: either the history bytes after
 * byte `base` of the saved copy's history (`tail`), or, when there is no saved
 * copy to build on (a new or reset network), the whole network's share payload
 * (`payload`, core/share_link.h); and the title and page settings as they are.
 * Binary fields are base64.
 * @typedef {{id: string, base?: number, tail?: string, payload?: string, title: string,
 *   page: Record<string, unknown>, at: number}} Journal
 */

let opening = null;

// A short key for the link or file a network was opened from (a link can be
// megabytes): its length and its FNV-1a hash (32 bits). Equal keys are
// checked against the record's whole source.
/** @param {string} source */
export function sourceKey(source) {
  if (!source) return '';
  let hash = 0x811c9dc5;
  for (let i = 0; i < source.length; i++) hash = Math.imul(hash ^ source.charCodeAt(i), 0x01000193) >>> 0;
  return `${source.length}:${hash.toString(36)}`;
}

// The list's line of network `id`, which was opened from `source` (link.js's sourceOfAddress).
/**
 * @param {{id: string, title: string, notes: number | null, changedAt: number, source: string}} line
 * @returns {Entry}
 */
export function entryOf({ id, title, notes, changedAt, source }) {
  return { id, title, notes, changedAt, from: sourceKind(source), sourceKey: sourceKey(source) };
}

// A new network's key: time and chance, unique enough for one browser.
export const newId = () => `n${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** @returns {Promise<IDBDatabase>} */
function database() {
  opening ??= new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) {
      reject(new Error('this browser keeps no data for pages'));
      return;
    }
    const request = indexedDB.open(DATABASE, VERSION);
    request.onupgradeneeded = (event) => {
      const db = request.result;
      if (event.oldVersion < 1) db.createObjectStore(NETWORKS);
      if (event.oldVersion < 2) migrate(db.createObjectStore(ENTRIES), request.transaction.objectStore(NETWORKS));
    };
    request.onsuccess = () => {
      // Another tab upgrading later (a newer page) must not wait for this one.
      request.result.onversionchange = () => request.result.close();
      resolve(request.result);
    };
    request.onerror = () => reject(request.error ?? new Error('the browser refused to open its storage'));
    // A tab of an older page holds the database open: this page cannot move it
    // on until that tab closes (a later call tries again).
    request.onblocked = () => reject(new Error('a tab with an older version of this page is open: close it and reload'));
  });
  opening.catch(() => (opening = null));
  return opening;
}

// Opens the database ahead of its first use: index.html asks at once, so that
// it opens while the page's modules and the wasm are still arriving (opening,
// or making it on a first visit, took 30-50 ms after app.js started). A
// failure is told by the first use, which tries again.
export function openEarly() {
  database().catch(() => {});
}

// Version 1's one record becomes the list's first network, in the upgrade's
// own transaction: it is moved whole or not at all.
/** @param {IDBObjectStore} entries @param {IDBObjectStore} networks */
function migrate(entries, networks) {
  const old = networks.get(OLD_KEY);
  old.onsuccess = () => {
    /** @type {SavedRecord | undefined} */
    const record = old.result;
    if (!record) return;
    const id = newId();
    networks.put(record, id);
    networks.delete(OLD_KEY);
    const source = typeof record.source === 'string' ? record.source : '';
    entries.put(entryOf({ id, title: '', notes: null, changedAt: record.savedAt ?? Date.now(), source }), id);
    remember(id);
  };
}

/**
 * @param {IDBTransactionMode} mode
 * @param {(stores: {networks: IDBObjectStore, entries: IDBObjectStore}) => IDBRequest | void} act
 * @returns {Promise<any>}  the result of act's request, once the transaction is complete
 */
async function run(mode, act) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction([NETWORKS, ENTRIES], mode);
    const request = act({ networks: transaction.objectStore(NETWORKS), entries: transaction.objectStore(ENTRIES) });
    transaction.oncomplete = () => resolve(request ? request.result : undefined);
    transaction.onerror = () => reject(transaction.error ?? new Error('the browser could not save'));
    transaction.onabort = () => reject(transaction.error ?? new Error('the browser could not save'));
  });
}

// The list, most recently changed first.
/** @returns {Promise<Entry[]>} */
export async function listNetworks() {
  /** @type {Entry[]} */
  const entries = await run('readonly', ({ entries }) => entries.getAll());
  return entries.sort((a, b) => b.changedAt - a.changedAt);
}

// The saved record of network `id`, or undefined.
/** @param {string} id @returns {Promise<SavedRecord | undefined>} */
export function loadNetwork(id) {
  return run('readonly', ({ networks }) => networks.get(id));
}

// Saves a network and its line in the list together.
/** @param {SavedRecord} record @param {Entry} entry */
export function storeNetwork(record, entry) {
  return run('readwrite', ({ networks, entries }) => {
    networks.put(record, entry.id);
    entries.put(entry, entry.id);
  });
}

// Updates a network's line in the list only (its title and notes once known).
/** @param {Entry} entry */
export function storeEntry(entry) {
  return run('readwrite', ({ entries }) => entries.put(entry, entry.id));
}

// Deletes a network, its line and its journal.
/** @param {string} id */
export async function deleteNetwork(id) {
  await run('readwrite', ({ networks, entries }) => {
    networks.delete(id);
    entries.delete(id);
  });
  clearJournal(id);
}

/** @param {Storage | undefined} storage @param {string} key */
function read(storage, key) {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null; // storage refused (blocked cookies): nothing kept
  }
}

// The network this tab showed (a reload), else the one last used in any tab.
/** @returns {string | null} */
export const rememberedId = () => read(globalThis.sessionStorage, CURRENT_KEY) ?? read(globalThis.localStorage, LAST_KEY);

// Marks `id` as the network this tab shows and the one a new tab opens.
/** @param {string} id */
export function remember(id) {
  try {
    sessionStorage.setItem(CURRENT_KEY, id);
    localStorage.setItem(LAST_KEY, id);
  } catch {
    // Storage refused: the next visit opens the most recently changed network.
  }
}

/** @param {Uint8Array} bytes */
export function toBase64(bytes) {
  let text = '';
  const CHUNK = 0x8000; // String.fromCharCode takes its arguments on the stack
  for (let at = 0; at < bytes.length; at += CHUNK) text += String.fromCharCode(...bytes.subarray(at, at + CHUNK));
  return btoa(text);
}

/** @param {string} text */
export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// Writes network `id`'s journal at once (synchronously). Throws when the
// browser refuses (storage full or blocked).
/** @param {Journal} journal */
export function writeJournal(journal) {
  localStorage.setItem(JOURNAL_PREFIX + journal.id, JSON.stringify(journal));
}

// Network `id`'s journal, or null if it has none (or it is unreadable).
/** @param {string} id @returns {Journal | null} */
export function readJournal(id) {
  const text = read(globalThis.localStorage, JOURNAL_PREFIX + id);
  if (!text) return null;
  try {
    const journal = JSON.parse(text);
    return journal && typeof journal === 'object' && journal.id === id ? journal : null;
  } catch {
    return null;
  }
}

// The networks that have a journal.
/** @returns {string[]} */
export function journalIds() {
  try {
    return Object.keys(localStorage).filter((key) => key.startsWith(JOURNAL_PREFIX)).map((key) => key.slice(JOURNAL_PREFIX.length));
  } catch {
    return [];
  }
}

/** @param {string} id */
export function clearJournal(id) {
  try {
    localStorage.removeItem(JOURNAL_PREFIX + id);
  } catch {
    // nothing was kept
  }
}

// Saves collect()'s record `delayMs` after the last change, but at least every
// `maxWaitMs` while changes keep coming (the network playing on its own), and
// at once when the page is hidden. collect() returns what to store and, with
// it, what onSaved(what) is told once it is stored; onError(error) hears a
// failed save.
/**
 * @template T
 * @param {() => {record: SavedRecord, entry: Entry, saved: T}} collect
 * @param {{delayMs?: number, maxWaitMs?: number, onSaved?: (saved: T) => void, onError?: (error: Error) => void}} [options]
 */
export function createAutosave(collect, { delayMs = 1000, maxWaitMs = 5000, onSaved = () => {}, onError = () => {} } = {}) {
  let timer = 0;
  let firstChange = 0;
  let pending = false;
  let paused = false;
  let writing = Promise.resolve();

  function flush() {
    clearTimeout(timer);
    if (!pending || paused) return writing;
    pending = false;
    firstChange = 0;
    const { record, entry, saved } = collect();
    // One write at a time, in order: a slow one never lands after a newer one.
    writing = writing.then(() => storeNetwork(record, entry)).then(() => onSaved(saved), onError);
    return writing;
  }

  const onHidden = () => {
    if (document.visibilityState === 'hidden') flush();
  };
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', onHidden);

  return {
    schedule() {
      if (paused) return;
      pending = true;
      const now = performance.now();
      firstChange ||= now;
      clearTimeout(timer);
      timer = setTimeout(flush, Math.max(0, Math.min(delayMs, firstChange + maxWaitMs - now)));
    },
    // Saves now if anything changed; resolves once every write so far is done.
    flush,
    // Whether a change waits to be saved.
    pending: () => pending,
    // While paused (opening a network), changes are not saved.
    /** @param {boolean} on */
    pause(on) {
      paused = on;
    },
  };
}
