/**
 * Which station frames are kept for review: the operator's "wrong" marks always, uncertain and
 * out-of-domain frames automatically, at most one per reason every few seconds and within a storage
 * cap on the project's unreviewed frames. Pure: the station and the storage layer apply its answers.
 */
import type { Verdict } from '../station/station-types.ts';
import type { ReviewReason } from './monitor-types.ts';

/** The reasons a frame is sampled without anyone asking. */
export type AutoReviewReason = Exclude<ReviewReason, 'operator'>;

/** How much unreviewed station data one project may hold. */
export interface ReviewCap {
  /** frames */
  maxCount: number;
  /** bytes of the frames' originals */
  maxBytes: number;
}

/** A frame waiting in the review queue, as far as the cap is concerned. */
export interface QueuedFrame {
  id: string;
  reason: ReviewReason;
  /** bytes of its original */
  bytes: number;
  /** when it was kept, ms since epoch */
  at: number;
}

/** What storing one more frame takes: whether it is stored, and which queued frames make room for it. */
export interface CapacityPlan {
  accept: boolean;
  /** ids of automatic samples to delete first, oldest first */
  prune: string[];
  /** why the frame is refused; null when accepted */
  refused: string | null;
}

/**
 * Why a judged frame is worth a person's look, or null. Out of domain (the verdict, or the frame's
 * drift mark) comes first: such a frame says the most about what the training data lacks. No-part
 * frames are never sampled.
 */
export function autoReviewReason(frame: {
  verdict: Verdict;
  uncertain: boolean;
  outOfDomain?: boolean;
}): AutoReviewReason | null {
  if (frame.verdict === 'no-part') return null;
  if (frame.verdict === 'out-of-domain' || frame.outOfDomain) return 'out-of-domain';
  if (frame.uncertain && (frame.verdict === 'ok' || frame.verdict === 'ng')) return 'uncertain';
  return null;
}

/**
 * The rate limit of automatic samples: one frame per reason per `gapMs`, so a part that stays
 * uncertain for a minute of continuous inspection gives a couple of frames, not a thousand.
 */
export class ReviewSampler {
  readonly #last = new Map<AutoReviewReason, number>();

  constructor(readonly gapMs: number) {
    if (!(gapMs >= 0)) throw new RangeError(`ReviewSampler: the gap must be 0 ms or more, not ${gapMs}`);
  }

  /** Whether a frame of `reason` judged at `now` (ms) is kept; a kept frame starts the reason's wait. */
  offer(reason: AutoReviewReason, now: number): boolean {
    const last = this.#last.get(reason);
    if (last !== undefined && now - last < this.gapMs) return false;
    this.#last.set(reason, now);
    return true;
  }

  /** Forgets when frames were last kept, e.g. when another project's station opens. */
  reset(): void {
    this.#last.clear();
  }
}

/**
 * Makes room for one more frame of `incoming.bytes` in a queue capped by `cap`. The operator's frames
 * are never pruned and never refused: they count towards the cap, and the oldest automatic samples
 * give way to them while there are any. An automatic sample prunes the oldest automatic samples
 * when that frees enough room, and is refused otherwise (the queue is full of operator marks, or the
 * frame alone is larger than the cap).
 */
export function planReviewCapacity(
  queued: readonly QueuedFrame[],
  incoming: { reason: ReviewReason; bytes: number },
  cap: ReviewCap,
): CapacityPlan {
  let count = queued.length + 1;
  let bytes = queued.reduce((sum, frame) => sum + frame.bytes, 0) + incoming.bytes;
  const fits = () => count <= cap.maxCount && bytes <= cap.maxBytes;
  const operator = incoming.reason === 'operator';
  if (!operator && (cap.maxCount < 1 || incoming.bytes > cap.maxBytes))
    return {
      accept: false,
      prune: [],
      refused: `the frame (${incoming.bytes} bytes) is larger than the review queue's cap (${cap.maxCount} frames, ${cap.maxBytes} bytes)`,
    };
  const prunable = queued
    .filter((frame) => frame.reason !== 'operator')
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : 1));
  const prune: string[] = [];
  for (const frame of prunable) {
    if (fits()) break;
    prune.push(frame.id);
    count--;
    bytes -= frame.bytes;
  }
  if (fits() || operator) return { accept: true, prune, refused: null };
  return {
    accept: false,
    prune: [],
    refused: `the review queue is full of frames the operator marked (${queued.length} frames); review them to make room`,
  };
}
