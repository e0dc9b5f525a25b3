// @ts-check
// The embed, for an <iframe> in a tutorial or an article:
//   embed.html#net=...&controls=none|minimal|full&autoplay=0|1&play=back
// One piano (piano.js) sized to its frame, opened from its link (or ?src=),
// played with its own keys and scripted by the page around it through
// postMessage (message-api.js) with the verbs of window.hebbianPiano.
// The site should give the frame allow="autoplay" (else sound waits for a
// click in it, and the embed says so).
//   none     the keyboard and the note neurons, for a lesson the page scripts
//   minimal  the keyboard, Play and Stop
//   full     the keyboard, the note neurons, the context pools, Play and Stop
// With play=back, Play (and autoplay) plays back the tune the network learned
// last, from its first note at temperature 0 (as the full page's Play back),
// rather than play on its own: what a lesson that taught it a tune wants heard.
// The keyboard shows the keys the network heard, whole (views/keyboard.js
// showRange), and follows a key that sounds out of view.

import { installApi } from './api.js';
import { byId } from './dom.js';
import { serveMessages } from './message-api.js';
import { createMessages } from './panels/messages.js';
import { loadCore, NetworkModel } from './network.js';
import { createNeuronView, lowestFitted as lowestNeurons } from './views/neuron-view.js';
import { createPiano } from './piano.js';
import { createPoolView, lowestFitted as lowestPools } from './views/pool-view.js';
import { embedOptions, fullPageAddress } from './link.js';
import { openAddress } from './share.js';
import { createSound } from './audio/sound.js';
import { createState } from './state.js';
import { createVoices } from './audio/voices.js';
import { whenIdle } from './later.js';

// What a small frame drops, first to last, to draw the rest whole: the
// caption, then the pools, then the neurons (the keyboard is always there).
const DROPPABLE = ['caption', 'pools', 'neurons'];

// The keys a network that heard nothing shows: the octave from middle C.
/** @type {[number, number]} */
const FRESH_RANGE = [60, 72];

// Marks on <body data-dropped> the panels this frame is too small for: each
// view needs its lowest fitted height (views/), the caption and bar what they
// take, so panels go one by one until the views left fit their box.
/** @param {string} controls @param {() => number} poolRows */
function fitPanels(controls, poolRows) {
  const body = document.body;
  const views = /** @type {HTMLElement} */ (document.querySelector('.embed-views'));
  const shown = { caption: controls !== 'minimal', pools: controls === 'full', neurons: controls !== 'minimal' };
  const fits = () => {
    const pools = byId('pool-canvas');
    const needed = Math.max(
      shown.neurons ? lowestNeurons() : 0,
      shown.pools && pools.offsetParent !== null ? lowestPools(poolRows()) : 0,
    );
    return views.clientHeight + 0.5 >= needed;
  };
  const dropped = [];
  body.dataset.dropped = '';
  for (const panel of DROPPABLE) {
    if (fits()) break;
    if (!shown[panel]) continue;
    shown[panel] = false;
    dropped.push(panel);
    body.dataset.dropped = dropped.join(' ');
  }
}

async function main() {
  const showMessage = createMessages(byId('message'), byId('alert'));
  const { net, controls, autoplay, playBack } = embedOptions(location.href);
  document.body.dataset.controls = controls;
  document.querySelector('.embed-bar')?.classList.toggle('visually-hidden', controls === 'none');

  const core = await loadCore();
  // Opened first, so that no default network (about 20 MiB) is built only to be replaced.
  const opened = await openAddress(core, location.href);
  const network = new NetworkModel(core, opened?.network ?? undefined);
  const store = createState(network.config());
  // A frame the site did not give allow="autoplay" stays silent until a
  // click in it: the notes still play (and play() answers), and this says why
  // nothing is heard.
  const soundButton = byId('sound-button', HTMLButtonElement);
  const sound = createSound({ onSilent: (silent) => (soundButton.hidden = !silent) });
  const voices = createVoices(sound);
  soundButton.addEventListener('click', () => voices.start());
  const views = {};
  if (controls !== 'minimal') views.neurons = createNeuronView(byId('neuron-canvas'), byId('neuron-caption'), { fit: true });
  if (controls === 'full') views.pools = createPoolView(byId('pool-canvas'), byId('pool-caption'), { fit: true });
  const piano = createPiano({
    network,
    store,
    voices,
    keyboardElement: byId('keyboard'),
    root: document.body,
    views,
    say: showMessage,
    onPlaying: (playing) => (byId('stop-button', HTMLButtonElement).disabled = !playing),
  });

  // Play: on its own (the mode Play), or with play=back the tune it learned
  // last, played back once (play(), so the mode stays as it was).
  const playButton = byId('play-button', HTMLButtonElement);
  const tuneToPlayBack = () => (playBack ? network.learnedTune() : null);
  const labelPlay = () => {
    const tune = tuneToPlayBack();
    playButton.textContent = tune ? 'Play back' : 'Play';
    playButton.title = tune ? 'Play the tune it learned, from its first note, at temperature 0 (its likeliest notes)' : 'Let it play on its own';
  };
  const play = () => {
    const tune = tuneToPlayBack();
    if (!tune) piano.setMode('play');
    else piano.verbs.play(tune.length - 1, { temperature: 0, prime: tune.slice(0, 1) }).catch((error) => showMessage(error.message, 'error'));
  };
  playButton.addEventListener('click', play);
  byId('stop-button').addEventListener('click', () => piano.setMode('learn'));
  store.subscribe((state, patch) => {
    if (!('title' in patch)) return;
    // Whole in its tooltip when a narrow bar cuts it short.
    const title = byId('network-title');
    title.textContent = state.title || 'Hebbian Piano';
    title.title = title.textContent;
  });

  if (opened?.error) showMessage(`This network could not be opened: ${opened.error}.`, 'error');
  else if (opened) piano.adopt(opened);
  // The full page opens the same link (the embed's changes stay here).
  byId('full-page', HTMLAnchorElement).href = fullPageAddress(net, location.href);
  // A new address (the custom element's attributes changed) is a new embed.
  addEventListener('hashchange', () => location.reload());

  labelPlay();
  if (autoplay) play();
  byId('loading').hidden = true;
  // The keys shown: those it heard, whole, again when the frame or what it heard changes.
  const showKeys = () => piano.keyboard.showRange(...network.learnedRange(FRESH_RANGE), { follow: true });
  // Again whenever the room changes: the frame's size, a new network's pools,
  // a note above the views shown, hidden or given another text.
  const fit = () => fitPanels(controls, () => network.frame().pools.length);
  fit();
  showKeys();
  piano.onChange((what) => {
    if (what === 'adopted' || what === 'reset') fit();
    // Keys played in a row make a tune to play back (a tune once learned stays).
    if (what === 'step' && playBack && playButton.textContent === 'Play') labelPlay();
    if (what === 'adopted' || what === 'reset' || what === 'taught') {
      showKeys();
      labelPlay();
    }
  });
  addEventListener('resize', () => {
    fit();
    showKeys();
  });
  const notes = new MutationObserver(fit);
  for (const note of document.querySelectorAll('.embed-note')) {
    notes.observe(note, { attributes: true, attributeFilter: ['hidden'], childList: true, characterData: true, subtree: true });
  }
  performance.mark('hpiano:network-ready');
  // The synthesiser compiles once the embed is ready (a note before then waits for it).
  whenIdle(() => sound.prepare());
  return piano.verbs;
}

const app = main();
installApi(app);
serveMessages(app);
app.catch((error) => {
  byId('loading').textContent = `The network could not start: ${error.message}`;
});
