// Files the user takes away or brings: downloads of bytes the page made (.hpn,
// .mid) and files picked in a file input.

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

// The bytes of a picked file, refusing one larger than `limit`.
export async function readPicked(file, limit) {
  if (file.size > limit) throw new RangeError(`${file.name} is larger than ${(limit / (1 << 20)).toFixed(0)} MB`);
  return new Uint8Array(await file.arrayBuffer());
}
