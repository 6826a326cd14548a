/** Data drift of a window's frames against the deployed model's training data, overall and per time bucket. */
import type { MonitorThresholds } from '../domain/scope.ts';
import type { InspectionRecord } from '../db/schema/station.ts';
import { MIN_DRIFT_FRAMES, median, psi, psiChanceLevel, quantileSorted, statDrift } from './drift-math.ts';
import { DRIFT_STATS, type DriftReference, type DriftStat, type StatReference } from './monitor-types.ts';
import type { DriftReport, MonitorBucket, StatDriftReport } from './report-types.ts';

/** Example frames an alert lists. */
export const EXAMPLE_FRAMES = 6;

/** The verdict rows that carry drift statistics, oldest first. */
function measured(rows: readonly InspectionRecord[]): InspectionRecord[] {
  return rows.filter((r) => r.kind === 'verdict' && r.stats).sort((a, b) => a.at - b.at);
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

/**
 * Each bucket's per-statistic median and PSI against the reference; PSI is null below MIN_DRIFT_FRAMES
 * frames, where its bias alone (about bins / n) would pass the usual limits.
 */
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
      const enough = ref && ref.sorted.length > 0 && list.length >= MIN_DRIFT_FRAMES;
      bucket.drift[stat] = {
        median: median(list),
        psi: enough ? psi(ref.sorted, list) : null,
        n: list.length,
      };
    }
  });
}

/**
 * When the statistic's drift began: the window's frames are cut into runs of MIN_DRIFT_FRAMES from the
 * newest back, and the trailing stretch of runs that `statDrift` flags on their own gives the time of
 * its first frame; without such a stretch, the first flagged run anywhere; null if none.
 */
export function driftSince(
  stat: DriftStat,
  frames: ReadonlyArray<{ at: number; value: number }>,
  reference: StatReference,
  limits: Pick<MonitorThresholds, 'psi' | 'ksPValue'>,
): number | null {
  const runs: Array<{ at: number; flagged: boolean }> = [];
  for (let end = frames.length; end - MIN_DRIFT_FRAMES >= 0; end -= MIN_DRIFT_FRAMES) {
    const run = frames.slice(end - MIN_DRIFT_FRAMES, end);
    const values = run.map((f) => f.value);
    runs.unshift({ at: run[0]!.at, flagged: statDrift(stat, reference, values, limits).flagged });
  }
  let since: number | null = null;
  for (let i = runs.length - 1; i >= 0 && runs[i]!.flagged; i--) since = runs[i]!.at;
  return since ?? runs.find((r) => r.flagged)?.at ?? null;
}

/** Drifted statistics first, then the furthest moved from training: the order the evidence is read in. */
export function byEvidence(a: StatDriftReport, b: StatDriftReport): number {
  return Number(b.flagged) - Number(a.flagged) || Math.abs(b.shift) - Math.abs(a.shift) || b.psi - a.psi;
}

/** Every statistic's drift over the window (two tests against the training data) and when it began. */
export function driftOf(
  rows: readonly InspectionRecord[],
  reference: DriftReference | null,
  limits: MonitorThresholds,
): DriftReport {
  if (!reference)
    return { reference: null, stats: [], drifted: false, ksPValueEach: limits.ksPValue, since: null };
  const frames = measured(rows);
  const stats: StatDriftReport[] = [];
  const tested = DRIFT_STATS.filter((stat) => (reference.stats[stat]?.sorted.length ?? 0) > 0);
  // As on the station: the KS limit is shared among the statistics tested (Bonferroni), so the
  // report as a whole keeps the scope card's false-alarm rate.
  const each = { ...limits, ksPValue: limits.ksPValue / Math.max(1, tested.length) };
  for (const stat of tested) {
    const ref = reference.stats[stat]!;
    const points = frames.flatMap((r) => {
      const value = r.stats?.[stat];
      return value !== undefined && Number.isFinite(value) ? [{ at: r.at, value }] : [];
    });
    if (!points.length) continue;
    const result = statDrift(
      stat,
      ref,
      points.map((p) => p.value),
      each,
    );
    const since = result.flagged ? driftSince(stat, points, ref, each) : null;
    const band: [number, number] = [quantileSorted(ref.sorted, 0.05), quantileSorted(ref.sorted, 0.95)];
    const sinceMedian =
      since === null ? null : median(points.filter((p) => p.at >= since).map((p) => p.value));
    const width = band[1] - band[0];
    stats.push({
      ...result,
      lo: ref.lo,
      hi: ref.hi,
      band,
      since,
      sinceMedian,
      shift: width > 0 ? ((sinceMedian ?? result.liveMedian) - result.referenceMedian) / width : 0,
      psiNeeded: limits.psi + psiChanceLevel(result.n, ref.sorted.length),
    });
  }
  stats.sort(byEvidence);
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
    ksPValueEach: each.ksPValue,
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
