// @ts-check
// Files the user takes away or brings: downloads of bytes the page made (.hpn,
// .mid), and files picked through a button and a hidden file input.

// A download named after the title, with characters file systems refuse left out.
/**
 * @param {Uint8Array} bytes
 * @param {string} title
 * @param {string} fallback  the name when the title leaves none
 * @param {string} extension
 * @param {string} type  the MIME type
 * @returns {string} the file's name
 */
export function download(bytes, title, fallback, extension, type) {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || fallback;
  const url = URL.createObjectURL(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${base}.${extension}`;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return link.download;
}

// A button that opens a file input: use(file, bytes) gets each file picked,
// refuse(message) hears of one larger than `limit`, which is not read.
/**
 * @param {HTMLElement} button
 * @param {HTMLInputElement} input
 * @param {number} limit  bytes
 * @param {{use: (file: File, bytes: Uint8Array) => void, refuse: (message: string) => void}} handlers
 */
export function pickFiles(button, input, limit, { use, refuse }) {
  button.addEventListener('click', () => input.click());
  input.addEventListener('change', async () => {
    const [file] = input.files;
    input.value = '';
    if (!file) return;
    if (file.size > limit) {
      refuse(`${file.name} is larger than ${(limit / (1 << 20)).toFixed(0)} MB`);
      return;
    }
    use(file, new Uint8Array(await file.arrayBuffer()));
  });
}
