// @ts-check
// The embed's postMessage API, both ends. The page around an embed sends
// {hebbianPiano: 1, id, verb, args: [...]}; the embed answers
// {hebbianPiano: 1, id, ok: true, result} or {hebbianPiano: 1, id, ok: false,
// error}. The verbs are window.hebbianPiano's (api.js), plus 'ready', answered
// once the network has loaded.

import { VERBS } from './api.js';

const MARK = 'hebbianPiano';
const ANSWERED = new Set([...VERBS, 'ready']);
// Until the embed answers 'ready', the page asks again this often: a message
// sent before the embed's script runs is lost.
const PING_MS = 200;

function isRequest(data) {
  return data !== null && typeof data === 'object' && data[MARK] === 1 &&
    (typeof data.id === 'number' || typeof data.id === 'string') &&
    typeof data.verb === 'string' && ANSWERED.has(data.verb) &&
    (data.args === undefined || Array.isArray(data.args));
}

// In the embed: answers every request from any page (the verbs reveal nothing
// but the network, which the page could load itself). appPromise resolves
// with the verbs.
/** @param {Promise<Record<string, (...args: any[]) => any>>} appPromise */
export function serveMessages(appPromise) {
  addEventListener('message', async (event) => {
    const { data } = event;
    if (!isRequest(data)) {
      console.warn('Hebbian Piano: ignored a message that is not {hebbianPiano: 1, id, verb, args: [...]} with a known verb', data);
      return;
    }
    const reply = (fields) => {
      try {
        const source = /** @type {Window | null} */ (event.source);
        source?.postMessage({ [MARK]: 1, id: data.id, ...fields }, event.origin === 'null' ? '*' : event.origin);
      } catch (error) {
        console.warn('Hebbian Piano: could not answer', error);
      }
    };
    try {
      const verbs = await appPromise;
      const result = data.verb === 'ready' ? true : await verbs[data.verb](...(data.args ?? []));
      reply({ ok: true, result });
    } catch (error) {
      reply({ ok: false, error: error?.message ?? String(error) });
    }
  });
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
  /** @param {MessageEvent} event */
  const onMessage = (event) => {
    const { data } = event;
    if (event.source !== iframe.contentWindow || data?.[MARK] !== 1 || !pending.has(data.id)) return;
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

  // Pinged with '*' while the frame may still hold about:blank (of another
  // origin); rejects if the embed could not start its network, or on close().
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
