import { describe, expect, it } from 'vitest';
import { auroc, confusion, operatingThreshold, recallByGroup } from './classification.ts';

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
    expect(confusion([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2)).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });

  it('gives recall per defect type and skips ungrouped items', () => {
    expect(recallByGroup(['scratch', 'scratch', 'thread', null], [true, false, true, false])).toEqual({
      scratch: 0.5,
      thread: 1,
    });
  });
});

describe('operatingThreshold', () => {
  const positive = [false, false, false, false, true, true];

  it('puts the threshold in the gap between the classes, halfway in log-odds', () => {
    // The positives score low (0.3, 0.4): a fixed 0.5 would miss both.
    const t = operatingThreshold([0.01, 0.02, 0.05, 0.1, 0.3, 0.4], positive);
    expect(t).toBeGreaterThan(0.1);
    expect(t).toBeLessThan(0.3);
    const mid = (Math.log(0.1 / 0.9) + Math.log(0.3 / 0.7)) / 2;
    expect(t).toBeCloseTo(1 / (1 + Math.exp(-mid)), 10);
  });

  it('weighs a missed defect like a false alarm in a class of its own size (balanced accuracy)', () => {
    // 8 good, 2 bad; one good scores 0.6, between the bad ones (0.55, 0.9). Plain accuracy rates a cut
    // above 0.6 (one defect missed) as high as one below 0.55 (one false alarm); balanced accuracy
    // takes the cut that catches both defects.
    const scores = [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.6, 0.55, 0.9];
    const labels = [false, false, false, false, false, false, false, false, true, true];
    const t = operatingThreshold(scores, labels);
    expect(t).toBeGreaterThan(0.07);
    expect(t).toBeLessThan(0.55);
  });

  it('falls back when the scores hold only one class', () => {
    expect(operatingThreshold([0.2, 0.7], [false, false])).toBe(0.5);
    expect(operatingThreshold([], [], 0.4)).toBe(0.4);
  });
});
