// @ts-check
// The embed's postMessage API, both ends. The page around an embed sends
// {hebbianPiano: 1, id, verb, args: [...]}; the embed answers every such
// message, {hebbianPiano: 1, id, ok: true, result} or {hebbianPiano: 1, id,
// ok: false, error} (an unknown verb, arguments of the wrong kind, a network
// that could not start: error says which). The verbs are window.hebbianPiano's
// (api.js), plus 'ready', answered true once the network has loaded. Messages
// that come while it loads (even before embed.js runs: embed.html keeps them)
// are answered once it has. The embed also tells its parent when it is ready,
// unasked: {hebbianPiano: 1, ready: true}, or {hebbianPiano: 1, ready: false,
// error} if its network could not start.

import { callError, callVerb, VERBS } from './api.js';

const MARK = 'hebbianPiano';
// Until the embed answers 'ready' or announces it, the page asks again this
// often: a message sent while the frame still holds about:blank is lost.
const PING_MS = 200;

// What is wrong with a message that names a verb ('' if nothing).
function requestError(data) {
  if (data[MARK] !== 1) return `a message to Hebbian Piano is {${MARK}: 1, id, verb, args: [...]}: ${MARK} must be 1`;
  if (typeof data.id !== 'number' && typeof data.id !== 'string') return 'id must be a number or a string, which the answer repeats';
  if (data.verb === 'ready') return data.args === undefined || (Array.isArray(data.args) && !data.args.length) ? '' : 'ready takes no arguments';
  return callError(data.verb, data.args ?? []);
}

// In the embed: answers every request from any page (the verbs reveal nothing
// but the network, which the page could load itself). appPromise resolves
// with the verbs. A message that is not an object with a `verb` or the mark
// belongs to someone else and is left alone.
/** @param {Promise<Record<string, (...args: any[]) => any>>} appPromise */
export function serveMessages(appPromise) {
  /** @param {MessageEvent} event */
  const answer = async (event) => {
    const { data } = event;
    if (data === null || typeof data !== 'object' || (!(MARK in data) && !('verb' in data))) return;
    const reply = (fields) => {
      try {
        const source = /** @type {Window | null} */ (event.source);
        source?.postMessage({ [MARK]: 1, id: data.id ?? null, ...fields }, event.origin === 'null' ? '*' : event.origin);
      } catch (error) {
        console.warn('Hebbian Piano: could not answer', error);
      }
    };
    const wrong = requestError(data);
    if (wrong) {
      reply({ ok: false, error: wrong });
      return;
    }
    try {
      const verbs = await appPromise;
      const result = data.verb === 'ready' ? true : await callVerb(verbs, data.verb, data.args ?? []);
      reply({ ok: true, result });
    } catch (error) {
      reply({ ok: false, error: error?.message ?? String(error) });
    }
  };
  addEventListener('message', answer);
  const early = /** @type {any} */ (window).hebbianPianoEarly;
  if (early) {
    removeEventListener('message', early.listener);
    for (const event of early.events) answer(event);
    early.events = [];
  }
  if (window.parent !== window) {
    const announce = (fields) => window.parent.postMessage({ [MARK]: 1, ...fields }, '*');
    appPromise.then(() => announce({ ready: true }), (error) => announce({ ready: false, error: error?.message ?? String(error) }));
  }
}

/**
 * In the page around an embed: the verbs as methods that return promises;
 * `ready`, which resolves once the embed has loaded its network; and
 * close(reason), for when the frame is given another embed or leaves the page:
 * it stops listening, and every call still waiting rejects with `reason`.
 * @param {HTMLIFrameElement} iframe
 */
export function connectFrame(iframe) {
  let nextId = 1;
  /** @type {Map<number, {resolve: (value: unknown) => void, reject: (error: Error) => void, verb: string}>} */
  const pending = new Map();
  let closedBecause = '';
  // Hears the embed's own {ready} announcement (set below).
  /** @type {(data: {ready: boolean, error?: string}) => void} */
  let announced = () => {};
  /** @param {MessageEvent} event */
  const onMessage = (event) => {
    const { data } = event;
    if (event.source !== iframe.contentWindow || data?.[MARK] !== 1) return;
    if (typeof data.ready === 'boolean' && !('id' in data)) {
      announced(data);
      return;
    }
    if (!pending.has(data.id)) return;
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) resolve(data.result);
    else reject(new Error(data.error));
  };
  addEventListener('message', onMessage);

  /**
   * @param {string} verb
   * @param {unknown[]} args
   * @param {string} target
   */
  const send = (verb, args, target) => new Promise((resolve, reject) => {
    if (closedBecause) {
      reject(new Error(closedBecause));
      return;
    }
    const id = nextId++;
    pending.set(id, { resolve, reject, verb });
    iframe.contentWindow?.postMessage({ [MARK]: 1, id, verb, args }, target);
  });

  // Resolves on the embed's announcement or its answer to 'ready', pinged
  // with '*' while the frame may still hold about:blank (of another origin);
  // rejects if the embed could not start its network, or on close().
  let timer = 0;
  const ready = new Promise((resolve, reject) => {
    let settled = false;
    const settle = (how, value) => {
      if (settled) return;
      settled = true;
      clearInterval(timer);
      for (const [id, request] of pending) if (request.verb === 'ready') pending.delete(id);
      how(value);
    };
    announced = (data) => (data.ready ? settle(resolve) : settle(reject, new Error(data.error)));
    const ping = () => send('ready', [], '*').then(() => settle(resolve), (error) => settle(reject, error));
    timer = setInterval(ping, PING_MS);
    ping();
  });
  // Callers hear a failed start from the verbs they call.
  ready.catch(() => {});
  const origin = () => {
    const embed = new URL(iframe.src, location.href).origin;
    return embed === 'null' ? '*' : embed;
  };
  const call = (verb) => async (...args) => {
    await ready;
    return send(verb, args, origin());
  };
  /** @param {string} reason */
  const close = (reason) => {
    if (closedBecause) return;
    closedBecause = reason;
    removeEventListener('message', onMessage);
    clearInterval(timer);
    for (const { reject } of pending.values()) reject(new Error(reason));
    pending.clear();
  };
  return { ready, close, ...Object.fromEntries(VERBS.map((verb) => [verb, call(verb)])) };
}
