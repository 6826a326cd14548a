/**
 * Cancellation across the worker boundary. An AbortSignal cannot be posted, so the bridge sends a
 * MessagePort and posts 'abort' on it; the worker turns that port back into a signal.
 */

/** The message the bridge posts on the port to cancel a call. */
export const ABORT_MESSAGE = 'abort';

/** An AbortSignal that fires when the UI side posts ABORT_MESSAGE on `port`; closes the port when done. */
export function signalFromPort(port: MessagePort | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  if (!port) return { signal: controller.signal, release: () => undefined };
  port.onmessage = (event: MessageEvent) => {
    if (event.data === ABORT_MESSAGE)
      controller.abort(new DOMException('Cancelled by the user', 'AbortError'));
  };
  port.start();
  return { signal: controller.signal, release: () => port.close() };
}

/** Throws the signal's AbortError if it fired; call between units of work. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted)
    throw signal.reason instanceof Error ? signal.reason : new DOMException('Cancelled', 'AbortError');
}
