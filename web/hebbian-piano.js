// @ts-check
// <hebbian-piano>: a live network for any page, with one script tag:
//   <script type="module" src="https://…/hebbian-piano.js"></script>
//   <hebbian-piano net="https://…/#net=…" controls="full" autoplay="0" width="600" height="360"></hebbian-piano>
// It holds embed.html (found next to this module) in an iframe, and has the
// verbs of window.hebbianPiano as methods returning promises, sent to the
// embed as messages: await el.ready; await el.press(60); await el.play(16, {temperature: 0}).
//   net       a share link or its fragment (net=…); none: a fresh network
//   controls  none | minimal | full (default full), see embed.js
//   autoplay  1: it plays on its own once loaded
//   play      back: its Play (and autoplay) plays back the tune it learned, from its first note
//   width, height  the frame's size in CSS pixels (default 600 × 360; never wider than its column)
// A new net, controls, autoplay or play loads a new embed (ready anew); calls still
// waiting for the old one reject, as they do when the element leaves the page.
// Its frame has allow="autoplay", so it sounds once the reader has clicked on
// the page; until then its notes are silent and it shows "click to turn sound on".
// Loaded from another site, this module needs its host to send
// Access-Control-Allow-Origin (module scripts are fetched with CORS).

import { VERBS } from './api.js';
import { embedFragment } from './link.js';
import { connectFrame } from './message-api.js';

const EMBED_URL = new URL('./embed.html', import.meta.url);
const WIDTH = 600;
const HEIGHT = 360;

const pixels = (text, fallback) => {
  const value = Number.parseInt(text, 10);
  return value > 0 ? value : fallback;
};

class HebbianPiano extends HTMLElement {
  static observedAttributes = ['net', 'controls', 'autoplay', 'play', 'width', 'height'];

  #frame = null;
  #client = null;

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = ':host { display: block; max-width: 100%; } iframe { display: block; width: 100%; border: 0; border-radius: 10px; background: #111419; }';
    this.#frame = HebbianPiano.#newFrame();
    root.append(style, this.#frame);
    for (const verb of VERBS) this[verb] = (...args) => this.#connect()[verb](...args);
  }

  static #newFrame() {
    const frame = document.createElement('iframe');
    frame.title = 'Hebbian Piano';
    frame.allow = 'autoplay';
    return frame;
  }

  // Resolves once the embed has loaded its network.
  get ready() {
    return this.#connect().ready;
  }

  connectedCallback() {
    this.#update();
  }

  // Its frame unloads: calls still waiting for it are told so.
  disconnectedCallback() {
    this.#disconnect('the <hebbian-piano> element left the page');
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#update();
  }

  #connect() {
    this.#update();
    this.#client ??= connectFrame(this.#frame);
    return this.#client;
  }

  /** @param {string} reason */
  #disconnect(reason) {
    this.#client?.close(reason);
    this.#client = null;
  }

  #update() {
    this.style.width = `${pixels(this.getAttribute('width'), WIDTH)}px`;
    this.#frame.style.height = `${pixels(this.getAttribute('height'), HEIGHT)}px`;
    const src = `${EMBED_URL.href}#${embedFragment({
      net: this.getAttribute('net') ?? '',
      controls: this.getAttribute('controls'),
      autoplay: this.getAttribute('autoplay') === '1',
      playBack: this.getAttribute('play') === 'back',
    })}`;
    if (this.#frame.src === src) return;
    // A new embed in a new frame: a new fragment alone would let the old embed
    // answer 'ready' while it reloads itself. It answers 'ready' anew; the old
    // one will answer nothing more.
    if (this.#frame.src) {
      this.#disconnect('the <hebbian-piano> element was given another network or options, so its embed was replaced');
      const frame = HebbianPiano.#newFrame();
      frame.style.height = this.#frame.style.height;
      this.#frame.replaceWith(frame);
      this.#frame = frame;
    }
    this.#frame.src = src;
  }
}

if (!customElements.get('hebbian-piano')) customElements.define('hebbian-piano', HebbianPiano);
