import type { FramePace } from '../../../workers/lib/monitor/shadow-policy.ts';

/** Camera frame intervals the period is the median of. */
const PERIOD_WINDOW = 15;

/**
 * How the camera's frames arrive, for the worker's decision to run a challenger beside the champion:
 * the camera's frame period (median of recent intervals, ms) and the frames dropped since the last
 * frame sent. Intervals longer than a second (the tab was hidden, the camera paused) are not a period.
 */
export class FramePacer {
  #last: number | null = null;
  #intervals: number[] = [];
  #dropped = 0;

  /** A camera frame arrived at `now` (ms, performance.now()). */
  frame(now: number): void {
    if (this.#last !== null) {
      const interval = now - this.#last;
      if (interval > 0 && interval <= 1000) {
        this.#intervals.push(interval);
        if (this.#intervals.length > PERIOD_WINDOW) this.#intervals.shift();
      }
    }
    this.#last = now;
  }

  /** The frame that just arrived was dropped: the worker was still busy. */
  drop(): void {
    this.#dropped++;
  }

  /** The pace to send with the frame now going to the worker; the drop count starts again. */
  take(): FramePace {
    const pace = { dropped: this.#dropped, periodMs: this.periodMs };
    this.#dropped = 0;
    return pace;
  }

  /** The camera's time between frames, ms; null before two frames arrived. */
  get periodMs(): number | null {
    if (!this.#intervals.length) return null;
    const sorted = [...this.#intervals].sort((a, b) => a - b);
    return sorted[sorted.length >> 1]!;
  }

  /** Starts over (the tab came back, the camera changed). */
  reset(): void {
    this.#last = null;
    this.#intervals = [];
    this.#dropped = 0;
  }
}
