import { wrap, transfer, releaseProxy, type Remote } from 'comlink';
import { abortError } from '../../../workers/lib/abort-port.ts';

/** How long an idle worker stays alive before it is terminated to free memory (ms). */
const DEFAULT_IDLE_MS = 5 * 60_000;
/** How long a cancelled call may take to wind down before its worker is terminated (ms). */
const ABORT_GRACE_MS = 3_000;

/** A worker died (an uncaught error, a lost GPU context that took it down); its calls were rejected. */
export class WorkerCrashedError extends Error {
  override name = 'WorkerCrashedError';
  constructor(readonly detail: string) {
    super(`The background worker stopped unexpectedly (${detail}); it restarts on the next request.`);
  }
}

/** Listeners told when a worker crashes; a throwing listener does not keep the others from hearing it. */
export class CrashListeners {
  #listeners = new Set<(error: WorkerCrashedError) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (error: WorkerCrashedError) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Tells every listener; errors they throw are reported after all have been told. */
  notify(error: WorkerCrashedError): void {
    const failures: unknown[] = [];
    for (const listener of [...this.#listeners]) {
      try {
        listener(error);
      } catch (failure) {
        failures.push(failure);
      }
    }
    if (failures.length)
      queueMicrotask(() => {
        throw failures[0];
      });
  }
}

/** What a worker's `error` event says, in words. */
export function crashDetail(event: Pick<ErrorEvent, 'message' | 'filename' | 'lineno'> | Event): string {
  const e = event as Partial<ErrorEvent>;
  if (!e.message) return 'no details given';
  return e.filename ? `${e.message} at ${e.filename}:${e.lineno ?? 0}` : e.message;
}

/**
 * A worker started on first use and terminated after it sat idle. Each call gets a MessagePort to
 * cancel through; the port is transferred to the worker, which owns it from then on.
 */
export class WorkerBridge<Api> {
  #worker: Worker | undefined;
  #remote: Remote<Api> | undefined;
  #inFlight = 0;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #crashes = new CrashListeners();
  /** rejects the calls in flight when the worker crashes; replaced with each worker */
  #crashed: { promise: Promise<never>; reject: (error: WorkerCrashedError) => void } | undefined;

  constructor(
    private readonly create: () => Worker,
    private readonly idleMs = DEFAULT_IDLE_MS,
  ) {}

  /** True while the worker is running. */
  get started(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Calls `listener` whenever the worker crashes (its `error` event). The crashed worker is
   * terminated and the calls in flight reject with WorkerCrashedError; the next call starts a fresh
   * worker, so a listener typically restarts what it had running. Returns a function that removes it.
   */
  onCrash(listener: (error: WorkerCrashedError) => void): () => void {
    return this.#crashes.add(listener);
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
    const crashed = this.#crashed!.promise;
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
      return await Promise.race([work, aborted, crashed]);
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
      const worker = this.create();
      let reject!: (error: WorkerCrashedError) => void;
      const promise = new Promise<never>((_, r) => (reject = r));
      promise.catch(() => undefined);
      this.#crashed = { promise, reject };
      worker.addEventListener('error', (event) => this.#onError(worker, event));
      this.#worker = worker;
      this.#remote = wrap<Api>(worker);
    }
    return this.#remote;
  }

  #onError(worker: Worker, event: Event): void {
    // A late error from a worker already replaced says nothing about the current one.
    if (worker !== this.#worker) return;
    const error = new WorkerCrashedError(crashDetail(event));
    const crashed = this.#crashed;
    this.terminate();
    crashed?.reject(error);
    this.#crashes.notify(error);
  }

  #scheduleIdle(): void {
    if (this.#inFlight > 0) return;
    this.#idleTimer = setTimeout(() => this.terminate(), this.idleMs);
  }
}
