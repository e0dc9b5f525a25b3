// @ts-check
// Share links and network files, seen from the page. A link is the network's
// share payload (core/share_link.h: its config and history) compressed with
// the platform's raw deflate, after '#net='. Opening a link or an .hpn file
// makes a new core network (none on error), so a bad one leaves the current
// network untouched.
// Every result is {error, network, title, settings}: '' and a core network on
// success, the message and no network otherwise. Where a link sits in an
// address is link.js's.

import { sourceKind, sourceOf, sourceOfAddress } from './link.js';

// An .hpn file larger than this is refused before it is read (the largest
// networks the page makes are a few MB).
export const MAX_FILE_BYTES = 64 << 20;

/**
 * A network opened from a link or a file: on success `error` is '' and
 * `network` a core network the caller owns (adopts or deletes); else `error`
 * says why and there is no network. openAddress adds what was opened.
 * @typedef {{error: string, network: any, title: string, settings: Record<string, string>,
 *   source?: string, kind?: 'link' | 'file'}} Opened
 */

/** @param {string} error @returns {Opened} */
const failed = (error) => ({ error, network: null, title: '', settings: {} });

/** @param {Uint8Array} bytes */
async function deflate(bytes) {
  const stream = new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// Reads a stream to its end, refusing more than `limit` bytes: a link of a few
// KB could otherwise unpack into gigabytes (a zip bomb).
/**
 * @param {ReadableStream<Uint8Array>} stream
 * @param {number} limit  bytes
 * @param {string} tooLong  the message when there are more
 */
async function readAtMost(stream, limit, tooLong) {
  const reader = stream.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new RangeError(tooLong);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

const megabytes = (bytes) => `${(bytes / (1 << 20)).toFixed(1)} MB`;

// Links carry the history, which grows with every note; past the core's limit
// the network travels as an .hpn file instead.
/**
 * @param {any} core
 * @param {import('./network.js').NetworkModel} network
 */
export function tooLongForLink(core, network) {
  return network.historyBytes() > core.maxShareHistoryBytes;
}

// The link of `network` on the page at `base` (an address without its '#').
/**
 * @param {any} core
 * @param {import('./network.js').NetworkModel} network
 * @param {string} title
 * @param {Record<string, string | number>} settings  the page settings the link carries (state.js)
 * @param {string} base
 */
export async function makeLink(core, network, title, settings, base) {
  const fragment = core.shareFragment(await deflate(network.sharePayload(title, settings)));
  return `${base}#${fragment}`;
}

// A result of core.openShared or core.load ({error} or {network, ...}) as the page's.
/**
 * @param {{error: string, network?: any, title?: string, settings?: Record<string, string>}} result
 * @returns {Opened}
 */
function opened(result) {
  if (result.error) return failed(result.error);
  return { error: '', network: result.network, title: result.title, settings: { ...result.settings } };
}

// Opens the link in a whole address or a fragment ('net=...').
/**
 * @param {any} core
 * @param {string} link
 * @returns {Promise<Opened>}
 */
export async function openLink(core, link) {
  const found = core.compressedFromLink(link);
  performance.mark('hpiano:link-decoded');
  if (found.error) return failed(found.error);
  let payload;
  try {
    const stream = new Blob([found.bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'));
    payload = await readAtMost(stream, core.maxSharePayloadBytes,
      `it unpacks to more than ${megabytes(core.maxSharePayloadBytes)}, more than any link holds`);
  } catch (error) {
    return failed(error instanceof RangeError ? error.message : 'its data is damaged (it does not unpack)');
  }
  performance.mark('hpiano:link-inflated');
  const result = opened(core.openShared(payload));
  performance.mark('hpiano:link-replayed');
  return result;
}

// Opens the bytes of an .hpn file.
/**
 * @param {any} core
 * @param {Uint8Array} bytes
 */
export function openFile(core, bytes) {
  return opened(core.load(bytes));
}

// Fetches an .hpn file (same origin, or a server that allows CORS) and opens it.
/**
 * @param {any} core
 * @param {string} address
 * @returns {Promise<Opened>}
 */
export async function fetchNetwork(core, address) {
  let bytes;
  try {
    const url = new URL(address, location.href);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return failed('only http and https addresses can be fetched');
    const response = await fetch(url);
    if (!response.ok) return failed(`the server answered ${response.status}`);
    bytes = await readAtMost(response.body, MAX_FILE_BYTES, `the file is larger than ${megabytes(MAX_FILE_BYTES)}`);
  } catch (error) {
    return failed(error instanceof RangeError ? error.message : 'it could not be fetched (offline, or the server does not allow it)');
  }
  return openFile(core, bytes);
}

// What an address asks to open: its link (#net=...), else its ?src= file,
// with `source` naming it; null when it asks for neither.
/**
 * @param {any} core
 * @param {string} href
 * @returns {Promise<Opened | null>}
 */
export async function openAddress(core, href) {
  const source = sourceOfAddress(href);
  const kind = sourceKind(source);
  if (kind === 'link') return { ...(await openLink(core, href)), source, kind };
  if (kind === 'file') return { ...(await fetchNetwork(core, sourceOf(href))), source, kind };
  return null;
}
