import { describe, expect, it } from 'vitest';
import { defaultScope, validateScope, type Gate } from '../domain/scope.ts';
import { createRng } from '../rng.ts';
import { evaluateGate, type AssertionOutcome, type GateEvidence, type GateResult } from './gate.ts';
import { simultaneousZ } from './intervals.ts';
import { aurocEstimate, metricsFromCounts, type ConfusionCounts } from './metrics.ts';

const Z2 = 1.96 * 1.96;
const accuracyGate: Gate = defaultScope().gate;

// The AUROC does not matter to an accuracy gate; a fixed one keeps the evidence complete.
const someAuroc = aurocEstimate([0.1, 0.9], [false, true]);
const evidence = (counts: ConfusionCounts): GateEvidence => ({
  metrics: metricsFromCounts(counts, 0.5),
  auroc: someAuroc,
});
const failing = (r: GateResult) => r.criteria.filter((c) => !c.passed).map((c) => c.id);

const healthy = { tp: 500, fp: 3, tn: 495, fn: 2 };
const clean: AssertionOutcome[] = [{ id: 'brightness', blocking: true, passed: true }];

describe('evaluateGate', () => {
  it('passes a large, accurate test split with clean data', () => {
    const r = evaluateGate(accuracyGate, evidence(healthy), clean);
    expect(r.passed).toBe(true);
    expect(r).toMatchObject({ metric: 'accuracy', split: 'test', threshold: 0.95, lowerBoundFloor: 0.9 });
    expect(r.criteria.map((c) => c.id)).toEqual(['metric', 'lower-bound', 'sample-size', 'data-assertions']);
    expect(r.criteria[0]).toMatchObject({ value: 0.995, required: 0.95, passed: true });
  });

  it('fails on the metric alone: 0.94 on 1000 images has a bound above the floor', () => {
    const r = evaluateGate(accuracyGate, evidence({ tp: 470, fp: 30, tn: 470, fn: 30 }), clean);
    expect(failing(r)).toEqual(['metric']);
    expect(r.passed).toBe(false);
    expect(r.criteria[0]!.message).toMatch(
      /Accuracy on the test split is 0\.940; the gate needs at least 0\.95/,
    );
  });

  it('fails on the bound alone: 38 of 40 reaches 0.95 but only shows about 0.835', () => {
    const r = evaluateGate(accuracyGate, evidence({ tp: 19, fp: 1, tn: 19, fn: 1 }), clean);
    expect(failing(r)).toEqual(['lower-bound']);
    expect(r.criteria[1]!.value).toBeCloseTo(0.835, 3);
  });

  it('fails 8 lucky images on the bound and the sample size, though the score is perfect', () => {
    const r = evaluateGate(accuracyGate, evidence({ tp: 4, fp: 0, tn: 4, fn: 0 }), clean);
    expect(failing(r)).toEqual(['lower-bound', 'sample-size']);
    expect(r.criteria[0]).toMatchObject({ value: 1, passed: true });
    expect(r.criteria[1]!.value).toBeCloseTo(8 / (8 + Z2), 12);
    // A perfect score's Wilson bound is n / (n + z²), which reaches 0.9 from n = ⌈9 z²⌉ = 35.
    expect(r.criteria[2]).toMatchObject({ value: 8, required: 35, passed: false });
    expect(r.criteria[2]!.message).toMatch(/Only 8 test images.*Add 27 more/);
  });

  it('fails the sample size only together with the bound, which it explains', () => {
    const rng = createRng('gate-size');
    for (let i = 0; i < 200; i++) {
      const counts = { tp: rng.int(0, 30), fp: rng.int(0, 3), tn: rng.int(0, 30), fn: rng.int(0, 3) };
      const r = evaluateGate(accuracyGate, evidence(counts), clean);
      if (!r.criteria[2]!.passed) expect(r.criteria[1]!.passed).toBe(false);
    }
  });

  it('fails on data assertions alone: a blocking failure needs an override with a reason', () => {
    const broken = [...clean, { id: 'duplicates', blocking: true, passed: false }];
    const r = evaluateGate(accuracyGate, evidence(healthy), broken);
    expect(failing(r)).toEqual(['data-assertions']);
    expect(r.criteria[3]).toMatchObject({ value: 1, required: 0 });
    expect(r.criteria[3]!.message).toMatch(/duplicates/);

    const blank = [...clean, { id: 'duplicates', blocking: true, passed: false, overrideReason: '  ' }];
    expect(evaluateGate(accuracyGate, evidence(healthy), blank).passed).toBe(false);

    const reasoned = [
      ...clean,
      { id: 'duplicates', blocking: true, passed: false, overrideReason: 'Near-duplicates are re-shoots.' },
    ];
    const ok = evaluateGate(accuracyGate, evidence(healthy), reasoned);
    expect(ok.passed).toBe(true);
    expect(ok.criteria[3]!.message).toMatch(/1 blocking failure was overridden/);
  });

  it('lets failed non-blocking assertions through', () => {
    const warned = [{ id: 'balance', blocking: false, passed: false }];
    expect(evaluateGate(accuracyGate, evidence(healthy), warned).passed).toBe(true);
  });

  it('reads recall on the defective images and precision on the flagged ones', () => {
    const counts = { tp: 45, fp: 0, tn: 500, fn: 5 };
    const recall = evaluateGate({ metric: 'recall', split: 'test', threshold: 0.9 }, evidence(counts), []);
    expect(recall.criteria[0]!.value).toBe(0.9);
    expect(recall.criteria[2]).toMatchObject({ value: 50 });
    const nothingFlagged = { tp: 0, fp: 0, tn: 500, fn: 50 };
    const precision = evaluateGate(
      { metric: 'precision', split: 'test', threshold: 0.9 },
      evidence(nothingFlagged),
      [],
    );
    expect(precision.criteria[0]).toMatchObject({ value: null, passed: false });
    expect(precision.criteria[0]!.message).toMatch(/undefined/);
  });

  it('bounds F1 at the Bonferroni z, so it needs more images: ⌈9 · 2.2414²⌉ = 46', () => {
    const r = evaluateGate({ metric: 'f1', split: 'test', threshold: 0.9 }, evidence(healthy), []);
    expect(r.criteria[2]!.required).toBe(Math.ceil(9 * simultaneousZ(1.96, 2) ** 2));
    expect(r.criteria[2]!.required).toBe(46);
    expect(r.passed).toBe(true);
  });

  it('does not pass a perfect AUROC on 4 + 4 images, but does on 60 + 60', () => {
    const perfect = (n: number): GateEvidence => {
      const scores = [...Array.from({ length: n }, () => 0.2), ...Array.from({ length: n }, () => 0.8)];
      const isBad = scores.map((s) => s > 0.5);
      return {
        metrics: metricsFromCounts({ tp: n, fp: 0, tn: n, fn: 0 }, 0.5),
        auroc: aurocEstimate(scores, isBad),
      };
    };
    const gate: Gate = { metric: 'auroc', split: 'test', threshold: 0.95 };
    expect(failing(evaluateGate(gate, perfect(4), []))).toEqual(['lower-bound', 'sample-size']);
    expect(evaluateGate(gate, perfect(60), []).passed).toBe(true);
  });

  it('takes the floor from the gate: 0.8 needs ⌈4 z²⌉ = 16 images', () => {
    const gate: Gate = { ...accuracyGate, lowerBoundFloor: 0.8 };
    const r = evaluateGate(gate, evidence({ tp: 8, fp: 0, tn: 8, fn: 0 }), []);
    expect(r.criteria[2]).toMatchObject({ value: 16, required: 16, passed: true });
    expect(r.lowerBoundFloor).toBe(0.8);
    expect(() => evaluateGate({ ...accuracyGate, lowerBoundFloor: 1 }, evidence(healthy), [])).toThrow(
      /floor/,
    );
  });

  it('is validated on the scope card, where the floor stays optional', () => {
    const scope = defaultScope();
    expect(validateScope(scope)).toEqual([]);
    expect(validateScope({ ...scope, gate: { ...scope.gate, lowerBoundFloor: 0.9 } })).toEqual([]);
    expect(validateScope({ ...scope, gate: { ...scope.gate, lowerBoundFloor: 1.2 } })).toEqual([
      'The gate lower-bound floor must be at least 0 and below 1, e.g. 0.90.',
    ]);
  });
});
