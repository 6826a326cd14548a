import { describe, expect, it } from 'vitest';
import {
  FRAME_BUDGET_SHARE,
  LATENCY_STALE_MS,
  LATENCY_WINDOW,
  LatencyEstimate,
  SKIP_BUDGET,
  SKIP_DROPPED,
  SKIP_UNKNOWN_RATE,
  shadowSkipReason,
  skipKind,
} from './shadow-policy.ts';

const pace = (dropped: number, periodMs: number | null) => ({ dropped, periodMs });

describe('shadowSkipReason', () => {
  it('runs the challenger when champion and challenger fit the frame budget', () => {
    expect(
      shadowSkipReason({ pace: pace(0, 100), trigger: 'continuous', championMs: 30, challengerMs: 40 }),
    ).toBe(null);
  });

  it('skips when both together exceed the budget share of the frame period, saying the figures', () => {
    const period = 100;
    const over = period * FRAME_BUDGET_SHARE - 30 + 1;
    const reason = shadowSkipReason({
      pace: pace(0, period),
      trigger: 'continuous',
      championMs: 30,
      challengerMs: over,
    });
    expect(skipKind(reason!)).toBe(SKIP_BUDGET);
    expect(reason).toContain('champion 30');
    expect(reason).toContain(`${period * FRAME_BUDGET_SHARE} ms`);
  });

  it('skips whenever frames were dropped before this one, even with a fast challenger, in every trigger mode', () => {
    for (const trigger of ['continuous', 'stable', 'manual'] as const) {
      const reason = shadowSkipReason({ pace: pace(2, 100), trigger, championMs: 5, challengerMs: 1 });
      expect(skipKind(reason!)).toBe(SKIP_DROPPED);
      expect(reason).toContain('2 camera frames');
    }
  });

  it('lets a manual press run the challenger without a frame budget', () => {
    expect(shadowSkipReason({ pace: pace(0, 33), trigger: 'manual', championMs: 80, challengerMs: 80 })).toBe(
      null,
    );
  });

  it('skips while the frame rate is unknown, and runs once to measure a challenger never timed', () => {
    expect(shadowSkipReason({ pace: pace(0, null), trigger: 'stable', championMs: 1, challengerMs: 1 })).toBe(
      SKIP_UNKNOWN_RATE,
    );
    expect(shadowSkipReason({ pace: null, trigger: 'continuous', championMs: 1, challengerMs: 1 })).toBe(
      SKIP_UNKNOWN_RATE,
    );
    expect(
      shadowSkipReason({ pace: pace(0, 100), trigger: 'continuous', championMs: 90, challengerMs: null }),
    ).toBe(null);
  });
});

describe('LatencyEstimate', () => {
  it('is the 90th percentile of the recent runs, so slow runs count', () => {
    const estimate = new LatencyEstimate();
    expect(estimate.value(0)).toBe(null);
    for (const [i, ms] of [10, 12, 11, 9, 13, 10, 12, 11, 10, 40].entries()) estimate.add(ms, i);
    expect(estimate.value(10)).toBe(13);
    estimate.add(45, 11);
    expect(estimate.value(12)).toBe(40);
  });

  it('forgets runs older than its window or its age limit, and everything on reset', () => {
    const estimate = new LatencyEstimate();
    for (let i = 0; i < LATENCY_WINDOW; i++) estimate.add(100, i);
    for (let i = 0; i < LATENCY_WINDOW; i++) estimate.add(20, 100 + i);
    expect(estimate.value(200)).toBe(20);
    estimate.add(Number.NaN, 300);
    expect(estimate.value(300)).toBe(20);
    expect(estimate.value(100 + LATENCY_WINDOW + LATENCY_STALE_MS)).toBe(null);
    estimate.add(7, 1000);
    estimate.reset();
    expect(estimate.value(1000)).toBe(null);
  });
});
