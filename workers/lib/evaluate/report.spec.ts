import { describe, expect, it } from 'vitest';
import { defaultScope } from '../domain/scope.ts';
import { createRng } from '../rng.ts';
import { binaryMetrics } from './metrics.ts';
import { buildEvaluationReport, rethreshold, type EvaluationInput, type ThresholdChoice } from './report.ts';

function input(seed: string, n: number, threshold = 0.5): EvaluationInput {
  const rng = createRng(seed);
  const isBad = Array.from({ length: n }, () => rng.chance(0.4));
  const scores = isBad.map(
    (b) => Math.round(Math.min(1, Math.max(0, rng.normal(b ? 0.8 : 0.2, 0.15))) * 100) / 100,
  );
  return {
    scores,
    isBad,
    defectTypes: isBad.map((b) => (b ? rng.pick(['scratch', 'thread']) : null)),
    threshold: {
      value: threshold,
      method: 'balanced-accuracy',
      target: null,
      chosenOn: 'validation',
      support: null,
    },
    gate: defaultScope().gate,
    assertions: [
      { id: 'duplicates', blocking: true, passed: false, overrideReason: 'Re-shoots of one screw.' },
    ],
  };
}

describe('buildEvaluationReport', () => {
  it('gathers metrics, curves, histogram, scores and the gate of one split', () => {
    const data = input('report', 400);
    const r = buildEvaluationReport(data);
    const bad = Array.from(data.isBad).filter(Boolean).length;
    expect(r.images).toEqual({ total: 400, good: 400 - bad, bad });
    expect(r.split).toBe('test');
    expect(r.metrics).toEqual(binaryMetrics(data.scores, data.isBad, 0.5));
    expect(Object.keys(r.recallByDefect)).toEqual(['scratch', 'thread']);
    expect(r.recallByDefect.scratch!.n + r.recallByDefect.thread!.n).toBe(bad);
    expect(r.curves.roc[0]).toEqual({ threshold: null, fpr: 0, tpr: 0 });
    expect(r.curves.averagePrecision).toBeGreaterThan(0.9);
    expect(r.histogram.good.reduce((a, b) => a + b) + r.histogram.bad.reduce((a, b) => a + b)).toBe(400);
    expect(r.latency).toEqual({ p50Ms: null, p95Ms: null });
    expect(r.gate.passed).toBe(r.gate.criteria.every((c) => c.passed));
    expect(r.gate.criteria[3]!.passed).toBe(true);
    expect(r.threshold).toEqual(data.threshold);
  });

  it('survives a JSON round trip unchanged, even with one class and no defect types', () => {
    for (const data of [
      input('json', 120),
      { ...input('json-one-class', 20), isBad: new Array<boolean>(20).fill(false), defectTypes: undefined },
    ]) {
      const r = buildEvaluationReport(data);
      expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    }
  });

  it('fails the gate on a tiny split however well it scores', () => {
    const r = buildEvaluationReport({
      ...input('tiny', 1),
      scores: [0.1, 0.9, 0.2, 0.8],
      isBad: [false, true, false, true],
      defectTypes: undefined,
    });
    expect(r.metrics.accuracy.value).toBe(1);
    expect(r.gate.passed).toBe(false);
  });

  it('refuses a target threshold without its target', () => {
    const data = input('target', 10);
    const threshold: ThresholdChoice = { ...data.threshold, method: 'target-recall' };
    expect(() => buildEvaluationReport({ ...data, threshold })).toThrow(/needs its target/);
  });
});

describe('rethreshold', () => {
  it('equals a report built afresh at the new threshold, keeping the caller-filled latency', () => {
    const data = input('move', 300);
    const report = { ...buildEvaluationReport(data), latency: { p50Ms: 4.2, p95Ms: 7.9 } };
    const choice: ThresholdChoice = {
      value: 0.35,
      method: 'target-recall',
      target: 0.99,
      chosenOn: 'validation',
      support: null,
    };
    const moved = rethreshold(report, choice);
    expect(moved).toEqual({
      ...buildEvaluationReport({ ...data, threshold: choice }),
      latency: report.latency,
    });
    expect(report.threshold.value).toBe(0.5);
  });
});
