import { describe, expect, it } from 'vitest';
import { DEFAULT_MONITOR_THRESHOLDS } from '../domain/scope.ts';
import { monitorReport, type MonitorReportInput } from './report.ts';
import { driftedLog, fixtureReference, gapRow, healthRow, verdictRow } from './report-fixtures.ts';
import { byEvidence } from './drift-report.ts';
import type { StatDriftReport } from './report-types.ts';

const T0 = Date.UTC(2026, 10, 30, 9, 0);

function input(over: Partial<MonitorReportInput>): MonitorReportInput {
  return {
    projectId: 'p1',
    rows: [],
    reference: fixtureReference(),
    limits: DEFAULT_MONITOR_THRESHOLDS,
    evaluation: null,
    window: 'all',
    now: T0 + 200_000,
    ...over,
  };
}

describe('monitorReport: infrastructure', () => {
  it('reads latency quantiles from verdict rows, frame rate and memory from health rows, restarts from gaps', () => {
    const rows = [
      ...Array.from({ length: 100 }, (_, i) => verdictRow(T0 + i * 100, { latencyMs: i + 1 })),
      healthRow(T0 + 5_000, { fps: 8, numTensors: 50, numBytes: 3e6 }),
      healthRow(T0 + 15_000, { fps: 10, numTensors: 42, numBytes: 2e6, backend: 'wasm' }),
      gapRow(T0 + 6_000, 'inspection worker restarted (1.2 s without inspection)'),
      gapRow(T0 + 7_000, 'camera disconnected (4 s without inspection)'),
      gapRow(T0 + 8_000, 'inspection worker restarted (0.8 s without inspection)'),
    ];
    const limits = { ...DEFAULT_MONITOR_THRESHOLDS, p95LatencyMs: 90 };
    const { infrastructure: infra, alerts } = monitorReport(input({ rows, limits }));
    expect(infra.latencyMs).toEqual({ p50: 50.5, p95: 95.05, p99: 99.01 });
    expect(infra.fps).toEqual({ mean: 9, last: 10 });
    expect(infra.backend).toBe('wasm');
    expect(infra.tensors).toEqual({ last: 42, max: 50 });
    expect(infra.bytes).toEqual({ last: 2e6, max: 3e6 });
    expect(infra.framesDropped).toBe(10);
    expect(infra.droppedShare).toBeCloseTo(10 / 200);
    expect(infra.workerRestarts).toBe(2);
    expect(infra.cameraInterruptions).toBe(1);
    expect(infra.gaps.map((g) => g.kind)).toEqual(['restart', 'camera', 'restart']);
    expect(alerts.map((a) => a.kind)).toContain('restarts');
    expect(alerts.map((a) => a.kind)).toContain('latency');
    expect(monitorReport(input({ rows })).alerts.map((a) => a.kind)).not.toContain('latency');
  });
});

describe('monitorReport: behaviour', () => {
  it('counts the verdict mix, rates and the score histogram over judged frames only', () => {
    const rows = [
      ...Array.from({ length: 30 }, (_, i) => verdictRow(T0 + i, { verdict: 'ok', score: 0.05 })),
      ...Array.from({ length: 10 }, (_, i) =>
        verdictRow(T0 + 100 + i, { verdict: 'ng', score: 0.95, uncertain: i < 4 }),
      ),
      verdictRow(T0 + 200, { verdict: 'no-part', score: null }),
      verdictRow(T0 + 201, { verdict: 'out-of-domain', score: 0.7, outOfDomain: true }),
    ];
    const { behaviour, frames } = monitorReport(input({ rows }));
    expect(frames).toBe(42);
    expect(behaviour.verdicts).toEqual({ ok: 30, ng: 10, noPart: 1, outOfDomain: 1 });
    expect(behaviour.defectRate).toBeCloseTo(0.25);
    expect(behaviour.uncertainShare).toBeCloseTo(0.1);
    expect(behaviour.outOfDomainShare).toBeCloseTo(1 / 41);
    expect(behaviour.histogram.counts[1]).toBe(30);
    expect(behaviour.histogram.counts[19]).toBe(10);
    expect(behaviour.histogram.counts.reduce((a, b) => a + b, 0)).toBe(40);
  });
});

