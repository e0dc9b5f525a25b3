// @ts-check
// Files the user takes away or brings: downloads of bytes the page made (.hpn,
// .mid), and files picked through a button and a hidden file input.

// A download named after the title, with characters file systems refuse left out.
export function download(bytes, title, fallback, extension, type) {
  const base = title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || fallback;
  const url = URL.createObjectURL(new Blob([bytes], { type }));
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
