// @ts-check
// The page's addresses, read and written in one place. The core decodes the
// network a link holds (core/share_link.h); this module says where it sits:
//   index.html#net=…                     the full page, opened with a network
//   embed.html#net=…&controls=…&autoplay=1&play=back  the embed (embed.js)
//   index.html?src=file.hpn               the full page, opened with a file fetched from the web
// The fragment's fields are separated by '&', in any order; net's value is
// base64url, so it is never escaped.

// The embed's controls: which parts it shows around the keyboard (embed.js).
export const EMBED_CONTROLS = ['none', 'minimal', 'full'];

const BASE64URL_START = /^[A-Za-z0-9_-]*/;

/**
 * The '&'-separated fields of a fragment or query, '#' or '?' first or not.
 * @param {string} text
 */
const fields = (text) => new URLSearchParams(text.replace(/^[#?]/, ''));

/**
 * Whether a page address carries a link (#net=…).
 * @param {string} href
 */
export function hasLink(href) {
  return fields(new URL(href).hash).has('net');
}

/**
 * Where a network came from, as the page keeps it beside the network
 * (storage.js): the link's fragment ('#net=…'), the address's file
 * ('src=…'), or '' (made here, or a file picked from the disk).
 * @param {string} href  the address it was opened from
 * @returns {string}
 */
export function sourceOfAddress(href) {
  if (hasLink(href)) return new URL(href).hash;
  const src = sourceOf(href);
  return src ? `src=${src}` : '';
}

/** @param {string} source  as sourceOfAddress gives it @returns {'' | 'link' | 'file'} */
export const sourceKind = (source) => (source.startsWith('#') ? 'link' : source.startsWith('src=') ? 'file' : '');

/**
 * The full page's address beside `here` (the embed's), opened with link
 * fragment `net` ('net=…'; '' for a fresh network).
 * @param {string} net @param {string} here
 */
export function fullPageAddress(net, here) {
  return new URL(`index.html${net ? `#${net}` : ''}`, here).href;
}

/**
 * The network of an address's ?src= (an .hpn file to fetch), or null.
 * @param {string} href
 */
export function sourceOf(href) {
  return new URL(href).searchParams.get('src');
}

/**
 * `href` without the network it names (#net=…, ?src=): the address of the
 * page as it is once the user has moved on to another network.
 * @param {string} href
 */
export function withoutNetwork(href) {
  const url = new URL(href);
  url.searchParams.delete('src');
  if (hasLink(href)) url.hash = '';
  return url.href.replace(/#$/, '');
}

/**
 * The net=… field of a share link, a whole address or a fragment, '' if it
 * has none. Only its base64url start is kept (a pasted link may run on into
 * other text), so what comes back is safe to put in an address.
 * @param {string | null} text
 */
export function netField(text) {
  if (!text) return '';
  let found;
  try {
    const url = new URL(text);
    found = fields(url.hash).get('net') ?? url.searchParams.get('net');
  } catch {
    // Not a whole address: a fragment, with or without its '#'.
    found = fields(text).get('net');
  }
  return found === null ? '' : `net=${BASE64URL_START.exec(found)[0]}`;
}

/**
 * What an embed's address asks for: its link (net=… or ''), its controls
 * (one of EMBED_CONTROLS, 'full' unless it says another), autoplay, and
 * playBack (play=back: its Play, and autoplay, play back the tune it learned
 * from its first note, rather than play on its own; embed.js).
 * @param {string} href
 */
export function embedOptions(href) {
  const found = fields(new URL(href).hash);
  const controls = found.get('controls');
  return {
    net: netField(href),
    controls: EMBED_CONTROLS.includes(controls) ? controls : 'full',
    autoplay: found.get('autoplay') === '1',
    playBack: found.get('play') === 'back',
  };
}

/**
 * The fragment (without '#') of an embed's address; a left-out control is the
 * embed's default.
 * @param {{net?: string, controls?: string | null, autoplay?: boolean, playBack?: boolean}} options
 */
export function embedFragment({ net = '', controls = null, autoplay = false, playBack = false }) {
  const options = new URLSearchParams();
  if (controls) options.set('controls', controls);
  if (autoplay) options.set('autoplay', '1');
  if (playBack) options.set('play', 'back');
  return [netField(net), options.toString()].filter(Boolean).join('&');
}
