// @ts-check
// Keeps the user's networks as the full page plays (storage.js holds them):
// which one the page shows, saving it as it changes, the journal of what its
// last save lacks (replayed by the next page, so a reload or a closed tab at
// any moment keeps every note), opening the address's link or file as a new
// network beside the others (never over one), and switching, starting and
// deleting networks from the list. The embed keeps nothing: it never loads
// this module.

import { hasLink, withoutNetwork } from './link.js';
import { openAddress, openFile } from './share.js';
import * as storage from './storage.js';

// The journal holds a whole network (its share payload) only while its history
// is this small (bytes); a larger one is journaled from its first save on,
// which the page makes at once.
const MAX_WHOLE_JOURNAL = 256 << 10;
// Bytes at the end of the saved copy's history that must still be there for
// the journal to hold only what follows them (else the network was reset).
const END_CHECK = 16;

// Milliseconds since 1970, finer than Date.now(): a journal written in the
// same millisecond as a save is still told apart from it.
const now = () => performance.timeOrigin + performance.now();

/** @param {Uint8Array} a @param {Uint8Array} b */
const same = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/**
 * The saved copy's history: its length and its last bytes, to tell whether
 * the network shown still extends it.
 * @typedef {{length: number, end: Uint8Array}} Saved
 */

/** @param {Uint8Array} history  the whole history (a view or a copy) @returns {Saved} */
const savedOf = (history) => ({ length: history.length, end: history.slice(Math.max(0, history.length - END_CHECK)) });

/**
 * A network read back from this browser: opened, with the page's settings it
 * was left with, its saved copy's history (null if it came from its journal
 * alone), its source, whether its journal added to it, and whether a journal
 * could not be read back.
 * @typedef {{opened: import('./share.js').Opened, page: Record<string, unknown>, saved: Saved | null,
 *   source: string, journaled: boolean, lost: boolean}} Kept
 */

/**
 * A line of the list as the panel shows it (stored: false for the network
 * shown before its first save).
 * @typedef {storage.Entry & {stored: boolean}} Row
 */

// A journal's tail replayed onto the saved copy it follows. That copy may
// already hold the tail's start (saved after the journal was written, the page
// closed before it heard so): only what follows is replayed.
// 'replayed', 'apart' (the two do not line up: nothing done) or 'failed' (not
// a history: the network is half replayed).
/** @param {any} network  a core network @param {storage.Journal} journal */
function replayTail(network, journal) {
  if (typeof journal.base !== 'number' || typeof journal.tail !== 'string') return 'apart';
  const tail = storage.fromBase64(journal.tail);
  const history = network.history();
  if (history.length < journal.base) return 'apart';
  const held = history.slice(journal.base);
  if (held.length > tail.length || !same(held, tail.subarray(0, held.length))) return 'apart';
  return network.replay(tail.subarray(held.length)) === '' ? 'replayed' : 'failed';
}

// Reads network `entryId` back: its saved copy, with its journal replayed.
/**
 * @param {any} core @param {string} entryId
 * @param {Promise<storage.SavedRecord | undefined>} [reading]  its record, if already asked for
 * @returns {Promise<Kept | {error: string}>}
 */
async function readKept(core, entryId, reading = storage.loadNetwork(entryId)) {
  const record = await reading.catch(() => undefined);
  const written = storage.readJournal(entryId);
  // A journal older than the saved copy holds nothing it lacks.
  const journal = written && !(record && record.savedAt >= written.at) ? written : null;
  const fromRecord = () => (record?.network instanceof Uint8Array ? openFile(core, record.network) : null);
  let opened = fromRecord();
  let journaled = false;
  let lost = false;
  if (journal?.payload) {
    const whole = core.openShared(storage.fromBase64(journal.payload));
    lost = Boolean(whole.error);
    if (!whole.error) {
      opened?.network?.delete();
      opened = { error: '', network: whole.network, title: whole.title, settings: {} };
      journaled = true;
    }
  }
  if (!opened) return { error: record ? 'it is not a network' : 'nothing of it was kept' };
  if (opened.error) return { error: opened.error };
  const savedHistory = journaled ? null : savedOf(opened.network.history());
  if (journal?.tail !== undefined && !journaled) {
    const result = replayTail(opened.network, journal);
    journaled = result === 'replayed';
    lost = !journaled;
    if (result === 'failed') {
      opened.network.delete();
      opened = fromRecord();
    }
  }
  // The network's own config holds its parameters; the record, the page's settings.
  opened.settings = {};
  if (journal && !lost) opened.title = journal.title;
  const page = { ...(record?.page ?? {}), ...(journal && !lost ? journal.page : {}) };
  return { opened, page, saved: savedHistory, source: typeof record?.source === 'string' ? record.source : '', journaled, lost };
}

