// @ts-check
// The list of the networks kept in this browser (keeper.js): each line its
// title, the notes it learned, when it last changed and where it came from;
// Open switches to it, Delete removes it (with Undo), New network starts one.
// Titles come from links anyone can make: they are only ever text.

import { byId } from '../dom.js';

const MINUTE = 60_000;
const relative = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

// "just now", "5 minutes ago", "3 hours ago", "yesterday", else the date.
/** @param {number} time  ms since 1970 @param {number} [now] */
export function whenChanged(time, now = Date.now()) {
  const minutes = Math.round((now - time) / MINUTE);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return relative.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return relative.format(-hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 7) return relative.format(-days, 'day');
  return new Date(time).toLocaleDateString('en', { day: 'numeric', month: 'short', year: 'numeric' });
}

const FROM = { link: ' · from a link', file: ' · from a file', '': '' };

/** @param {import('../keeper.js').Row} row @param {boolean} shown */
function describe(row, shown) {
  const notes = row.notes === null ? '' : row.notes === 1 ? '1 note' : `${row.notes.toLocaleString('en')} notes`;
  const when = row.stored ? whenChanged(row.changedAt) : 'not kept until it learns';
  return [shown ? 'playing now' : '', notes, when].filter(Boolean).join(' · ') + FROM[row.from];
}

/**
 * @param {object} handlers
 * @param {(id: string) => void} handlers.onOpen
 * @param {() => void} handlers.onNew
 * @param {(id: string) => Promise<import('../storage.js').Entry | null>} handlers.onDelete
 * @param {() => void} handlers.onUndo
 */
export function createNetworksPanel({ onOpen, onNew, onDelete, onUndo }) {
  const list = byId('network-list', HTMLUListElement);
  const undoLine = byId('network-undo');
  const undoText = byId('network-undo-text');

  byId('new-network').addEventListener('click', () => onNew());
  byId('undo-delete').addEventListener('click', () => {
    undoLine.hidden = true;
    onUndo();
  });

  /** @param {string} text @param {string} label @param {() => void} act */
  function button(text, label, act) {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = text;
    element.setAttribute('aria-label', label);
    element.addEventListener('click', act);
    return element;
  }

  return {
    /** @param {import('../keeper.js').Row[]} rows @param {string} shownId */
    render(rows, shownId) {
      // Rebuilt whole; the button that had focus gets it back.
      const focused = list.contains(document.activeElement) ? /** @type {HTMLElement} */ (document.activeElement).dataset.focusKey : null;
      list.replaceChildren(...rows.map((row) => {
        const shown = row.id === shownId;
        const name = row.title || 'untitled';
        const item = document.createElement('li');
        item.className = 'network-entry';
        item.dataset.id = row.id;
        if (shown) item.setAttribute('aria-current', 'true');
        const title = document.createElement('span');
        title.className = 'network-name';
        title.textContent = name;
        const meta = document.createElement('span');
        meta.className = 'network-meta';
        meta.textContent = describe(row, shown);
        item.append(title, meta);
        if (!shown) {
          const open = button('Open', `Open ${name}`, () => onOpen(row.id));
          open.dataset.focusKey = `open:${row.id}`;
          item.append(open);
        }
        if (row.stored) {
          const remove = button('Delete', `Delete ${name}`, async () => {
            const gone = await onDelete(row.id);
            if (!gone) return;
            undoText.textContent = `Deleted “${gone.title || 'untitled'}”.`;
            undoLine.hidden = false;
            byId('undo-delete').focus();
          });
          remove.className = 'quiet';
          remove.dataset.focusKey = `delete:${row.id}`;
          item.append(remove);
        }
        return item;
      }));
      if (focused) /** @type {HTMLElement | null} */ (list.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`))?.focus();
    },
  };
}
