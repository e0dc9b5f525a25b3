// @ts-check
// Keeps what users teach: the current network (its .hpn bytes) and the page's
// settings in IndexedDB, saved a moment after each change and whenever the
// page is hidden or left, and read back on the next visit. One record:
//   {network: Uint8Array, page: {...settings}, source: the link or file it was
//    opened from ('' if made here), savedAt: ms since 1970}

const DATABASE = 'hebbian-piano';
const STORE = 'networks';
const KEY = 'current';

let opening = null;

/** @returns {Promise<IDBDatabase>} */
function database() {
  opening ??= new Promise((resolve, reject) => {
    if (!globalThis.indexedDB) {
      reject(new Error('this browser keeps no data for pages'));
      return;
    }
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('the browser refused to open its storage'));
    request.onblocked = () => reject(new Error('another tab is upgrading the storage'));
  });
  return opening;
}

/**
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest} act
 */
async function run(mode, act) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction(STORE, mode);
    const request = act(transaction.objectStore(STORE));
    transaction.oncomplete = () => resolve(request.result);
    transaction.onerror = () => reject(transaction.error ?? new Error('the browser could not save'));
    transaction.onabort = () => reject(transaction.error ?? new Error('the browser could not save'));
  });
}

/**
 * The record kept in this browser.
 * @typedef {{network: Uint8Array, page: Record<string, unknown>, source: string, savedAt: number}} SavedRecord
 */

// The saved record, or undefined if there is none.
/** @returns {Promise<SavedRecord | undefined>} */
export function loadSaved() {
  return run('readonly', (store) => store.get(KEY));
}

/** @param {SavedRecord} record */
export function storeSaved(record) {
  return run('readwrite', (store) => store.put(record, KEY));
}

// Saves collect()'s record `delayMs` after the last change, but at least every
// `maxWaitMs` while changes keep coming (the network playing on its own), and
// at once when the page is hidden. onError(error) hears a failed save.
/**
 * @param {() => SavedRecord} collect
 * @param {{delayMs?: number, maxWaitMs?: number, onError?: (error: Error) => void}} [options]
 */
export function createAutosave(collect, { delayMs = 1000, maxWaitMs = 5000, onError = () => {} } = {}) {
  let timer = 0;
  let firstChange = 0;
  let pending = false;
  let paused = false;

  async function flush() {
    clearTimeout(timer);
    if (!pending || paused) return;
    pending = false;
    firstChange = 0;
    try {
      await storeSaved(collect());
    } catch (error) {
      onError(error);
    }
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
    flush,
    // While paused (opening a network), changes are not saved.
    pause(on) {
      paused = on;
    },
  };
}