/**
 * What the page shows next, and what it says: network `id` (a line of the
 * list, or a new one), opened (null: a fresh network), with its source, its
 * saved copy's history, whether the list has it, the page's settings it was
 * left with, whether its journal added to it or could not be read back.
 * @typedef {{id: string, opened: import('./share.js').Opened | null, source: string, saved: Saved | null,
 *   stored: boolean, page?: Record<string, unknown>, journaled?: boolean, lost?: boolean,
 *   messages: [string, ('info' | 'error')?][]}} Choice
 */

/** @param {import('./share.js').Opened} opened */
const refusal = (opened) => /** @type {[string, 'error']} */ (
  [`Could not open ${opened.kind === 'link' ? 'the link' : 'the network file'}: ${opened.error}. Your network is unchanged.`, 'error']);

// A network opened from an address (a link, a ?src= file) or a picked file:
// the line that link made before, as it was left, else a new line. `others`:
// whether the user has networks besides it (the message says they are kept).
/**
 * @param {any} core
 * @param {import('./share.js').Opened} opened  opened without error
 * @param {storage.Entry[]} entries
 * @param {boolean} others
 * @returns {Promise<Choice>}
 */
async function chooseOpened(core, opened, entries, others) {
  const source = opened.source ?? '';
  const key = storage.sourceKey(source);
  const before = key ? entries.find((entry) => entry.sourceKey === key) : undefined;
  const kept = before ? await readKept(core, before.id) : null;
  if (kept && !('error' in kept)) {
    if (kept.source === source) {
      opened.network.delete();
      const message = `Your network from this ${opened.kind === 'link' ? 'link' : 'file'}, as you left it in this browser.`;
      return { ...kept, id: before.id, stored: true, messages: [[message]] };
    }
    kept.opened.network.delete();
  }
  const name = opened.title ? `“${opened.title}”` : opened.kind === 'file' ? 'the network file' : 'the shared network';
  const message = `Opened ${name}.${others ? ' Your own networks are kept: switch back under Keep and share.' : ''}`;
  return { id: storage.newId(), opened, source, saved: null, stored: false, messages: [[message]] };
}

// The network this tab showed (a reload), else the one the last tab showed,
// else the most recently changed one; a fresh one if none opens.
/** @param {any} core @param {KeptList} list @returns {Promise<Choice>} */
async function chooseKept(core, { entries, remembered, record }) {
  const known = remembered && (entries.some((entry) => entry.id === remembered) || storage.readJournal(remembered));
  const wanted = known ? remembered : entries[0]?.id;
  const kept = wanted ? await readKept(core, wanted, wanted === remembered ? record : undefined) : null;
  if (kept && !('error' in kept)) return { ...kept, id: wanted, stored: true, messages: [] };
  /** @type {Choice} */
  const fresh = { id: storage.newId(), opened: null, source: '', saved: null, stored: false, messages: [] };
  if (kept && 'error' in kept) fresh.messages.push([`The network saved in this browser could not be opened (${kept.error}), so here is a fresh one.`, 'error']);
  return fresh;
}

/**
 * The networks kept in this browser, read while the core loads: the list
 * (error: why it could not be read), and the record of the network this tab
 * or the last one showed (asked for at once, it is likely the one shown).
 * @typedef {{entries: storage.Entry[], error: string, remembered: string | null,
 *   record: Promise<storage.SavedRecord | undefined>}} KeptList
 * @returns {Promise<KeptList>}
 */
export async function readKeptList() {
  const remembered = storage.rememberedId();
  const record = remembered ? storage.loadNetwork(remembered) : Promise.resolve(undefined);
  record.catch(() => {});
  try {
    const entries = await storage.listNetworks();
    // An older page's record moved into the list is remembered as it moves.
    const now = storage.rememberedId();
    return { entries, error: '', remembered: now, record: now === remembered ? record : storage.loadNetwork(now) };
  } catch (error) {
    return { entries: [], error: error.message, remembered: null, record };
  } finally {
    performance.mark('hpiano:saved-read');
  }
}

