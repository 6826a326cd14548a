import { describe, expect, it } from 'vitest';
import type { CrossValidationFold, CrossValidationRecord } from '../db/schema/cross-validation.ts';
import type { EvaluationMetrics } from '../db/schema/runs.ts';
import {
  crossValidatedGate,
  foldMetrics,
  summarizeFolds,
  summarizeScores,
} from './cross-validation-summary.ts';
import { studentTQuantile } from './student-t.ts';

function fold(accuracy: number, extra: Partial<CrossValidationFold> = {}): CrossValidationFold {
  return {
    repeat: 0,
    fold: 0,
    trainCount: 24,
    validationCount: 8,
    testCount: 8,
    tested: [],
    threshold: 0.5,
    accuracy,
    auroc: null,
    recall: null,
    precision: null,
    f1: null,
    falseRejectRate: null,
    recallByDefect: {},
    epochs: 3,
    ms: 1,
    ...extra,
  };
}

describe('studentTQuantile', () => {
  it('matches tabulated two-sided 95% quantiles', () => {
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.95, 4)).toBeCloseTo(2.7764, 3);
    expect(studentTQuantile(0.95, 9)).toBeCloseTo(2.2622, 3);
    expect(studentTQuantile(0.99, 10)).toBeCloseTo(3.1693, 3);
  });
});

describe('summarizeScores', () => {
  it('gives the mean and the corrected t-interval on a hand case', () => {
    // mean 0.8, s² = ((−.1)²+(.1)²+0+0)/3 = 0.02/3; half = t(3)·√((1/4 + 1/4)·s²) = 3.18245·√(1/300)
    const s = summarizeScores([0.7, 0.9, 0.8, 0.8], 0.25)!;
    const half = 3.182446 * Math.sqrt(1 / 300);
    expect(s.mean).toBeCloseTo(0.8, 12);
    expect(s.lower).toBeCloseTo(0.8 - half, 5);
    expect(s.upper).toBeCloseTo(0.8 + half, 5);
    expect(s.folds).toBe(4);
  });

  it('widens with the share tested per training image, clips to 0..1 and skips undefined folds', () => {
    const narrow = summarizeScores([0.7, 0.9, 0.8], 0)!;
    const wide = summarizeScores([0.7, 0.9, 0.8], 0.25)!;
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
    expect(summarizeScores([1, 0.9, null, 1], 0.25)!.upper).toBe(1);
    expect(summarizeScores([1, 0.9, null, 1], 0.25)!.folds).toBe(3);
    expect(summarizeScores([null, null], 0.25)).toBeNull();
    expect(summarizeScores([0.6], 0.25)).toEqual({ mean: 0.6, lower: 0, upper: 1, folds: 1 });
  });
});

describe('foldMetrics', () => {
  it('reads recall, precision, F1 and the false-reject rate off the confusion matrix', () => {
    const metrics: EvaluationMetrics = {
      testAccuracy: 0.8,
      testLoss: 0.3,
      auroc: Number.NaN,
      wilsonLower: 0.5,
      testCount: 10,
      recallByDefect: { scratch: 0.5 },
      // 6 good: 1 flagged; 4 bad: 3 caught
      confusion: [
        [5, 1],
        [1, 3],
      ],
      threshold: 0.4,
    };
    const m = foldMetrics(metrics);
    expect(m.recall).toBe(0.75);
    expect(m.precision).toBe(0.75);
    expect(m.f1).toBe(0.75);
    expect(m.falseRejectRate).toBeCloseTo(1 / 6, 12);
    expect(m.auroc).toBeNull();
    expect(m.threshold).toBe(0.4);
  });
});

describe('crossValidatedGate', () => {
  const record = (accuracies: number[]): CrossValidationRecord => {
    const perFold = accuracies.map((a) => fold(a));
    return {
      folds: 5,
      repeats: 2,
      seed: 1,
      validationShare: 0.2,
      images: 40,
      good: 30,
      defective: 10,
      perFold,
      summary: summarizeFolds(perFold),
      backend: 'cpu',
      finishedAt: 0,
      wallMs: 0,
    };
  };
  const passedData = { passed: true, failures: [], override: null };

  it('passes on a steady high cross-validated accuracy and names the figure it used', () => {
    const gate = crossValidatedGate(
      { metric: 'accuracy', split: 'test', threshold: 0.9, lowerBoundFloor: 0.85 },
      record([1, 1, 0.975, 1, 1, 1, 0.975, 1, 1, 1]),
      passedData,
    );
    expect(gate.figure).toBe('accuracy, 5-fold × 2 repeats cross-validated mean');
    expect(gate.passed).toBe(true);
  });

  it('fails on a scattered accuracy whose interval falls below the floor', () => {
    const gate = crossValidatedGate(
      { metric: 'accuracy', split: 'test', threshold: 0.9, lowerBoundFloor: 0.85 },
      record([1, 0.75, 1, 1, 0.875, 1, 1, 0.75, 1, 1]),
      passedData,
    );
    expect(gate.criteria.find((c) => c.id === 'metric')!.passed).toBe(true);
    expect(gate.criteria.find((c) => c.id === 'lower-bound')!.passed).toBe(false);
    expect(gate.passed).toBe(false);
  });

  it('judges recall on the defective images only, which can be too few', () => {
    const gate = crossValidatedGate(
      { metric: 'recall', split: 'test', threshold: 0.9 },
      record([1, 1]),
      passedData,
    );
    expect(gate.criteria.find((c) => c.id === 'metric')!.passed).toBe(false);
    expect(gate.criteria.find((c) => c.id === 'sample-size')!.value).toBe(10);
  });
});
