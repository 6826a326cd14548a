/**
 * The station's rolling drift window: the last parts seen live, tested against the reference with
 * `statDrift`. One sample per part, not per frame: a camera shows one screw for many frames, and
 * counting each of them would feed the tests the same part again and again as if it were new data,
 * so a normal stream would look drifted by chance (the KS test assumes independent values). A frame
 * whose part lies where the last one lay (same stillness rule as the stable trigger) updates that
 * part's sample instead of adding one.
 */
import type { MonitorThresholds } from '../domain/scope.ts';
import { axisTurn, DEFAULT_STABLE, type TriggerPart } from '../station/trigger.ts';
import { statDrift } from './drift-math.ts';
import {
  DRIFT_STATS,
  type DriftReference,
  type DriftStatus,
  type FrameDrift,
  type StatDrift,
} from './monitor-types.ts';

/** Parts kept in the window. */
export const DRIFT_WINDOW = 60;

/**
 * New parts a flag must hold through before it counts as drift (3 s at two parts a second).
 * The window is tested after every frame, so a borderline statistic dips under its limit now and then
 * by chance; a real change of look keeps it flagged.
 */
export const DRIFT_PERSIST_PARTS = 6;

interface Sample {
  drift: FrameDrift;
  part: TriggerPart;
}

/** The rolling window of live parts and the drifted stretch it is in, if any. */
export class DriftWindow {
  readonly #size: number;
  #samples: Sample[] = [];
  #since: number | null = null;
  /** parts added since the window began */
  #added = 0;
  /** `#added` when the statistics were first flagged in the current stretch */
  #flaggedAt: number | null = null;

  constructor(size = DRIFT_WINDOW) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError(`The drift window needs at least 1 part, got ${size}.`);
    this.#size = size;
  }

  /** Parts in the window. */
  get size(): number {
    return this.#samples.length;
  }

  /** Forgets every part and the drifted stretch (a new model, a new reference). */
  reset(): void {
    this.#samples = [];
    this.#since = null;
    this.#added = 0;
    this.#flaggedAt = null;
  }

  /** Adds a frame's drift; a frame of the part already last in the window replaces its sample. */
  add(drift: FrameDrift, part: TriggerPart): void {
    if (!part.found) return;
    const last = this.#samples[this.#samples.length - 1];
    if (last && samePart(last.part, part)) {
      this.#samples[this.#samples.length - 1] = { drift, part: last.part };
      return;
    }
    this.#samples.push({ drift, part: { ...part } });
    this.#added++;
    if (this.#samples.length > this.#size) this.#samples.shift();
  }

  /**
   * The window against `reference` under `limits`, the KS limit shared among the statistics tested
   * (Bonferroni), so `limits.ksPValue` bounds the chance that any of them raises a false alarm. Drift
   * is reported once the flag has held for DRIFT_PERSIST_PARTS new parts (call this after each frame);
   * `since` is when the flag was first seen (the `now` of that call) and clears with the flag.
   */
  status(reference: DriftReference | null, limits: MonitorThresholds, now: number): DriftStatus {
    const stats: StatDrift[] = [];
    if (reference) {
      const tested = DRIFT_STATS.filter((stat) => (reference.stats[stat]?.sorted.length ?? 0) > 0);
      // Seven statistics tested at once would raise a false alarm seven times as often as one:
      // each test gets its share of the limit (Bonferroni), so the window as a whole keeps it.
      const each = { ...limits, ksPValue: limits.ksPValue / Math.max(1, tested.length) };
      for (const stat of tested) {
        const live = this.#samples
          .map((s) => s.drift.stats[stat])
          .filter((v): v is number => v !== undefined);
        stats.push(statDrift(stat, reference.stats[stat]!, live, each));
      }
    }
    const flagged = stats.some((s) => s.flagged);
    if (!flagged) {
      this.#flaggedAt = null;
      this.#since = null;
    } else if (this.#flaggedAt === null) {
      this.#flaggedAt = this.#added;
      this.#since = now;
    }
    const drifted = flagged && this.#added - this.#flaggedAt! >= DRIFT_PERSIST_PARTS;
    const outOfDomain = this.#samples.filter((s) => s.drift.outOfDomain).length;
    return {
      reference: reference
        ? { source: reference.source, count: reference.count, snapshotId: reference.snapshotId }
        : null,
      window: this.#samples.length,
      stats,
      drifted,
      since: drifted ? this.#since : null,
      outOfDomainShare: this.#samples.length ? outOfDomain / this.#samples.length : 0,
    };
  }
}

/** Whether `b` is the part `a` was: it has not moved or turned beyond the stable trigger's stillness limits. */
export function samePart(a: TriggerPart, b: TriggerPart): boolean {
  const scale = Math.max(a.length, 1);
  return (
    Math.hypot(a.cx - b.cx, a.cy - b.cy) <= DEFAULT_STABLE.maxShift * scale &&
    axisTurn(a.angle, b.angle) <= DEFAULT_STABLE.maxTurn
  );
}
