/** The report's time series: the window cut into buckets of verdicts, load and drift for the charts. */
import type { InspectionRecord } from '../db/schema/station.ts';
import { quantileSorted } from '../profile/stats.ts';
import { emptyBuckets, fillBucketDrift } from './drift-report.ts';
import type { DriftReference } from './monitor-types.ts';
import type { MonitorBucket } from './report-types.ts';

/** The rows in buckets of `bucketMs` from `from` to `to` (ms since epoch): verdicts, latency p95, fps, drift. */
export function bucketsOf(
  rows: readonly InspectionRecord[],
  from: number,
  to: number,
  bucketMs: number,
  reference: DriftReference | null,
): MonitorBucket[] {
  const buckets = emptyBuckets(from, to, bucketMs);
  if (!buckets.length) return buckets;
  const start = buckets[0]!.start;
  const latencies = buckets.map((): number[] => []);
  const fps = buckets.map((): number[] => []);
  for (const row of rows) {
    const i = Math.floor((row.at - start) / bucketMs);
    const bucket = buckets[i];
    if (!bucket) continue;
    if (row.kind === 'gap') bucket.gaps++;
    else if (row.kind === 'health' && row.health) {
      fps[i]!.push(row.health.fps);
      bucket.dropped += row.health.framesDropped;
    } else if (row.kind === 'verdict') {
      if (row.verdict === 'ok') bucket.ok++;
      else if (row.verdict === 'ng') bucket.ng++;
      else if (row.verdict === 'out-of-domain') bucket.outOfDomain++;
      else bucket.noPart++;
      if ((row.verdict === 'ok' || row.verdict === 'ng') && row.uncertain) bucket.uncertain++;
      if (row.latencyMs !== null && Number.isFinite(row.latencyMs)) latencies[i]!.push(row.latencyMs);
    }
  }
  buckets.forEach((bucket, i) => {
    const judged = bucket.ok + bucket.ng;
    bucket.defectRate = judged ? bucket.ng / judged : null;
    const lat = latencies[i]!;
    bucket.latencyP95 = lat.length ? quantileSorted(Float64Array.from(lat).sort(), 0.95) : null;
    const f = fps[i]!;
    bucket.fps = f.length ? f.reduce((s, v) => s + v, 0) / f.length : null;
  });
  fillBucketDrift(buckets, rows, reference);
  return buckets;
}
