// @ts-check
// The "Keep and share" panel: the network's share link (made, shown with its
// length, copied), and its .hpn file (saved, opened). A network whose history
// is too long for a link is offered as a file instead. (Its title field is the
// page's from the start: app.js.)

import { byId } from '../dom.js';
import { download, pickFiles } from '../files.js';
import { makeLink, MAX_FILE_BYTES, openFile, tooLongForLink } from '../share.js';

const HPN_TYPE = 'application/octet-stream';

// settings() gives the page settings a link or file carries; onOpened(opened)
// takes a network opened from a file.
/**
 * @param {object} options
 * @param {any} options.core  the wasm core (network.js loadCore)
 * @param {import('../network.js').NetworkModel} options.network
 * @param {import('../state.js').Store} options.store
 * @param {(text: string, kind?: 'info' | 'error') => void} options.say
 * @param {() => Record<string, string | number>} options.settings
 * @param {(opened: import('../share.js').Opened) => void} options.onOpened
 */
export function createSharePanel({ core, network, store, say, settings, onOpened }) {
  const result = byId('share-result');
  const linkOutput = byId('share-link', HTMLInputElement);
  const length = byId('share-length');
  const note = byId('share-note');
  const picker = byId('hpn-file', HTMLInputElement);

  const saveFile = () => {
    const name = store.get().title;
    return download(network.save(name, settings()), name, 'hebbian-piano', 'hpn', HPN_TYPE);
  };

  byId('share-button').addEventListener('click', async () => {
    if (tooLongForLink(core, network)) {
      const kilobytes = Math.round(network.historyBytes() / 1024);
      result.hidden = true;
      const file = saveFile();
      note.textContent = `What it heard (${kilobytes} KB of history) is too long for a link, so it was saved as ${file}. ` +
        'Share that file: it opens with Open .hpn, or from the web as this page’s address + ?src=address-of-the-file.';
      return;
    }
    const link = await makeLink(core, network, store.get().title, settings(), location.origin + location.pathname);
    linkOutput.value = link;
    length.textContent = `${link.length.toLocaleString('en')} characters`;
    note.textContent = 'Anyone who opens this link gets this network, as it is now.';
    result.hidden = false;
    linkOutput.select();
  });

  byId('copy-link').addEventListener('click', async () => {
    linkOutput.select();
    try {
      await navigator.clipboard.writeText(linkOutput.value);
      note.textContent = 'Copied.';
    } catch {
      note.textContent = 'The browser did not let the page copy: the link is selected, copy it with Ctrl+C (⌘C).';
    }
  });

  byId('save-hpn').addEventListener('click', () => {
    const file = saveFile();
    note.textContent = `Saved as ${file}.`;
  });

  const refuse = (name, error) => say(`${name} could not be opened: ${error}. Your network is unchanged.`, 'error');
  pickFiles(byId('open-hpn'), picker, MAX_FILE_BYTES, {
    use(file, bytes) {
      const opened = openFile(core, bytes);
      if (opened.error) {
        refuse(file.name, opened.error);
        return;
      }
      onOpened(opened);
      say(`Opened ${file.name}${opened.title ? `: “${opened.title}”` : ''}.`);
    },
    refuse: (text) => refuse('The file', text),
  });
}
