import { describe, expect, it } from 'vitest';
import type { FrameStep, Trigger } from '../../../workers/lib/station/station-types.ts';
import { CONTINUOUS_THUMB_GAP_MS, shadowDisagrees, shouldLog, stepOf, wantsThumb } from './log-policy.ts';

/** Feeds a run of steps through the policy the way the station does and returns which were logged. */
function logged(trigger: Trigger, steps: FrameStep[]): boolean[] {
  let previous: FrameStep | null = null;
  return steps.map((step) => {
    const log = shouldLog(step, trigger, previous);
    if (log) previous = step;
    return log;
  });
}

describe('shouldLog', () => {
  it('logs every fresh verdict and one row per empty stretch in continuous mode', () => {
    expect(logged('continuous', ['no-part', 'no-part', 'inspect', 'inspect', 'no-part', 'no-part'])).toEqual([
      true,
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it('logs one verdict per part in stable mode, nothing for settling, held or empty frames', () => {
    expect(
      logged('stable', ['no-part', 'settling', 'settling', 'inspect', 'held', 'held', 'no-part', 'settling']),
    ).toEqual([false, false, false, true, false, false, false, false]);
  });

  it('logs every manual press, with or without a part', () => {
    expect(logged('manual', ['inspect', 'no-part', 'no-part', 'waiting'])).toEqual([true, true, true, false]);
  });
});

describe('stepOf', () => {
  it('reads the step, or infers it from the score when the worker sent none', () => {
    expect(stepOf({ step: 'held', score: 0.4 })).toBe('held');
    expect(stepOf({ score: 0.4 })).toBe('inspect');
    expect(stepOf({ score: null })).toBe('no-part');
  });
});

describe('wantsThumb', () => {
  it('keeps a thumbnail for every NG or uncertain stable and manual verdict', () => {
    expect(wantsThumb(true, 'stable', 1000, 900)).toBe(true);
    expect(wantsThumb(true, 'manual', 1000, 999)).toBe(true);
    expect(wantsThumb(false, 'manual', 1000, null)).toBe(false);
  });
  it('keeps at most one a second in continuous mode', () => {
    expect(wantsThumb(true, 'continuous', 5000, null)).toBe(true);
    expect(wantsThumb(true, 'continuous', 5000 + CONTINUOUS_THUMB_GAP_MS - 1, 5000)).toBe(false);
    expect(wantsThumb(true, 'continuous', 5000 + CONTINUOUS_THUMB_GAP_MS, 5000)).toBe(true);
    expect(wantsThumb(false, 'continuous', 9000, null)).toBe(false);
  });
});

describe('shadowDisagrees', () => {
  const ran = {
    ran: true,
    versionId: 'v4',
    label: 'screws@4',
    score: 0.2,
    verdict: 'ok',
    latencyMs: 9,
  } as const;
  it('is true only when the challenger ran and answered otherwise than the champion', () => {
    expect(shadowDisagrees({ ...ran, agrees: false })).toBe(true);
    expect(shadowDisagrees({ ...ran, agrees: true })).toBe(false);
    expect(
      shadowDisagrees({ ran: false, versionId: 'v4', label: 'screws@4', skipped: 'frames dropped' }),
    ).toBe(false);
    expect(shadowDisagrees(null)).toBe(false);
    expect(shadowDisagrees(undefined)).toBe(false);
  });
});
