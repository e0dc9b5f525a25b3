// @ts-check
// Wires the full page: one piano (piano.js) with every view, the header's
// modes and transport, the settings, the built-in melodies, sharing and files,
// MIDI in and out, and keeping the network between visits. The panels further
// down that the first screen does not need (keep and share, MIDI) and the
// synthesiser arrive after ready, in idle time or on first use (later.js).

import { installApi } from './api.js';
import { byId } from './dom.js';
import { createAdvanced, createControls } from './panels/controls.js';
import { createExpectation } from './views/expectation.js';
import { createLearningCurve } from './views/learning-curve.js';
import { createHeatmap } from './views/heatmap.js';
import { learnedHearings, parseMelodies, renderMelodyList } from './panels/melodies.js';
import { createMessages } from './panels/messages.js';
import { noteName } from './music.js';
import { loadCore, NetworkModel } from './network.js';
import { createNeuronView } from './views/neuron-view.js';
import { createPiano } from './piano.js';
import { createPoolView } from './views/pool-view.js';
import { createPianoRoll } from './views/raster.js';
import { createRhythmView } from './views/rhythm-view.js';
import { openAddress } from './share.js';
import { createNetworksPanel } from './panels/networks.js';
import { createKeeper, openStart, readKeptList } from './keeper.js';
import { createSound } from './audio/sound.js';
import { createState, KEYBOARD, settingsFor, TEMPO } from './state.js';
import { createTapTempo } from './timing.js';
import { createVoices } from './audio/voices.js';
import { laterPanel, whenIdle } from './later.js';

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
  // Read while IndexedDB answers (it takes longer): the core's parser, ~20 ms at start-up.
  const melodiesRead = melodiesText.then((text) => parseMelodies(text, core));
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

  // What the network is doing besides its mode, for the transport's "now":
  // teaching a tune or playing one back (with the message that says so).
  /** @type {{kind: 'teaching' | 'playing back', title: string, message?: string} | null} */
  let activity = null;
  let playing = false;

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
      rhythm: createRhythmView(byId('rhythm-canvas'), byId('rhythm-caption')),
      raster: createPianoRoll(byId('raster-canvas'), { beatSeconds: () => 60 / store.get().tempo }),
      expectation: createExpectation(byId('expect-canvas'), byId('expect-caption')),
      curve: createLearningCurve(byId('curve-canvas'), byId('curve-caption')),
    },
    say: showMessage,
    onModeStatus: (text) => {
      byId('mode-status').textContent = text;
      showNow();
    },
    onPlaying: (on) => {
      playing = on;
      byId('stop-button', HTMLButtonElement).disabled = !on;
      if (!on && activity?.kind === 'playing back') {
        // Its message held while it played back.
        if (byId('message').textContent === activity.message) showMessage('');
        activity = null;
      }
      showNow();
    },
  });
  let melodyList = null;
  let lastTaught = null;
  // The transport's "now": what is happening, in the mode's own words.
  function showNow() {
    const { mode } = store.get();
    let text;
    if (activity?.kind === 'teaching') text = `Teaching “${activity.title}”…`;
    else if (activity?.kind === 'playing back') text = `Playing back “${activity.title}”`;
    else if (mode === 'play') text = playing ? 'Playing on its own' : 'Play: stopped';
    else if (mode === 'duet') text = `Duet: ${byId('mode-status').textContent.replace(/[.…]$/, '') || 'your turn'}`;
    else text = playing ? 'Playing' : 'Learning from you';
    byId('now-text').textContent = text;
    byId('now').dataset.busy = String(Boolean(activity) || playing);
  }

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
    byId('octave-range').textContent = `${noteName(octave)}–${noteName(octave + KEYBOARD.span)}`;
  };
  showOctave();

  // The header: modes and transport.
  const modeButtons = /** @type {NodeListOf<HTMLButtonElement>} */ (document.querySelectorAll('[data-mode]'));
  for (const button of modeButtons) {
    button.addEventListener('click', () => piano.setMode(button.dataset.mode));
  }
  byId('stop-button').addEventListener('click', () => piano.stop());
  // Any new step the user takes makes the last result's message old news.
  for (const button of modeButtons) button.addEventListener('click', () => showMessage(''));
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
  const linkSettings = () => settingsFor(store.get(), 'link', network.config());
  const titleInput = byId('share-title', HTMLInputElement);
  titleInput.addEventListener('input', () => store.set({ title: titleInput.value }));
  const sharePanel = laterPanel(titleInput.closest('section'), '#share-button, #copy-link, #save-hpn, #open-hpn, #hpn-file', async () => {
    const { createSharePanel } = await import('./panels/share-panel.js');
    createSharePanel({
      core, network, store, say: showMessage, settings: linkSettings, onOpened: (opened) => keeper.openFile(opened),
    });
  });
  // The page scrolls what gets focus clear of the sticky transport, however tall its messages make it.
  const transportBar = byId('transport-bar');
  new ResizeObserver(() => {
    document.documentElement.style.setProperty('--transport-height', `${transportBar.offsetHeight}px`);
  }).observe(transportBar);

  // MIDI only when asked for (or allowed before), by the button under the
  // keys or the one by MIDI out: the status under the keys says what happened,
  // and the message line too when asked from the MIDI panel, far from it.
  const midiButtons = [byId('midi-button', HTMLButtonElement), byId('midi-out-button', HTMLButtonElement)];
  const midiPanel = laterPanel(byId('import-midi').closest('section'), '#import-midi, #midi-file, #record-button, #export-midi, #teach-midi, #midi-out-button', async () => {
    const { createMidiPanel } = await import('./midi/midi-panel.js');
    const panel = createMidiPanel({ core, piano, store, say: showMessage });
    midiButtons[1].addEventListener('click', () => useMidi(true));
    return panel;
  });
  /** @param {boolean} [fromPanel] */
  const useMidi = async (fromPanel = false) => {
    for (const button of midiButtons) button.disabled = true;
    let said = '';
    const [{ connectMidi }, panel] = await Promise.all([import('./midi/midi-input.js'), midiPanel.start()]);
    const access = await connectMidi({
      onDown: piano.userDown,
      onUp: piano.userUp,
      onStatus: (text) => (byId('midi-status').textContent = said = text),
    });
    for (const button of midiButtons) {
      button.disabled = false;
      button.hidden = Boolean(access);
    }
    if (access) panel.useMidi(access);
    if (fromPanel) showMessage(said, access ? 'info' : 'error');
  };
  midiButtons[0].addEventListener('click', () => useMidi());

  // On a keyboard wider than its box (a phone), buttons move it an octave.
  const scroller = /** @type {HTMLElement} */ (byId('keyboard').parentElement);
  const [shiftDown, shiftUp] = [byId('octave-down', HTMLButtonElement), byId('octave-up', HTMLButtonElement)];
  const showShift = () => {
    byId('octave-shift').hidden = scroller.scrollWidth <= scroller.clientWidth + 1;
    shiftDown.disabled = scroller.scrollLeft <= 1;
    shiftUp.disabled = scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1;
    const shown = piano.keyboard.shown();
    byId('keys-shown').textContent = shown ? `${noteName(shown.low)}–${noteName(shown.high)}` : '';
  };
  shiftDown.addEventListener('click', () => piano.keyboard.shift(-1));
  shiftUp.addEventListener('click', () => piano.keyboard.shift(1));
  scroller.addEventListener('scroll', showShift, { passive: true });
  new ResizeObserver(showShift).observe(scroller);

  // The beat: tap tempo (each tap's time is its event's), and the tempo shown.
  const tapTempo = createTapTempo();
  const tapButton = byId('tap-tempo', HTMLButtonElement);
  /** @param {Event} event */
  const tap = (event) => {
    const bpm = tapTempo.tap(event.timeStamp / 1000);
    if (bpm !== null) store.set({ tempo: Math.round(Math.min(TEMPO.max, Math.max(TEMPO.min, bpm))) });
  };
  tapButton.addEventListener('pointerdown', tap);
  tapButton.addEventListener('keydown', (event) => {
    if ((event.key === 'Enter' || event.key === ' ') && !event.repeat) tap(event);
  });

  store.subscribe((state, patch) => {
    byId('tempo-shown').textContent = `${state.tempo} bpm`;
    for (const button of modeButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.mode === state.mode));
    }
    showNow();
    byId('mode-hint').textContent =
      MODE_HINTS[state.mode] + (state.learning || state.mode === 'play' ? '' : ' Learning is off: it listens, frozen.');
    if ('octave' in patch) showOctave();
    if ('title' in patch) {
      byId('network-title').textContent = state.title ? `“${state.title}”` : '';
      byId('network-title').hidden = !state.title;
    }
    controls.sync(state);
    if (document.activeElement !== titleInput) titleInput.value = state.title;
    voices.setSynth(state.synth);
    if ('config' in patch) advanced.sync(state.config);
  });
  store.set({ mode: 'learn' });

  // The built-in melodies: their list, and the first step beside the keyboard
  // (a tune picker) that teaches and plays back the same way.
  const melodies = await melodiesRead;
  const quickTune = byId('quick-tune', HTMLSelectElement);
  const quickButtons = [byId('quick-teach', HTMLButtonElement), byId('quick-play', HTMLButtonElement)];
  const quickProgress = byId('quick-progress', HTMLProgressElement);

  /** @param {number} index */
  async function teachMelody(index) {
    const melody = melodies[index];
    const { epochs } = store.get();
    showMessage('');
    activity = { kind: 'teaching', title: melody.title };
    showNow();
    melodyList.busy(true);
    quickButtons[0].disabled = true;
    /** @param {number} fraction */
    const progress = (fraction) => {
      melodyList.progress(index, fraction);
      quickProgress.hidden = fraction >= 1;
      quickProgress.value = fraction;
    };
    try {
      await piano.teach(melody, epochs, progress);
    } finally {
      melodyList.busy(false);
      quickButtons[0].disabled = false;
      quickProgress.hidden = true;
      if (activity?.kind === 'teaching') activity = null;
      showNow();
    }
    lastTaught = index;
    showMessage(`Learned “${melody.title}”, ${epochs}× (${melody.notes.length * epochs} notes). Press Play back to hear it from its first note.`);
  }

  // From rest, it hears the first note and plays on from memory, keys and
  // rhythm, at temperature 0 (always its likeliest): its most faithful recall.
  /** @param {number} index */
  function playBack(index) {
    const melody = melodies[index];
    const first = noteName(melody.notes[0]);
    const message = lastTaught === index
      ? `From its first note, ${first}, at temperature 0 (its likeliest notes). Escape stops it.`
      : `From its first note, ${first}, at temperature 0, it plays what its memory makes of this tune. Escape stops it.`;
    const prime = { notes: melody.notes.slice(0, 1), rhythms: melody.rhythms.slice(0, 1) };
    const played = piano.verbs.play(melody.notes.length - 1, { temperature: 0, prime });
    activity = { kind: 'playing back', title: melody.title, message };
    showMessage(message);
    showNow();
    return played;
  }

  if (melodies.length) {
    melodyList = renderMelodyList(byId('melody-list'), melodies, { onTeach: teachMelody, onPlay: playBack });
    quickTune.replaceChildren(...melodies.map((melody, index) => {
      const option = document.createElement('option');
      option.value = String(index);
      option.textContent = `${melody.title} (${melody.notes.length} notes)`;
      return option;
    }));
    quickButtons[0].addEventListener('click', () => teachMelody(Number(quickTune.value)));
    quickButtons[1].addEventListener('click', () => playBack(Number(quickTune.value)));
  } else {
    byId('melody-list').textContent = 'The built-in melodies could not be loaded.';
    byId('quick-tune').closest('.first-step-controls')?.setAttribute('hidden', '');
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
  // After ready: the synthesiser compiles (a key pressed before then waits
  // for it), the later panels arrive, and MIDI connects if this site was
  // allowed it before.
  whenIdle(() => {
    Promise.all([sound.prepare(), sharePanel.start(), midiPanel.start()])
      .then(() => performance.mark('hpiano:later-arrived'), () => {});
    import('./midi/midi-input.js').then(({ midiAllowedBefore }) => midiAllowedBefore()).then((allowed) => allowed && useMidi());
  });

  byId('loading').hidden = true;
  piano.keyboard.centre(store.get().octave + 6);
  return piano.verbs;
}

const app = main();
installApi(app);
app.catch((error) => {
  byId('loading').textContent = `The network could not start: ${error.message}`;
});