describe('monitorReport: drift and the retraining alert', () => {
  it('flags the statistic that drifted, says since when and shows frames outside the training range', () => {
    const rows = driftedLog(T0, 120, 60);
    const report = monitorReport(input({ rows, now: T0 + 181_000 }));
    const brightness = report.drift.stats.find((s) => s.stat === 'brightness')!;
    const contrast = report.drift.stats.find((s) => s.stat === 'contrast')!;
    expect(brightness.flagged).toBe(true);
    expect(contrast.flagged).toBe(false);
    expect(report.drift.drifted).toBe(true);
    // The window's median mixes both stretches; the median since the drift is the dark frames' own.
    expect(brightness.liveMedian).toBeGreaterThan(90);
    expect(brightness.sinceMedian).toBeGreaterThan(50);
    expect(brightness.sinceMedian).toBeLessThan(70);
    expect(contrast.sinceMedian).toBeNull();
    // The dark frames begin at T0 + 120 s; the drift is dated to within one run of 20 frames (20 s).
    expect(report.drift.since).toBeGreaterThanOrEqual(T0 + 100_000);
    expect(report.drift.since).toBeLessThanOrEqual(T0 + 120_000);
    const [first] = report.alerts;
    expect(first?.title).toBe('Retraining recommended');
    expect(first?.severity).toBe('critical');
    expect(first?.evidence.stats.map((s) => s.stat)).toEqual(['brightness']);
    expect(first?.evidence.figures[0]).toMatch(
      /^brightness: median \d+ since the drift began vs 1[12]\d in training/,
    );
    const dark = new Set(rows.slice(120).map((r) => r.seq));
    expect(first?.evidence.exampleSeqs.length).toBeGreaterThan(0);
    for (const seq of first!.evidence.exampleSeqs) expect(dark.has(seq)).toBe(true);
    const medians = report.buckets.flatMap((b) => b.drift.brightness?.median ?? []);
    expect(medians[0]).toBeGreaterThan(brightness.band[0]);
    expect(medians.at(-1)).toBeLessThan(brightness.band[0]);
  });

  it('raises no retraining alert while the frames look like the training data', () => {
    const report = monitorReport(input({ rows: driftedLog(T0, 180, 0), now: T0 + 181_000 }));
    expect(report.drift.drifted).toBe(false);
    expect(report.drift.since).toBeNull();
    expect(report.alerts.filter((a) => a.kind === 'retrain')).toEqual([]);
  });

  it('leaves rows before the window out', () => {
    const old = driftedLog(T0, 0, 60);
    const now = T0 + 3 * 3_600_000;
    const recent = driftedLog(now - 120_000, 100, 0);
    const report = monitorReport(input({ rows: [...old, ...recent], window: 'hour', now }));
    expect(report.frames).toBe(100);
    expect(report.drift.drifted).toBe(false);
    expect(monitorReport(input({ rows: [...old, ...recent], now })).drift.drifted).toBe(true);
  });

  it('reports no drift without a reference, and says so', () => {
    const report = monitorReport(input({ rows: driftedLog(T0, 20, 60), reference: null }));
    expect(report.drift).toMatchObject({ reference: null, stats: [], drifted: false, since: null });
    // Out-of-domain frames alone still recommend retraining.
    expect(report.alerts[0]?.kind).toBe('retrain');
    expect(report.alerts[0]?.evidence.figures.join(' ')).toMatch(/out of domain 75%/);
  });
});

describe('byEvidence', () => {
  const stat = (
    name: 'brightness' | 'contrast' | 'sharpness',
    flagged: boolean,
    shift: number,
    psi: number,
  ) => ({ stat: name, flagged, shift, psi }) as StatDriftReport;

  it('puts drifted statistics first, then the one that moved furthest from training, whatever its PSI', () => {
    const list = [
      stat('sharpness', false, 5, 0.1),
      stat('contrast', true, 0.3, 2.6),
      stat('brightness', true, -3.5, 1.0),
    ];
    expect([...list].sort(byEvidence).map((s) => s.stat)).toEqual(['brightness', 'contrast', 'sharpness']);
  });
});
