// @ts-check
// A MIDI keyboard through Web MIDI, when the browser has it and one is
// plugged in. Every input's note-on/off plays; devices plugged in later are
// picked up. No MIDI, or no permission, is normal: it only changes the status.
// Resolves with the MIDIAccess (which the MIDI output uses too), or null.

/**
 * @param {{onDown: (midi: number, velocity: number) => void, onUp: (midi: number) => void, onStatus: (text: string) => void}} handlers
 * @returns {Promise<MIDIAccess | null>}
 */
export async function connectMidi({ onDown, onUp, onStatus }) {
  if (!navigator.requestMIDIAccess) {
    onStatus('MIDI: not in this browser');
    return null;
  }
  let access;
  try {
    access = await navigator.requestMIDIAccess();
  } catch (error) {
    onStatus(error?.name === 'NotAllowedError' || error?.name === 'SecurityError' ? 'MIDI: not allowed' : 'MIDI: unavailable');
    return null;
  }

  const listening = new WeakSet();
  const onMessage = (event) => {
    const [status, note, velocity] = event.data;
    const kind = status & 0xf0;
    if (kind === 0x90 && velocity > 0) onDown(note, velocity);
    else if (kind === 0x80 || kind === 0x90) onUp(note);
  };
  const scan = () => {
    const names = [];
    for (const input of access.inputs.values()) {
      if (input.state === 'disconnected') continue;
      names.push(input.name || 'MIDI input');
      if (listening.has(input)) continue;
      listening.add(input);
      input.addEventListener('midimessage', onMessage);
      input.open?.()?.catch(() => {});
    }
    onStatus(names.length ? `MIDI: ${names.join(', ')}` : 'MIDI: no keyboard connected');
  };
  access.addEventListener('statechange', scan);
  scan();
  return access;
}
