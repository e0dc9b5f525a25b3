// The "Keep and share" panel: the network's title, its share link (made, shown
// with its length, copied), and its .hpn file (saved, opened). A network whose
// history is too long for a link is offered as a file instead.

import { download, readPicked } from './files.js';
import { makeLink, MAX_FILE_BYTES, openFile, tooLongForLink } from './share.js';

const byId = (id) => document.getElementById(id);
const HPN_TYPE = 'application/octet-stream';

// settings() gives the page settings a link or file carries; onOpened(opened)
// takes a network opened from a file.
export function createSharePanel({ core, network, store, say, settings, onOpened }) {
  const title = byId('share-title');
  const result = byId('share-result');
  const linkOutput = byId('share-link');
  const length = byId('share-length');
  const note = byId('share-note');
  const picker = byId('hpn-file');

  const saveFile = () => {
    const name = store.get().title;
    return download(network.save(name, settings()), name, 'hebbian-piano', 'hpn', HPN_TYPE);
  };

  title.addEventListener('input', () => store.set({ title: title.value }));

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

  byId('open-hpn').addEventListener('click', () => picker.click());
  picker.addEventListener('change', async () => {
    const [file] = picker.files;
    picker.value = '';
    if (!file) return;
    let opened;
    try {
      opened = openFile(core, await readPicked(file, MAX_FILE_BYTES));
    } catch (error) {
      opened = { error: error.message };
    }
    if (opened.error) {
      say(`${file.name} could not be opened: ${opened.error}. Your network is unchanged.`, 'error');
      return;
    }
    onOpened(opened);
    say(`Opened ${file.name}${opened.title ? `: “${opened.title}”` : ''}.`);
  });

  return {
    sync(state) {
      if (document.activeElement !== title) title.value = state.title;
    },
  };
}
