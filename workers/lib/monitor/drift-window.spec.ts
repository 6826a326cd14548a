import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { DEFAULT_MONITOR_THRESHOLDS } from '../domain/scope.ts';
import type { TriggerPart } from '../station/trigger.ts';
import { buildDriftReference, frameDrift } from './drift-reference.ts';
import { DRIFT_PERSIST_PARTS, DriftWindow } from './drift-window.ts';

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

/** Feeds parts as the station does, testing the window after every frame; returns the last status. */
function feed(window: DriftWindow, parts: number, mean: number, from = 0, framesPerPart = 1, now = 0) {
  let status = window.status(reference, limits, now);
  for (let i = from; i < from + parts; i++)
    for (let k = 0; k < framesPerPart; k++) {
      const drift = frameDrift({ brightness: rng.normal(mean, 8) }, reference);
      window.add(drift, { ...part(i), cx: part(i).cx + k * 0.5 });
      status = window.status(reference, limits, now + i);
    }
  return status;
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

  it('reports drift once darker parts kept it flagged, from when the flag began, and clears after', () => {
    const window = new DriftWindow(40);
    expect(feed(window, 40, 160).drifted).toBe(false);
    // Darker parts from t = 1000 on, one per ms of this fake clock: find when the flag rose and drift followed.
    let flaggedAt: number | null = null;
    let driftAt: number | null = null;
    for (let i = 0; i < 30; i++) {
      const status = feed(window, 1, 90, 1000 + i, 1, 0);
      const flagged = status.stats.some((s) => s.flagged);
      if (flagged && flaggedAt === null) flaggedAt = i;
      if (status.drifted && driftAt === null) {
        driftAt = i;
        expect(status.since).toBe(1000 + flaggedAt!);
      }
    }
    expect(flaggedAt).not.toBeNull();
    expect(driftAt).toBe(flaggedAt! + DRIFT_PERSIST_PARTS);
    const status = window.status(reference, limits, 5000);
    expect(status.stats.find((s) => s.stat === 'brightness')!.flagged).toBe(true);
    expect(status.outOfDomainShare).toBeCloseTo(30 / 40, 9);
    const after = feed(window, 40, 160, 3000);
    expect(after.drifted).toBe(false);
    expect(after.since).toBeNull();
  });

  it('reports no statistics without a reference', () => {
    const window = new DriftWindow();
    feed(window, 30, 90);
    expect(window.status(null, limits, 1)).toMatchObject({ reference: null, stats: [], drifted: false });
  });
});
