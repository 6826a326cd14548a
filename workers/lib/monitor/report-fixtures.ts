/** Inspection rows and references for the monitoring specs: a seeded station log with a drifted stretch. */
import type { InspectionRecord } from '../db/schema/station.ts';
import { createRng } from '../rng.ts';
import type { DriftReference, FrameStats, HealthSample } from './monitor-types.ts';

/** A training reference: brightness ~ N(120, 10) and contrast ~ N(40, 5), 300 seeded values each. */
export function fixtureReference(): DriftReference {
  const rng = createRng('monitor-reference');
  const sample = (mean: number, sd: number) =>
    Array.from({ length: 300 }, () => rng.normal(mean, sd)).sort((a, b) => a - b);
  return {
    key: 'v1',
    projectId: 'p1',
    source: 'snapshot',
    snapshotId: 's1',
    count: 300,
    stats: {
      brightness: { sorted: sample(120, 10), lo: 80, hi: 160 },
      contrast: { sorted: sample(40, 5), lo: 20, hi: 60 },
    },
    createdAt: 0,
  };
}

let nextSeq = 1;

/** A verdict row at `at` (ms) with defaults for everything not given. */
export function verdictRow(at: number, over: Partial<InspectionRecord> = {}): InspectionRecord {
  return {
    seq: nextSeq++,
    projectId: 'p1',
    at,
    kind: 'verdict',
    note: null,
    versionId: 'v1',
    modelLabel: 'screws@1',
    trigger: 'continuous',
    verdict: 'ok',
    score: 0.1,
    threshold: 0.5,
    uncertain: false,
    latencyMs: 20,
    part: { cx: 1, cy: 1, angle: 0, length: 10 },
    frameWidth: 640,
    frameHeight: 480,
    hasThumb: false,
    ...over,
  };
}

/** A health row at `at` (ms). */
export function healthRow(at: number, health: Partial<HealthSample> = {}): InspectionRecord {
  return verdictRow(at, {
    kind: 'health',
    verdict: null,
    score: null,
    latencyMs: null,
    health: {
      seconds: 10,
      framesSeen: 100,
      framesInspected: 95,
      framesDropped: 5,
      fps: 9.5,
      backend: 'webgl',
      numTensors: 40,
      numBytes: 1_000_000,
      wasmHeapBytes: null,
      ...health,
    },
  });
}

/** A gap row at `at` (ms) with the station's note. */
export function gapRow(at: number, note: string): InspectionRecord {
  return verdictRow(at, { kind: 'gap', note, verdict: null, score: null, latencyMs: null });
}

/**
 * A station log from `start` (ms): `normal` frames one per second with training-like statistics, then
 * `dark` frames whose brightness fell to ~60 (out of domain, with thumbnails). Seeded.
 */
export function driftedLog(start: number, normal: number, dark: number): InspectionRecord[] {
  const rng = createRng('monitor-log');
  const rows: InspectionRecord[] = [];
  for (let i = 0; i < normal + dark; i++) {
    const isDark = i >= normal;
    const stats: FrameStats = {
      brightness: isDark ? rng.normal(60, 8) : rng.normal(120, 10),
      contrast: rng.normal(40, 5),
    };
    rows.push(
      verdictRow(start + i * 1000, {
        stats,
        verdict: isDark ? 'out-of-domain' : 'ok',
        score: isDark ? 0.9 : 0.1,
        outOfDomain: isDark,
        hasThumb: isDark,
      }),
    );
  }
  return rows;
}