/**
 * What the page starts with: the address's network (`opening`, share.js's
 * openAddress) as a new line of the list (or the line it made before), else
 * the network kept (`listing`, readKeptList's). Decided before the page is
 * built, so that no default network (about 20 MiB) is built only to be
 * replaced; createKeeper(...).start(plan) shows it.
 * @param {any} core
 * @param {Promise<import('./share.js').Opened | null>} opening
 * @param {Promise<KeptList>} listing
 * @returns {Promise<{choice: Choice, entries: storage.Entry[]}>}
 */
export async function openStart(core, opening, listing) {
  const [opened, list] = await Promise.all([opening, listing]);
  const { entries } = list;
  const choice = opened && !opened.error
    ? await chooseOpened(core, opened, entries, entries.length > 0 || storage.journalIds().length > 0)
    : await chooseKept(core, list);
  if (opened?.error) choice.messages.push(refusal(opened));
  if (list.error) choice.messages.unshift([`This browser could not read the networks it keeps: ${list.error}`, 'error']);
  return { choice, entries };
}

/**
 * @param {object} options
 * @param {any} options.core
 * @param {import('./network.js').NetworkModel} options.network
 * @param {ReturnType<typeof import('./piano.js').createPiano>} options.piano
 * @param {import('./state.js').Store} options.store
 * @param {(text: string, kind?: 'info' | 'error') => void} options.say
 * @param {() => Record<string, any>} options.linkSettings    what a link or file carries of the page (state.js)
 * @param {() => Record<string, any>} options.recordSettings  what the record keeps of the page
 * @param {(rows: Row[], shownId: string) => void} options.onList  the list to show, most recently changed first
 */
