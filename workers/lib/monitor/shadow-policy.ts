/**
 * When the challenger may run in shadow beside the champion: only when it cannot cost the champion's
 * frame rate. Pure rules, so the worker's decision can be tested without a model or a camera.
 */
import type { Trigger } from '../station/station-types.ts';

/** How the camera's frames reach the station, as the page sees them when it sends one. */
export interface FramePace {
  /** camera frames the page dropped since it sent the previous one, because the worker was still busy */
  dropped: number;
  /** the camera's time between frames, ms (a recent median); null before two frames arrived */
  periodMs: number | null;
}

/**
 * Share of the camera's frame period the champion and the challenger together may take. The rest is
 * left for the page's own work per frame (grabbing, transfer, drawing) and for jitter.
 */
export const FRAME_BUDGET_SHARE = 0.8;

/** Why the challenger did not run on a frame; the text before any colon names the kind of skip. */
export const SKIP_DROPPED = 'frames dropped';
/** The champion and the challenger together would not fit in the time between camera frames. */
export const SKIP_BUDGET = 'over the frame budget';
/** The page did not yet know the camera's frame rate, so the budget was unknown. */
export const SKIP_UNKNOWN_RATE = 'frame rate unknown';

/** What the challenger's decision is made from, times in ms. */
export interface ShadowDecisionInput {
  pace: FramePace | null;
  trigger: Trigger;
  /** the champion's time on this frame in the worker */
  championMs: number;
  /** the challenger's expected time (crop and forward pass); null before it ever ran */
  challengerMs: number | null;
}

/**
 * Null when the challenger may run on this frame, else why not. Frames already dropped mean the
 * champion is not keeping up: any extra work would drop more. Otherwise the challenger runs when the
 * champion's time plus its own expected time fits the frame budget. A manual press has no frame rate
 * to protect (the next verdict waits for the next press), so only drops stop it there.
 */
export function shadowSkipReason(input: ShadowDecisionInput): string | null {
  const { pace, trigger, championMs, challengerMs } = input;
  if (pace && pace.dropped > 0)
    return `${SKIP_DROPPED}: the champion missed ${pace.dropped} camera frame${pace.dropped === 1 ? '' : 's'} before this one`;
  if (trigger === 'manual') return null;
  if (!pace || pace.periodMs === null) return SKIP_UNKNOWN_RATE;
  if (challengerMs === null) return null;
  const budget = pace.periodMs * FRAME_BUDGET_SHARE;
  if (championMs + challengerMs > budget)
    return `${SKIP_BUDGET}: champion ${ms(championMs)} + challenger ~${ms(challengerMs)} > ${ms(budget)} ms`;
  return null;
}

/** The kind of a skip reason: its text before the colon ("frames dropped"). */
export function skipKind(reason: string): string {
  const colon = reason.indexOf(':');
  return colon < 0 ? reason : reason.slice(0, colon);
}

function ms(value: number): string {
  return value < 10 ? value.toFixed(1) : String(Math.round(value));
}

/** How many of the challenger's recent runs its expected time is taken from. */
export const LATENCY_WINDOW = 15;

/**
 * Runs older than this (ms) no longer count: a challenger skipped that long runs once to be measured
 * again, so a slow stretch long past does not keep it out for good.
 */
export const LATENCY_STALE_MS = 30_000;

/**
 * The challenger's expected time per frame: the 90th percentile of its recent runs, so it runs only
 * when its slow runs fit the budget too (a median would let every other run cost the champion a frame).
 */
export class LatencyEstimate {
  #recent: { ms: number; at: number }[] = [];

  /** Adds one run's time, ms, finished at `at` (ms, performance.now()). */
  add(ms: number, at: number): void {
    if (!Number.isFinite(ms) || ms < 0) return;
    this.#recent.push({ ms, at });
    if (this.#recent.length > LATENCY_WINDOW) this.#recent.shift();
  }

  /** The 90th percentile (nearest rank) of the runs of the last LATENCY_STALE_MS before `now`, ms; null without any. */
  value(now: number): number | null {
    const fresh = this.#recent.filter((run) => now - run.at <= LATENCY_STALE_MS).map((run) => run.ms);
    if (!fresh.length) return null;
    fresh.sort((a, b) => a - b);
    return fresh[Math.ceil(fresh.length * 0.9) - 1]!;
  }

  /** Forgets the runs (a new challenger was loaded). */
  reset(): void {
    this.#recent = [];
  }
}
