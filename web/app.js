// @ts-check
// Wires the full page: one piano (piano.js) with every view, the header's
// modes and transport, the settings, the built-in melodies, sharing and files,
// MIDI in and out, and keeping the network between visits.

import { installApi } from './api.js';
import { byId } from './dom.js';
import { createAdvanced, createControls } from './panels/controls.js';
import { createExpectation } from './views/expectation.js';
import { createLearningCurve } from './views/learning-curve.js';
import { createHeatmap } from './views/heatmap.js';
import { learnedHearings, parseMelodies, renderMelodyList } from './panels/melodies.js';
import { createMessages } from './panels/messages.js';
import { connectMidi } from './midi/midi-input.js';
import { createMidiPanel } from './midi/midi-panel.js';
import { noteName } from './music.js';
import { loadCore, NetworkModel } from './network.js';
import { createNeuronView } from './views/neuron-view.js';
import { createPiano } from './piano.js';
import { createPoolView } from './views/pool-view.js';
import { createRaster } from './views/raster.js';
import { openAddress } from './share.js';
import { createSharePanel } from './panels/share-panel.js';
import { createNetworksPanel } from './panels/networks.js';
import { createKeeper, openStart, readKeptList } from './keeper.js';
import { createSound } from './audio/sound.js';
import { createState, settingsFor } from './state.js';
import { createVoices } from './audio/voices.js';

const MODE_HINTS = {
  learn: 'Learn: everything you play is heard and learned.',
  play: 'Play: it plays on its own, carrying on from what it last heard. Stop it, play a few notes to give it a start, and press Play again.',
  duet: 'Duet: play a phrase and pause. It answers with a continuation, then listens again.',
};