export function createKeeper({ core, network, piano, store, say, linkSettings, recordSettings, onList }) {
  // The network shown: its key, where it came from, whether the list has it,
  // and its saved copy's history (null: none to build on, the journal holds it whole).
  let id = storage.newId();
  let source = '';
  let stored = false;
  /** @type {Saved | null} */
  let saved = null;
  // Bumped whenever the page shows another network or resets this one: a save
  // collected before then says nothing of the saved copy of what is shown now.
  let generation = 0;
  // Changes are not journaled while the page shows another network, nor
  // before it knows which network it shows (start()).
  let adopting = true;
  let journalRefused = false;
  /** @type {storage.Entry[]} */
  let entries = [];
  /** @type {{entry: storage.Entry, record: storage.SavedRecord | undefined, wasShown: boolean} | null} */
  let deleted = null;

  const autosave = storage.createAutosave(collect, {
    onSaved,
    onError: (error) => say(`This browser could not keep the network: ${error.message}`, 'error'),
  });

  /** @returns {storage.Entry} */
  function entryNow() {
    return storage.entryOf({ id, title: store.get().title, notes: network.learnedNotes, changedAt: Date.now(), source });
  }

  function collect() {
    const { title } = store.get();
    const at = now();
    const length = network.historyBytes();
    return {
      record: { network: network.save(title, linkSettings()), page: recordSettings(), source, savedAt: at },
      entry: entryNow(),
      saved: { id, at, generation, history: { length, end: network.historySince(Math.max(0, length - END_CHECK)) } },
    };
  }

  /** @param {ReturnType<typeof collect>['saved']} what */
  function onSaved(what) {
    if (what.id === id && what.generation === generation) {
      saved = what.history;
      stored = true;
    }
    // The journal goes once a save holds all of it; else it shrinks to what followed.
    const journal = storage.readJournal(what.id);
    if (journal && journal.at <= what.at) storage.clearJournal(what.id);
    else if (what.id === id) writeJournal();
    refreshList();
  }

  // Writes what the saved copy lacks, at once (storage.js's Journal).
  function writeJournal() {
    const { title } = store.get();
    /** @type {storage.Journal} */
    const journal = { id, title, page: recordSettings(), at: now() };
    const length = network.historyBytes();
    const after = saved && length >= saved.length ? network.historySince(saved.length - saved.end.length) : null;
    if (saved && after && same(after.subarray(0, saved.end.length), saved.end)) {
      journal.base = saved.length;
      journal.tail = storage.toBase64(after.subarray(saved.end.length));
    } else if (length <= MAX_WHOLE_JOURNAL) {
      journal.payload = storage.toBase64(network.sharePayload(title, linkSettings()));
    } else {
      return; // its first save comes at once
    }
    try {
      storage.writeJournal(journal);
    } catch (error) {
      if (!journalRefused) say(`This browser refused to keep the latest notes at once (${error.message}); they are saved a moment later.`, 'error');
      journalRefused = true;
    }
  }

  // The changes of one task (notes the player schedules in one tick, an
  // adjustment that is also a settings change) are journaled once, at the end
  // of the task: before the page can unload, so a reload still keeps them.
  let journalPending = false;
  function journalSoon() {
    if (journalPending) return;
    journalPending = true;
    queueMicrotask(() => {
      journalPending = false;
      if (!adopting) writeJournal();
    });
  }

  // Every change to the network or the page's settings: journaled at the end
  // of this task, saved soon.
  /** @param {string} [what]  piano.js's change: 'step', 'taught', 'reset', ... */
  function changed(what) {
    if (adopting) return;
    if (what === 'reset') {
      generation++;
      saved = null;
    }
    journalSoon();
    autosave.schedule();
  }
  piano.onChange(changed);
  store.subscribe((state, patch) => {
    changed();
    if ('title' in patch) onList(rows(), id);
  });

  // Saves what is pending, and waits for every save so far.
  async function settle() {
    do await autosave.flush();
    while (autosave.pending());
  }

  /** @returns {Row[]} */
  function rows() {
    const kept = entries.find((entry) => entry.id === id);
    const shown = { ...entryNow(), stored, changedAt: kept?.changedAt ?? Date.now() };
    const others = entries.filter((entry) => entry.id !== id).map((entry) => ({ ...entry, stored: true }));
    return [shown, ...others].sort((a, b) => b.changedAt - a.changedAt);
  }

  async function refreshList() {
    entries = await storage.listNetworks().catch(() => entries);
    onList(rows(), id);
  }

  // Shows what `choice` says (the one shown is saved before), and says its messages.
  /** @param {Choice} choice */
  function show(choice) {
    const { opened } = choice;
    const was = adopting;
    adopting = true;
    try {
      if (opened) piano.adopt(opened);
      if (opened && choice.page) piano.applySettings(choice.page, 'record');
    } finally {
      adopting = was;
    }
    generation++;
    ({ id, source, saved, stored } = choice);
    storage.remember(id);
    // What the saved copy lacks (all of a network not saved yet, or what its
    // journal added) is journaled again and saved.
    if (opened && (!saved || choice.journaled)) {
      writeJournal();
      autosave.schedule();
    }
    if (choice.lost) storage.clearJournal(id);
    // A network moved here from an older page has no title or notes in the list yet.
    const entry = entries.find((line) => line.id === id);
    if (entry && (entry.notes !== network.learnedNotes || entry.title !== store.get().title)) {
      storage.storeEntry({ ...entry, notes: network.learnedNotes, title: store.get().title }).then(refreshList, () => {});
    }
    refreshList();
    for (const [text, kind] of choice.messages) say(text, kind);
    if (choice.lost) say('The last notes played before the page was left could not be read back: here it is as last saved.', 'error');
  }

  // Shows network `entryId` of the list; '' or why it could not.
  /** @param {string} entryId @param {string} [message] */
  async function showKept(entryId, message = '') {
    const kept = await readKept(core, entryId);
    if ('error' in kept) return kept.error;
    await settle();
    show({ ...kept, id: entryId, stored: true, messages: message ? [[message]] : [] });
    return '';
  }

  // The address no longer names the network shown: a reload shows this tab's.
  function forgetAddress() {
    const address = withoutNetwork(location.href);
    if (address !== location.href) history.replaceState(history.state, '', address);
  }

  // A fresh network with the current settings, a new line of the list
  // (stored now with `keep`, else once it changes).
  async function startNew({ keep = true } = {}) {
    // One that learned nothing and has no name is started again on its own
    // line: New network twice makes one fresh network, not two alike.
    if (keep && network.learnedNotes === 0 && !store.get().title) {
      piano.reset(store.get().config);
      return;
    }
    await settle();
    const before = { id, source, saved, stored };
    ({ id, source, saved, stored } = { id: storage.newId(), source: '', saved: null, stored: false });
    generation++;
    // Without `keep`, its reset is no change to keep.
    const was = adopting;
    adopting = !keep;
    let error;
    try {
      error = piano.reset(store.get().config);
    } finally {
      adopting = was;
    }
    if (error) {
      ({ id, source, saved, stored } = before);
      return;
    }
    storage.remember(id);
    forgetAddress();
    if (keep) await settle();
    refreshList();
  }

  // A network opened from the address (a link, a ?src= file) or a picked
  // file: a new line of the list, or the line that link made before.
  /** @param {import('./share.js').Opened} opened  opened without error */
  async function take(opened) {
    const others = entries.some((entry) => entry.id !== id) || stored || network.learnedNotes > 0;
    const choice = await chooseOpened(core, opened, entries, others);
    await settle();
    show(choice);
    await settle();
  }

  // Networks a closed tab left in their journal only (closed before their
  // first save) join the list, unless the page is about to show one.
  /** @param {string} showing */
  async function keepJournaled(showing) {
    const listed = new Set(entries.map((entry) => entry.id));
    for (const orphan of storage.journalIds().filter((key) => key !== showing && !listed.has(key))) {
      const kept = await readKept(core, orphan);
      if ('error' in kept) {
        storage.clearJournal(orphan);
        continue;
      }
      const orphanNetwork = kept.opened.network;
      const at = now();
      const title = kept.opened.title;
      try {
        await storage.storeNetwork({ network: orphanNetwork.save(title, {}), page: kept.page, source: kept.source, savedAt: at },
          storage.entryOf({ id: orphan, title, notes: orphanNetwork.learnedNotes(), changedAt: Date.now(), source: kept.source }));
        if ((storage.readJournal(orphan)?.at ?? 0) <= at) storage.clearJournal(orphan);
      } catch {
        // Kept in its journal for the next page.
      } finally {
        orphanNetwork.delete();
      }
    }
    entries = await storage.listNetworks().catch(() => entries);
  }

  return {
    // Shows what the page starts with (openStart's plan), then keeps the
    // networks closed tabs left in their journals only, and opens the links
    // the address gets later.
    /** @param {Awaited<ReturnType<typeof openStart>>} plan */
    start({ choice, entries: list }) {
      entries = list;
      show(choice);
      adopting = false;
      // Keys pressed while the page opened, on a network it made.
      if (!stored && network.learnedNotes > 0) changed();
      keepJournaled(id).then(() => onList(rows(), id), (error) => say(`This browser could not keep a network a closed tab left: ${error.message}`, 'error'));
      addEventListener('hashchange', async () => {
        if (!hasLink(location.href)) return;
        const next = await openAddress(core, location.href);
        if (next?.error) say(...refusal(next));
        else if (next) await take(next);
      });
    },

    // A network opened from a file the user picked: a new line of the list.
    /** @param {import('./share.js').Opened} opened */
    openFile: (opened) => take({ ...opened, source: '', kind: 'file' }),

    /** @param {string} entryId */
    async open(entryId) {
      if (entryId === id) return;
      const entry = entries.find((line) => line.id === entryId);
      const name = entry?.title ? `“${entry.title}”` : 'the untitled network';
      const error = await showKept(entryId, `Now playing ${name}.`);
      if (error) say(`${name} could not be opened: ${error}.`, 'error');
      else forgetAddress();
    },

    startNew: () => startNew(),

    // Deletes a network of the list (showing another if it was shown); the
    // deleted entry, which undoDelete() brings back.
    /** @param {string} entryId */
    async remove(entryId) {
      const entry = entries.find((line) => line.id === entryId);
      if (!entry) return null;
      const wasShown = entryId === id;
      if (wasShown) {
        const other = entries.find((line) => line.id !== entryId);
        if (!other || (await showKept(other.id))) await startNew({ keep: false });
        else forgetAddress();
      }
      const record = await storage.loadNetwork(entryId).catch(() => undefined);
      await storage.deleteNetwork(entryId);
      deleted = { entry, record, wasShown };
      await refreshList();
      return entry;
    },

    async undoDelete() {
      if (!deleted) return;
      const { entry, record, wasShown } = deleted;
      deleted = null;
      if (record) await storage.storeNetwork(record, entry);
      await refreshList();
      if (wasShown && record) await this.open(entry.id);
    },

  };
}
