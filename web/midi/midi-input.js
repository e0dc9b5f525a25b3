// @ts-check
// A MIDI keyboard through Web MIDI. The page asks for it only when the user
// asks (its MIDI button), or at once if this site was allowed MIDI before, so
// nobody is greeted by a permission prompt or a refusal. Every input's
// note-on/off plays; devices plugged in later are picked up. What happened is
// told in words through onStatus. Resolves with the MIDIAccess (which the
// MIDI output uses too), or null.

/**
 * @param {{onDown: (midi: number, velocity: number) => void, onUp: (midi: number) => void, onStatus: (text: string) => void}} handlers
 * @returns {Promise<MIDIAccess | null>}
 */
export async function connectMidi({ onDown, onUp, onStatus }) {
  if (!navigator.requestMIDIAccess) {
    onStatus('This browser cannot use MIDI keyboards (Web MIDI is in Chrome, Edge, Firefox and Opera on a computer). The keys on the screen and the computer keys still play.');
    return null;
  }
  onStatus('Asking the browser for MIDI…');
  let access;
  try {
    access = await navigator.requestMIDIAccess();
  } catch (error) {
    onStatus(error?.name === 'NotAllowedError' || error?.name === 'SecurityError'
      ? 'The browser did not allow MIDI. To use a MIDI keyboard, allow MIDI for this site in the browser\'s site settings, then press the button again.'
      : `The browser could not open MIDI (${error?.message?.replace(/\.$/, '') || 'no reason given'}).`);
    return null;
  }

  const listening = new WeakSet();
  /** @param {Event & {data?: Uint8Array}} event */
  const onMessage = (event) => {
    const [status, note, velocity] = event.data ?? [];
    const kind = status & 0xf0;
    if (kind === 0x90 && velocity > 0) onDown(note, velocity);
    else if (kind === 0x80 || kind === 0x90) onUp(note);
  };
  const scan = () => {
    const names = [];
    for (const input of access.inputs.values()) {
      if (input.state === 'disconnected') continue;
      names.push(input.name || 'a MIDI keyboard');
      if (listening.has(input)) continue;
      listening.add(input);
      input.addEventListener('midimessage', onMessage);
      input.open?.()?.catch(() => {});
    }
    onStatus(names.length
      ? `MIDI: ${names.join(', ')} plays the piano.`
      : 'MIDI is allowed, but no MIDI keyboard is connected: plug one in and it plays at once.');
  };
  access.addEventListener('statechange', scan);
  scan();
  return access;
}

// Whether this site was allowed MIDI before (then asking shows no prompt).
/** @returns {Promise<boolean>} */
export async function midiAllowedBefore() {
  if (!navigator.requestMIDIAccess || !navigator.permissions) return false;
  try {
    const status = await navigator.permissions.query(/** @type {PermissionDescriptor} */ ({ name: 'midi' }));
    return status.state === 'granted';
  } catch {
    return false;
  }
}