async function main() {
  performance.mark('hpiano:app-start');
  const showMessage = createMessages(byId('message'), byId('alert'));
  const melodiesText = fetch(new URL('./melodies/builtin.txt', import.meta.url))
    .then((response) => (response.ok ? response.text() : ''))
    .catch(() => '');
  const kept = readKeptList();
  const core = await loadCore();
  performance.mark('hpiano:core-ready');
  // The network the page starts from is decided before the page is built, so
  // that no default network (about 20 MiB) is built only to be replaced: the
  // network the address names (a link, a ?src= file), beside those kept in
  // this browser, else the one kept (keeper.js).
  const start = await openStart(core, openAddress(core, location.href), kept);
  performance.mark('hpiano:opened');
  const network = new NetworkModel(core, start.choice.opened?.network);
  performance.mark('hpiano:network-built');
  const store = createState(network.config());
  const sound = createSound({ onStatus: (text) => (byId('audio-status').textContent = text) });
  const voices = createVoices(sound);

  const piano = createPiano({
    network,
    store,
    voices,
    keyboardElement: byId('keyboard'),
    root: document.querySelector('main'),
    views: {
      neurons: createNeuronView(byId('neuron-canvas'), byId('neuron-caption')),
      pools: createPoolView(byId('pool-canvas'), byId('pool-caption')),
      heatmap: createHeatmap(byId('heatmap-canvas'), byId('heatmap-caption')),
      raster: createRaster(byId('raster-canvas')),
      expectation: createExpectation(byId('expect-canvas'), byId('expect-caption')),
      curve: createLearningCurve(byId('curve-canvas'), byId('curve-caption')),
    },
    say: showMessage,
    onModeStatus: (text) => (byId('mode-status').textContent = text),
    onPlaying: (playing) => (byId('stop-button', HTMLButtonElement).disabled = !playing),
  });
  let melodyList = null;
  let lastTaught = null;

  async function confirmDiscard() {
    if (network.learnedNotes === 0) return true;
    const dialog = byId('reset-dialog', HTMLDialogElement);
    byId('reset-question').textContent =
      `It has learned ${network.learnedNotes} notes. Start a fresh network and forget them?`;
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
    return dialog.returnValue === 'reset';
  }

  const showOctave = () => {
    const { octave } = store.get();
    piano.keyboard.showLetters(octave);
    byId('octave-range').textContent = `${noteName(octave)}–${noteName(octave + 16)}`;
  };
  showOctave();

  // The header: modes and transport.
  const modeButtons = /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-mode]'));
  for (const button of modeButtons) {
    button.addEventListener('click', () => piano.setMode(button.dataset.mode));
  }
  byId('stop-button').addEventListener('click', () => piano.stop());
  byId('step-button').addEventListener('click', piano.stepOnce);
  byId('reset-button').addEventListener('click', async () => {
    if (await confirmDiscard()) piano.reset(store.get().config);
  });

  // Settings.
  const controls = createControls(byId('controls'), { params: network.params, store, onAdjust: piano.adjust });
  const advanced = createAdvanced(byId('advanced'), {
    params: network.params,
    config: store.get().config,
    onApply: async (values) => {
      if (!(await confirmDiscard())) return;
      const error = piano.reset({ ...store.get().config, ...values });
      advanced.showError(error);
    },
  });

  // What a link or file carries of the page, besides the network.
  const linkSettings = () => settingsFor(store.get(), 'link');
  const sharePanel = createSharePanel({
    core, network, store, say: showMessage, settings: linkSettings, onOpened: (opened) => keeper.openFile(opened),
  });
  const midiPanel = createMidiPanel({ core, piano, store, say: showMessage });
  connectMidi({
    onDown: piano.userDown,
    onUp: piano.userUp,
    onStatus: (text) => (byId('midi-status').textContent = text),
  }).then((access) => midiPanel.useMidi(access));

  store.subscribe((state, patch) => {
    for (const button of modeButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.mode === state.mode));
    }
    byId('mode-hint').textContent =
      MODE_HINTS[state.mode] + (state.learning || state.mode === 'play' ? '' : ' Learning is off: it listens, frozen.');
    if ('octave' in patch) showOctave();
    if ('title' in patch) {
      byId('network-title').textContent = state.title ? `“${state.title}”` : '';
      byId('network-title').hidden = !state.title;
    }
    controls.sync(state);
    sharePanel.sync(state);
    midiPanel.sync(state);
    if ('config' in patch) advanced.sync(state.config);
  });
  store.set({ mode: 'learn' });

  // The built-in melodies.
  const melodies = parseMelodies(await melodiesText);
  if (melodies.length) {
    melodyList = renderMelodyList(byId('melody-list'), melodies, {
      onTeach: async (index) => {
        const melody = melodies[index];
        const { epochs } = store.get();
        melodyList.busy(true);
        try {
          await piano.teach(melody.notes, epochs, (fraction) => melodyList.progress(index, fraction));
        } finally {
          melodyList.busy(false);
        }
        lastTaught = index;
        showMessage(`Learned “${melody.title}”, ${epochs}× (${melody.notes.length * epochs} notes). Press Play back to hear it from its first note.`);
      },
      // From rest, it hears the first note and plays on from memory, at
      // temperature 0 (always its likeliest note): its most faithful recall.
      onPlay: (index) => {
        const melody = melodies[index];
        const first = noteName(melody.notes[0]);
        showMessage(lastTaught === index
          ? `Playing back “${melody.title}” from its first note, ${first}, at temperature 0 (its likeliest notes).`
          : `It was not just taught “${melody.title}”, so from its first note, ${first}, it plays what its memory makes of it.`);
        piano.verbs.play(melody.notes.length - 1, { temperature: 0, prime: melody.notes.slice(0, 1) });
      },
    });
  } else {
    byId('melody-list').textContent = 'The built-in melodies could not be loaded.';
  }

  // What the network has learned of the built-in tunes: read from its history,
  // so it holds for a network opened, restored or reset.
  const showLearned = () => melodyList?.showLearned(learnedHearings(network.learnedNoteRuns(), melodies));
  piano.onChange((what) => {
    if (what === 'reset' || what === 'taught' || what === 'adopted') {
      showLearned();
      lastTaught = null;
    }
  });

  // Keeping the networks: the list in this browser, and what the page opens with.
  const networksPanel = createNetworksPanel({
    onOpen: (id) => keeper.open(id),
    onNew: () => keeper.startNew(),
    onDelete: (id) => keeper.remove(id),
    onUndo: () => keeper.undoDelete(),
  });
  const keeper = createKeeper({
    core, network, piano, store, say: showMessage, linkSettings,
    recordSettings: () => settingsFor(store.get(), 'record'),
    onList: networksPanel.render,
  });
  performance.mark('hpiano:page-built');
  keeper.start(start);
  performance.mark('hpiano:adopted');
  performance.mark('hpiano:network-ready');
  requestAnimationFrame(() => performance.mark('hpiano:first-frame'));

  byId('loading').hidden = true;
  piano.keyboard.centre(store.get().octave + 6);
  return piano.verbs;
}

const app = main();
installApi(app);
app.catch((error) => {
  byId('loading').textContent = `The network could not start: ${error.message}`;
});
