import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../db/schema/registry.ts';
import { ExpectationError, SCORE_BINS, expectationOf } from './behaviour.ts';

function record(report: Record<string, unknown>): EvaluationRecord {
  return {
    id: 'e1',
    projectId: 'p1',
    model: { kind: 'version', versionId: 'v1' },
    snapshotId: 's1',
    report,
    gatePassed: true,
    createdAt: 1,
  };
}

describe('expectationOf', () => {
  it('reads the predicted defect rate, accuracy, uncertain share and score mix at the deployed threshold', () => {
    const e = expectationOf(
      record({ split: 'test', scores: { good: [0.02, 0.1, 0.6], bad: [0.45, 0.97], byDefect: {} } }),
      0.5,
    );
    expect(e.images).toBe(5);
    expect(e.split).toBe('test');
    expect(e.defectRate).toBeCloseTo(2 / 5);
    expect(e.accuracy).toBeCloseTo(3 / 5);
    // Within one logit of 0.5 (0.27..0.73): 0.6 and 0.45.
    expect(e.uncertainShare).toBeCloseTo(2 / 5);
    expect(e.scoreShares).toHaveLength(SCORE_BINS);
    expect(e.scoreShares[0]).toBeCloseTo(1 / 5);
    expect(e.scoreShares[SCORE_BINS - 1]).toBeCloseTo(1 / 5);
    expect(e.scoreShares.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
    // The same scores read at another threshold predict another defect rate.
    expect(
      expectationOf(record({ scores: { good: [0.02, 0.1, 0.6], bad: [0.45, 0.97] } }), 0.3).defectRate,
    ).toBeCloseTo(3 / 5);
  });

  it('refuses an evaluation without scores, asking for a new one', () => {
    expect(() => expectationOf(record({ split: 'test' }), 0.5)).toThrow(ExpectationError);
    expect(() => expectationOf(record({ scores: { good: [], bad: [] } }), 0.5)).toThrow(
      /evaluate the deployed model again/,
    );
  });
});
