/** How many recent frames the on-screen latency and frame rate look at. */
export const RECENT_FRAMES = 60;

/**
 * Frame-to-verdict latency and the inspected frame rate over the most recent frames, so the numbers on
 * screen follow what the operator sees now rather than the whole shift.
 */
export class FrameStats {
  #latencies: number[] = [];
  #times: number[] = [];
  #dropped = 0;

  constructor(private readonly window = RECENT_FRAMES) {}

  /** Records one inspected frame: its latency (ms) and when its verdict arrived (ms, monotonic). */
  record(latencyMs: number, at: number): void {
    this.#latencies.push(latencyMs);
    this.#times.push(at);
    if (this.#latencies.length > this.window) this.#latencies.shift();
    if (this.#times.length > this.window) this.#times.shift();
  }

  /** Counts a camera frame skipped because the worker was still busy. */
  drop(): void {
    this.#dropped++;
  }

  /** Camera frames skipped since the start or the last reset. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Median latency of the recent frames, ms; null before the first. */
  get p50(): number | null {
    if (this.#latencies.length === 0) return null;
    const sorted = [...this.#latencies].sort((a, b) => a - b);
    const mid = sorted.length >> 1;
    return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  }

  /**
   * Inspected frames per second over the recent frames; null until two arrived, and 0 once `now`
   * (ms) is well past the last one, so a stalled loop does not keep showing its old rate.
   */
  fps(now: number): number | null {
    const n = this.#times.length;
    if (n < 2) return null;
    const first = this.#times[0]!;
    const last = this.#times[n - 1]!;
    const span = last - first;
    if (span <= 0) return null;
    const perFrame = span / (n - 1);
    if (now - last > Math.max(2000, 4 * perFrame)) return 0;
    return 1000 / perFrame;
  }

  /** Forgets everything, e.g. after the camera or the model changed. */
  reset(): void {
    this.#latencies = [];
    this.#times = [];
    this.#dropped = 0;
  }
}
