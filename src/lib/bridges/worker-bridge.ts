import { wrap, transfer, releaseProxy, type Remote } from 'comlink';
import { abortError } from '../../../workers/lib/abort-port.ts';

/** How long an idle worker stays alive before it is terminated to free memory (ms). */
const DEFAULT_IDLE_MS = 5 * 60_000;
/** How long a cancelled call may take to wind down before its worker is terminated (ms). */
const ABORT_GRACE_MS = 3_000;

/**
 * A worker started on first use and terminated after it sat idle. Each call gets a MessagePort to
 * cancel through; the port is transferred to the worker, which owns it from then on.
 */
export class WorkerBridge<Api> {
  #worker: Worker | undefined;
  #remote: Remote<Api> | undefined;
  #inFlight = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly create: () => Worker,
    private readonly idleMs = DEFAULT_IDLE_MS,
  ) {}

  /** True while the worker is running. */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Runs `fn` against the worker's API. `signal` cancels: the worker is told through the port, and
   * if it has not settled within a grace period it is terminated and the call rejects with AbortError.
   */
  async call<R>(
    signal: AbortSignal | undefined,
    fn: (api: Remote<Api>, abortPort: MessagePort) => Promise<R>,
  ): Promise<R> {
    if (signal?.aborted) throw abortError();
    const remote = this.#ensure();
    const channel = new MessageChannel();
    this.#inFlight++;
    clearTimeout(this.#idleTimer);
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => {
        channel.port1.postMessage('abort');
        setTimeout(() => {
          this.terminate();
          reject(abortError());
        }, ABORT_GRACE_MS);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
    aborted.catch(() => undefined);
    try {
      const work = fn(remote, transfer(channel.port2, [channel.port2]) as MessagePort);
      return await Promise.race([work, aborted]);
    } catch (error) {
      throw signal?.aborted ? abortError() : error;
    } finally {
      if (onAbort) signal?.removeEventListener('abort', onAbort);
      channel.port1.close();
      this.#inFlight--;
      this.#scheduleIdle();
    }
  }

  /** Stops the worker now; the next call starts a fresh one. */
  terminate(): void {
    clearTimeout(this.#idleTimer);
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
    this.#worker = undefined;
    this.#remote = undefined;
  }

  #ensure(): Remote<Api> {
    if (!this.#remote) {
      this.#worker = this.create();
      this.#remote = wrap<Api>(this.#worker);
    }
    return this.#remote;
  }

  #scheduleIdle(): void {
    if (this.#inFlight > 0) return;
    this.#idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }
}
