import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { DEFAULT_MONITOR_THRESHOLDS } from '../domain/scope.ts';
import type { TriggerPart } from '../station/trigger.ts';
import { buildDriftReference, frameDrift } from './drift-reference.ts';
import { DriftWindow } from './drift-window.ts';

const rng = createRng('window');
const reference = buildDriftReference({
  key: 'v1',
  projectId: 'p',
  source: 'snapshot',
  snapshotId: 's',
  samples: Array.from({ length: 300 }, () => ({ brightness: rng.normal(160, 8) })),
  createdAt: 1,
});
const limits = DEFAULT_MONITOR_THRESHOLDS;

/** The i-th part: a fresh place in the frame each time. */
const part = (i: number): TriggerPart => ({
  found: true,
  cx: 50 + (i % 10) * 60,
  cy: 60 + Math.floor(i / 10) * 7,
  angle: 0.3 * i,
  length: 200,
});

function feed(window: DriftWindow, parts: number, mean: number, from = 0, framesPerPart = 1): void {
  for (let i = from; i < from + parts; i++)
    for (let k = 0; k < framesPerPart; k++)
      window.add(frameDrift({ brightness: rng.normal(mean, 8) }, reference), {
        ...part(i),
        cx: part(i).cx + k * 0.5,
      });
}

describe('DriftWindow', () => {
  it('counts a part held for many frames once', () => {
    const window = new DriftWindow();
    feed(window, 12, 160, 0, 5);
    expect(window.size).toBe(12);
  });

  it('keeps only the last parts', () => {
    const window = new DriftWindow(30);
    feed(window, 45, 160);
    expect(window.size).toBe(30);
  });

  it('stays quiet on parts like the training data', () => {
    const window = new DriftWindow();
    feed(window, 60, 160);
    const status = window.status(reference, limits, 1000);
    expect(status.drifted).toBe(false);
    expect(status.since).toBeNull();
    expect(status.outOfDomainShare).toBe(0);
    expect(status.reference).toEqual({ source: 'snapshot', count: 300, snapshotId: 's' });
  });

  it('flags darker parts, keeps the start of the stretch, and clears once the parts look normal again', () => {
    const window = new DriftWindow(40);
    feed(window, 40, 160);
    feed(window, 25, 90, 100);
    const first = window.status(reference, limits, 5000);
    expect(first.drifted).toBe(true);
    expect(first.stats.find((s) => s.stat === 'brightness')!.flagged).toBe(true);
    expect(first.since).toBe(5000);
    expect(first.outOfDomainShare).toBeCloseTo(25 / 40, 9);
    feed(window, 2, 90, 200);
    expect(window.status(reference, limits, 6000).since).toBe(5000);
    feed(window, 40, 160, 300);
    const after = window.status(reference, limits, 9000);
    expect(after.drifted).toBe(false);
    expect(after.since).toBeNull();
  });

  it('reports no statistics without a reference', () => {
    const window = new DriftWindow();
    feed(window, 30, 90);
    expect(window.status(null, limits, 1)).toMatchObject({ reference: null, stats: [], drifted: false });
  });
});
