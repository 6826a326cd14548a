/** The station's load and health over a window, read from its inspection log's verdict, health and gap rows. */
import type { InspectionRecord } from '../db/schema/station.ts';
import { quantileSorted } from '../profile/stats.ts';
import type { InfrastructureReport, LatencyQuantiles, MonitorGap } from './report-types.ts';

/** Gaps listed in the report, newest first; older ones are only counted. */
const LISTED_GAPS = 30;

/** p50, p95 and p99 of `values`, rounded to 0.01; null without values. */
export function latencyQuantiles(values: readonly number[]): LatencyQuantiles | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => Math.round(quantileSorted(sorted, q) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/** What kind of stretch a gap row's note describes: the station writes "inspection worker restarted", "camera …". */
export function gapKind(note: string | null): MonitorGap['kind'] {
  const text = (note ?? '').toLowerCase();
  if (text.includes('worker')) return 'restart';
  if (text.includes('camera')) return 'camera';
  return 'other';
}

/** Load and health of the rows' station: latency from verdict rows, frame rate and memory from health rows, gaps. */
export function infrastructureOf(rows: readonly InspectionRecord[]): InfrastructureReport {
  const byTime = [...rows].sort((a, b) => a.at - b.at);
  const latencies = byTime.flatMap((r) =>
    r.kind === 'verdict' && r.latencyMs !== null && Number.isFinite(r.latencyMs) ? [r.latencyMs] : [],
  );
  const health = byTime.flatMap((r) => (r.kind === 'health' && r.health ? [r.health] : []));
  const gaps = byTime.filter((r) => r.kind === 'gap');
  const sum = (pick: (h: (typeof health)[number]) => number) => health.reduce((s, h) => s + pick(h), 0);
  const last = health.at(-1);
  const framesSeen = sum((h) => h.framesSeen);
  const listed: MonitorGap[] = gaps
    .slice(-LISTED_GAPS)
    .reverse()
    .map((r) => ({ seq: r.seq ?? null, at: r.at, kind: gapKind(r.note), note: r.note ?? '' }));
  return {
    latencyMs: latencyQuantiles(latencies),
    healthSamples: health.length,
    fps: last ? { mean: sum((h) => h.fps) / health.length, last: last.fps } : null,
    framesSeen,
    framesInspected: sum((h) => h.framesInspected),
    framesDropped: sum((h) => h.framesDropped),
    droppedShare: framesSeen > 0 ? sum((h) => h.framesDropped) / framesSeen : null,
    backend: last?.backend ?? null,
    tensors: last ? { last: last.numTensors, max: Math.max(...health.map((h) => h.numTensors)) } : null,
    bytes: last ? { last: last.numBytes, max: Math.max(...health.map((h) => h.numBytes)) } : null,
    wasmHeapBytes: last?.wasmHeapBytes ?? null,
    workerRestarts: gaps.filter((r) => gapKind(r.note) === 'restart').length,
    cameraInterruptions: gaps.filter((r) => gapKind(r.note) === 'camera').length,
    gaps: listed,
  };
}
