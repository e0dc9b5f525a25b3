// @ts-check
// The "Keep and share" panel: the network's share link (made, shown with its
// length, copied) and the code that embeds it in another page (an iframe of
// embed.html, whose Play plays back the tune it learned when asked:
// play=back, checked when it learned one), and its .hpn file (saved,
// opened). A network whose history is too long for a link is offered as a
// file instead. (Its title field is the page's from the start: app.js.)

import { byId } from '../dom.js';
import { download, pickFiles } from '../files.js';
import { embedFragment } from '../link.js';
import { makeLink, MAX_FILE_BYTES, openFile, tooLongForLink } from '../share.js';

const HPN_TYPE = 'application/octet-stream';
// The embed code's frame (CSS px): the embed draws its keyboard and bar whole down to 320 x 240.
const EMBED_SIZE = { width: 400, height: 240 };

// Text for an HTML attribute's double quotes.
/** @param {string} text */
const attribute = (text) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

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
  const embedResult = byId('embed-result');
  const embedCode = byId('embed-code', HTMLTextAreaElement);
  const playBack = byId('embed-play-back', HTMLInputElement);
  // The link the embed code opens: the last one made.
  let shared = '';

  const writeEmbedCode = () => {
    const fragment = embedFragment({ net: shared, controls: 'minimal', playBack: playBack.checked });
    const src = new URL(`embed.html#${fragment}`, location.href).href;
    const title = attribute(store.get().title || 'Hebbian Piano');
    embedCode.value = `<iframe src="${src}" title="${title}" allow="autoplay" width="${EMBED_SIZE.width}" height="${EMBED_SIZE.height}"></iframe>`;
  };
  playBack.addEventListener('change', writeEmbedCode);

  const saveFile = () => {
    const name = store.get().title;
    return download(network.save(name, settings()), name, 'hebbian-piano', 'hpn', HPN_TYPE);
  };

  byId('share-button').addEventListener('click', async () => {
    if (tooLongForLink(core, network)) {
      const kilobytes = Math.round(network.historyBytes() / 1024);
      result.hidden = true;
      embedResult.hidden = true;
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
    shared = link;
    const tune = network.learnedTune();
    playBack.disabled = !tune;
    playBack.checked = Boolean(tune);
    writeEmbedCode();
    embedResult.hidden = false;
    linkOutput.select();
  });

  /** @param {HTMLInputElement | HTMLTextAreaElement} field @param {string} what */
  const copy = async (field, what) => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      note.textContent = 'Copied.';
    } catch {
      note.textContent = `The browser did not let the page copy: the ${what} is selected, copy it with Ctrl+C (⌘C).`;
    }
  };
  byId('copy-link').addEventListener('click', () => copy(linkOutput, 'link'));
  byId('copy-embed').addEventListener('click', () => copy(embedCode, 'embed code'));

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
