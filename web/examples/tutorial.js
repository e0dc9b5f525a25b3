// The tutorial's lesson buttons: each scripts one of the live networks, the
// plain <iframe> through message-api.js and the <hebbian-piano> element
// through its methods, and says in words what happened.

import { connectFrame } from '../message-api.js';
import { noteName } from '../music.js';

const C_MAJOR = [60, 62, 64, 65, 67, 69, 71, 72];
const REEL_FIRST_NOTE = 67;
const TEMPO = 170;

const frame = connectFrame(document.getElementById('lesson-frame'));
const reel = document.getElementById('reel-piano');
const names = (notes) => notes.map(noteName).join(' ');

const lessons = {
  async 'press-c'() {
    await frame.press(60);
    const state = await frame.state();
    const fired = state.labels[state.fired.indexOf(1)];
    return `The ${fired} neuron fired: you pressed its key, and a pressed key always wins. ` +
      `The network has now heard ${state.learnedNotes} note${state.learnedNotes === 1 ? '' : 's'}.`;
  },
  async scale() {
    await frame.learn(C_MAJOR, { epochs: 3 });
    const played = await frame.play(C_MAJOR.length - 1, { prime: [C_MAJOR[0]], temperature: 0, tempo: TEMPO });
    return `It heard C D E F G A B C three times, then from C it played: ${names(played)}.`;
  },
  async 'play-back'() {
    const played = await reel.play(24, { prime: [REEL_FIRST_NOTE], temperature: 0, tempo: TEMPO });
    return `From its first note, G, it played: ${names(played)}.`;
  },
  async improvise() {
    const played = await reel.play(24, { temperature: 0.8, tempo: TEMPO });
    return `At temperature 0.8 it played: ${names(played)}.`;
  },
  async stop() {
    await reel.stop();
    return 'Stopped.';
  },
};

for (const button of document.querySelectorAll('[data-lesson]')) {
  const group = button.closest('.lesson');
  const result = group.querySelector('.result');
  button.addEventListener('click', async () => {
    const stopping = button.dataset.lesson === 'stop';
    if (!stopping) for (const other of group.querySelectorAll('button:not([data-lesson="stop"])')) other.disabled = true;
    result.textContent = stopping ? '' : 'Working…';
    try {
      result.textContent = await lessons[button.dataset.lesson]();
    } catch (error) {
      result.textContent = `That did not work: ${error.message}`;
    } finally {
      if (!stopping) for (const other of group.querySelectorAll('button')) other.disabled = false;
    }
  });
}
