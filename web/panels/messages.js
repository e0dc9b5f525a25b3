// @ts-check
// The page's two message lines: errors go to the alert region (role="alert",
// read out at once), everything else to the status line; showing one hides
// the other, so the latest message is the one on screen. An empty text hides
// both: a message that no longer holds goes away.

/**
 * @param {HTMLElement} status
 * @param {HTMLElement} alert
 * @returns {(text: string, kind?: 'info' | 'error') => void}
 */
export function createMessages(status, alert) {
  return function say(text, kind = 'info') {
    if (!text) {
      status.hidden = true;
      alert.hidden = true;
      return;
    }
    const [shown, other] = kind === 'error' ? [alert, status] : [status, alert];
    shown.textContent = text;
    shown.hidden = !text;
    other.hidden = true;
  };
}
