import { describe, expect, it } from 'vitest';
import { auroc, confusion, recallByGroup } from './classification.ts';

describe('auroc', () => {
  it('is 1 for a perfect ranking, 0 for an inverted one and 0.5 for all-tied scores', () => {
    const positive = [false, false, true, true];
    expect(auroc([0.1, 0.2, 0.8, 0.9], positive)).toBe(1);
    expect(auroc([0.9, 0.8, 0.2, 0.1], positive)).toBe(0);
    expect(auroc([0.5, 0.5, 0.5, 0.5], positive)).toBe(0.5);
  });

  it('matches the pairwise definition on a mixed example', () => {
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.7];
    const positive = [false, true, false, true, false, true];
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < scores.length; i++)
      for (let j = 0; j < scores.length; j++)
        if (positive[i] && !positive[j]) {
          pairs++;
          wins += scores[i]! > scores[j]! ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
    expect(auroc(scores, positive)).toBeCloseTo(wins / pairs, 12);
  });

  it('is undefined without both classes', () => {
    expect(auroc([0.1, 0.2], [true, true])).toBeNaN();
  });
});

describe('confusion and recallByGroup', () => {
  it('counts true against predicted classes', () => {
    expect(confusion([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2)).toEqual([[1, 1], [1, 2]]);
  });

  it('gives recall per defect type and skips ungrouped items', () => {
    expect(recallByGroup(['scratch', 'scratch', 'thread', null], [true, false, true, false])).toEqual({ scratch: 0.5, thread: 1 });
  });
});
