// @ts-check
// The "MIDI" panel: teaching a tune from a MIDI file (with a track picker) in
// its rhythm, recording what is played and exporting it as a MIDI file in the
// rhythm it was played, and where the notes sound: the built-in synth and a
// Web MIDI output.

import { byId } from '../dom.js';
import { download, pickFiles } from '../files.js';
import { createMidiOutput } from './midi-output.js';
import { createRecorder } from './recorder.js';

// A Standard MIDI File of a tune is KB; this leaves room for whole albums.
const MAX_MIDI_BYTES = 16 << 20;

/**
 * @param {object} options
 * @param {any} options.core  the wasm core (network.js loadCore)
 * @param {ReturnType<typeof import('../piano.js').createPiano>} options.piano
 * @param {import('../state.js').Store} options.store
 * @param {(text: string, kind?: 'info' | 'error') => void} options.say
 */
export function createMidiPanel({ core, piano, store, say }) {
  const { voices } = piano;
  const picker = byId('midi-file', HTMLInputElement);
  const trackRow = byId('track-row');
  const trackSelect = byId('midi-track', HTMLSelectElement);
  const teachButton = byId('teach-midi', HTMLButtonElement);
  const progress = byId('midi-progress', HTMLProgressElement);
  const recordButton = byId('record-button', HTMLButtonElement);
  const exportButton = byId('export-midi', HTMLButtonElement);
  const recordStatus = byId('record-status');

  // The file whose tracks are listed, and its name.
  let file = null;

  // A picked file's tracks that hold a melody, in the picker.
  const showTracks = (picked, bytes) => {
    const info = core.midiInfo(bytes);
    const tracks = info.error ? [] : info.tracks.filter((track) => track.noteCount > 1);
    if (info.error || !tracks.length) {
      trackRow.hidden = true;
      file = null;
      say(`${picked.name} cannot be taught: ${info.error || 'it has no melody to learn'}.`, 'error');
      return;
    }
    file = { bytes, name: picked.name };
    trackSelect.replaceChildren(...tracks.map((track) => {
      const option = document.createElement('option');
      option.value = track.index;
      option.textContent = `${track.index + 1}. ${track.name || 'untitled track'} (${track.noteCount} notes)`;
      return option;
    }));
    byId('midi-file-name').textContent = picked.name;
    trackRow.hidden = false;
    say(`${picked.name}: pick a track and press Teach it.`);
  };
  pickFiles(byId('import-midi'), picker, MAX_MIDI_BYTES, { use: showTracks, refuse: (text) => say(text, 'error') });

  teachButton.addEventListener('click', async () => {
    if (!file) return;
    const melody = core.midiMelody(file.bytes, Number(trackSelect.value));
    if (melody.error) {
      say(`${file.name} cannot be taught: ${melody.error}.`, 'error');
      return;
    }
    const { epochs } = store.get();
    teachButton.disabled = true;
    progress.hidden = false;
    try {
      // The tune's timing: each note's IOI as the core read it from the file's ticks, as a rhythm class.
      await piano.teach({ notes: melody.notes, rhythms: melody.rhythms }, epochs, (fraction) => (progress.value = fraction));
    } finally {
      teachButton.disabled = false;
      progress.hidden = true;
    }
    const name = melody.name || file.name;
    const count = melody.notes.length;
    const inexact = melody.inexact
      ? ` ${melody.inexact} of its ${count} notes last no rhythm class exactly: each is heard as the nearest.`
      : '';
    say(`Learned “${name}” in its rhythm, ${epochs}× (${count * epochs} notes).${inexact} Play, or play its first notes, to hear what it makes of it.`);
  });

  // Recording.
  const recorder = createRecorder();
  voices.listen(recorder.listener);
  const showRecording = () => {
    const recording = recorder.recording();
    recordButton.textContent = recording ? 'Stop recording' : 'Record';
    recordButton.setAttribute('aria-pressed', String(recording));
    exportButton.disabled = recorder.count() === 0;
    const count = `${recorder.count()} note${recorder.count() === 1 ? '' : 's'}`;
    recordStatus.textContent = recording ? `Recording… ${count}` : recorder.count() ? `${count} recorded` : '';
  };
  voices.listen({ noteOn: () => recorder.recording() && showRecording(), noteOff() {}, allOff: showRecording });
  recordButton.addEventListener('click', async () => {
    if (recorder.recording()) recorder.stop(voices.now());
    else {
      await voices.start();
      recorder.start(voices.now());
    }
    showRecording();
  });
  exportButton.addEventListener('click', () => {
    if (recorder.recording()) recorder.stop(voices.now());
    showRecording();
    const { tempo, title } = store.get();
    const name = title || 'Hebbian Piano recording';
    const saved = download(core.writeMidi(recorder.events(tempo), tempo, name), name, 'hebbian-piano', 'mid', 'audio/midi');
    recordStatus.textContent = `Saved as ${saved}.`;
  });

  // Where the notes sound.
  const output = createMidiOutput(byId('midi-output', HTMLSelectElement), { clock: voices, includeUser: () => store.get().midiOutMine });
  voices.listen(output.listener);

  return { useMidi: output.use };
}
