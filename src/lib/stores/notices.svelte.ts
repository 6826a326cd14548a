import { isAbortError } from '../../../workers/lib/abort-port.ts';

/** A message shown to the person using the app. */
export interface Notice {
  id: number;
  kind: 'error' | 'info' | 'success';
  text: string;
  /** stays until dismissed */
  sticky: boolean;
}

/** Toast-style notices; errors stay until dismissed so nobody misses why work stopped. */
class NoticesStore {
  items = $state<Notice[]>([]);
  #next = 1;

  /** Shows a notice; info and success fade after `ms`. */
  push(kind: Notice['kind'], text: string, ms = 5000): number {
    const id = this.#next++;
    const sticky = kind === 'error';
    this.items = [...this.items, { id, kind, text, sticky }];
    if (!sticky) setTimeout(() => this.dismiss(id), ms);
    return id;
  }

  dismiss(id: number): void {
    this.items = this.items.filter((n) => n.id !== id);
  }
}

/** The one notices store. */
export const notices = new NoticesStore();

/**
 * The one error funnel: ignores cancellations, logs, and shows `context` with the error's own
 * message (which says what failed and what to do). Returns the normalised error.
 */
export function handleError(error: unknown, context: string): Error | undefined {
  if (isAbortError(error)) return undefined;
  const normalised = error instanceof Error ? error : new Error(String(error));
  console.error(context, normalised);
  notices.push('error', `${context}: ${normalised.message}`);
  return normalised;
}
