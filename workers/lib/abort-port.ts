/**
 * Cancellation across the worker boundary. An AbortSignal cannot be posted, so the bridge sends a
 * MessagePort and posts 'abort' on it; the worker turns that port back into a signal. The error a
 * cancelled call rejects with, and the test for it, live here too, so both sides agree on what an
 * abort looks like.
 */

/** The message the bridge posts on the port to cancel a call. */
export const ABORT_MESSAGE = 'abort';

/** An AbortSignal that fires when the UI side posts ABORT_MESSAGE on `port`; closes the port when done. */
export function signalFromPort(port: MessagePort | undefined): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  if (!port) return { signal: controller.signal, release: () => undefined };
  port.onmessage = (event: MessageEvent) => {
    if (event.data === ABORT_MESSAGE) controller.abort(abortError('Cancelled by the user'));
  };
  port.start();
  return { signal: controller.signal, release: () => port.close() };
}

/** The error a cancelled call rejects with; the error funnel ignores it. */
export function abortError(message = 'Cancelled'): DOMException {
  return new DOMException(message, 'AbortError');
}

/** True for the error a cancelled call rejects with (an AbortError, whatever created it). */
export function isAbortError(error: unknown): boolean {
  return (error as { name?: unknown } | null | undefined)?.name === 'AbortError';
}

/** Throws the signal's AbortError if it fired; call between units of work. */
export function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : abortError();
}
