/** Data drift of a window's frames against the deployed model's training data, overall and per time bucket. */
import type { MonitorThresholds } from '../domain/scope.ts';
import type { InspectionRecord } from '../db/schema/station.ts';
import { quantileSorted } from '../profile/stats.ts';
import { psi, statDrift } from './drift-math.ts';
import { DRIFT_STATS, type DriftReference, type DriftStat } from './monitor-types.ts';
import type { DriftReport, MonitorBucket, StatDriftReport } from './report-types.ts';

/** A bucket needs this many frames with a statistic before its PSI is worth drawing; fewer give noise. */
export const BUCKET_MIN_FRAMES = 8;

/** Example frames an alert lists. */
export const EXAMPLE_FRAMES = 6;

/** The verdict rows that carry drift statistics, oldest first. */
function measured(rows: readonly InspectionRecord[]): InspectionRecord[] {
  return rows.filter((r) => r.kind === 'verdict' && r.stats).sort((a, b) => a.at - b.at);
}

function median(values: number[]): number {
  return quantileSorted(Float64Array.from(values).sort(), 0.5);
}

/** Empty buckets of `bucketMs` from `from` to `to` (ms since epoch), the last one holding `to`. */
export function emptyBuckets(from: number, to: number, bucketMs: number): MonitorBucket[] {
  const first = Math.floor(from / bucketMs) * bucketMs;
  const out: MonitorBucket[] = [];
  for (let start = first; start <= to; start += bucketMs)
    out.push({
      start,
      end: start + bucketMs,
      ok: 0,
      ng: 0,
      noPart: 0,
      outOfDomain: 0,
      uncertain: 0,
      defectRate: null,
      latencyP95: null,
      fps: null,
      dropped: 0,
      gaps: 0,
      drift: {},
    });
  return out;
}

/** Each bucket's per-statistic median and PSI against the reference (PSI null on too few frames). */
export function fillBucketDrift(
  buckets: MonitorBucket[],
  rows: readonly InspectionRecord[],
  reference: DriftReference | null,
): void {
  if (!buckets.length) return;
  const bucketMs = buckets[0]!.end - buckets[0]!.start;
  const values = buckets.map(() => new Map<DriftStat, number[]>());
  for (const row of measured(rows)) {
    const i = Math.floor((row.at - buckets[0]!.start) / bucketMs);
    const into = values[i];
    if (!into) continue;
    for (const stat of DRIFT_STATS) {
      const v = row.stats?.[stat];
      if (v === undefined || !Number.isFinite(v)) continue;
      const list = into.get(stat) ?? [];
      list.push(v);
      into.set(stat, list);
    }
  }
  buckets.forEach((bucket, i) => {
    for (const [stat, list] of values[i]!) {
      const ref = reference?.stats[stat];
      const enough = ref && ref.sorted.length > 0 && list.length >= BUCKET_MIN_FRAMES;
      bucket.drift[stat] = { median: median(list), psi: enough ? psi(ref.sorted, list) : null, n: list.length };
    }
  });
}

/**
 * When the statistic's drift began: the start of the trailing stretch of buckets whose PSI reaches the
 * limit (buckets without a PSI neither extend nor break it), else of the first such bucket; null if none.
 */
export function driftSince(buckets: readonly MonitorBucket[], stat: DriftStat, limit: number): number | null {
  let since: number | null = null;
  for (let i = buckets.length - 1; i >= 0; i--) {
    const value = buckets[i]!.drift[stat]?.psi;
    if (value === null || value === undefined) continue;
    if (value < limit) break;
    since = buckets[i]!.start;
  }
  if (since !== null) return since;
  const first = buckets.find((b) => (b.drift[stat]?.psi ?? -1) >= limit);
  return first ? first.start : null;
}

/** Every statistic's drift over the window (two tests against the training data) and when it began. */
export function driftOf(
  rows: readonly InspectionRecord[],
  reference: DriftReference | null,
  limits: MonitorThresholds,
  buckets: readonly MonitorBucket[],
): DriftReport {
  if (!reference) return { reference: null, stats: [], drifted: false, since: null };
  const frames = measured(rows);
  const stats: StatDriftReport[] = [];
  for (const stat of DRIFT_STATS) {
    const ref = reference.stats[stat];
    if (!ref || !ref.sorted.length) continue;
    const live = frames.flatMap((r) => {
      const v = r.stats?.[stat];
      return v !== undefined && Number.isFinite(v) ? [v] : [];
    });
    if (!live.length) continue;
    const result = statDrift(stat, ref, live, limits);
    stats.push({
      ...result,
      lo: ref.lo,
      hi: ref.hi,
      since: result.flagged ? driftSince(buckets, stat, limits.psi) : null,
    });
  }
  const flagged = stats.filter((s) => s.flagged);
  const starts = flagged.flatMap((s) => (s.since === null ? [] : [s.since]));
  return {
    reference: {
      key: reference.key,
      source: reference.source,
      count: reference.count,
      snapshotId: reference.snapshotId,
    },
    stats,
    drifted: flagged.length > 0,
    since: starts.length ? Math.min(...starts) : null,
  };
}

/**
 * Rows with a thumbnail that show drift: out of domain or outside the training range of a drifted
 * statistic, newest first; when none qualifies, the newest rows with a thumbnail since the drift began.
 */
export function driftExamples(rows: readonly InspectionRecord[], drift: DriftReport): number[] {
  const withThumb = measured(rows)
    .filter((r) => r.hasThumb && r.seq !== undefined)
    .reverse();
  const drifted = drift.stats.filter((s) => s.flagged);
  const outside = withThumb.filter(
    (r) =>
      r.outOfDomain === true ||
      drifted.some((s) => {
        const v = r.stats?.[s.stat];
        return v !== undefined && (v < s.lo || v > s.hi);
      }),
  );
  const since = drift.since ?? -Infinity;
  const picked = outside.length ? outside : withThumb.filter((r) => r.at >= since);
  return picked.slice(0, EXAMPLE_FRAMES).map((r) => r.seq!);
}
