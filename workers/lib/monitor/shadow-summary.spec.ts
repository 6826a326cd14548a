import { describe, expect, it } from 'vitest';
import type { InspectionRecord } from '../db/schema/station.ts';
import type { ShadowRecord } from './monitor-types.ts';
import type { Verdict } from '../station/station-types.ts';
import { shadowSummary } from './shadow-summary.ts';

let seq = 0;
/** A verdict row of the champion screws@3 at `at` (ms), with the challenger's answer. */
function row(at: number, verdict: Verdict, shadow: ShadowRecord | null, latencyMs = 20): InspectionRecord {
  return {
    seq: ++seq,
    projectId: 'p1',
    at,
    kind: 'verdict',
    note: null,
    versionId: 'p1/screws@3',
    modelLabel: 'screws@3',
    trigger: 'continuous',
    verdict,
    score: verdict === 'ng' ? 0.9 : 0.1,
    threshold: 0.5,
    uncertain: false,
    latencyMs,
    part: null,
    frameWidth: 640,
    frameHeight: 480,
    hasThumb: verdict === 'ng',
    shadow,
  };
}

const ran = (verdict: Verdict, agrees: boolean, latencyMs: number, version = 4): ShadowRecord => ({
  ran: true,
  versionId: `p1/screws@${version}`,
  label: `screws@${version}`,
  score: verdict === 'ng' ? 0.8 : 0.2,
  verdict,
  latencyMs,
  agrees,
});
const skipped = (skipped: string, version = 4): ShadowRecord => ({
  ran: false,
  versionId: `p1/screws@${version}`,
  label: `screws@${version}`,
  skipped,
});

describe('shadowSummary', () => {
  it('counts runs, agreement and skips by kind, and lists the disagreements newest first', () => {
    const rows = [
      row(1, 'ok', ran('ok', true, 10)),
      row(2, 'ng', ran('ok', false, 12)),
      row(3, 'ok', ran('ok', true, 14)),
      row(4, 'ok', ran('ng', false, 16)),
      row(5, 'ok', skipped('frames dropped: the champion missed 2 camera frames before this one')),
      row(6, 'ok', skipped('frames dropped: the champion missed 1 camera frame before this one')),
      row(7, 'ok', skipped('over the frame budget: champion 30 + challenger ~40 > 27 ms')),
      row(8, 'ok', null),
    ];
    const summary = shadowSummary(rows);
    expect(summary.challenger).toEqual({ versionId: 'p1/screws@4', label: 'screws@4' });
    expect(summary.champion).toEqual({ versionId: 'p1/screws@3', label: 'screws@3' });
    expect(summary).toMatchObject({ frames: 7, runs: 4, skips: 3, agreed: 2, agreementRate: 0.5 });
    expect(summary.skipReasons).toEqual([
      { why: 'frames dropped', count: 2 },
      { why: 'over the frame budget', count: 1 },
    ]);
    expect(summary.disagreements.map((d) => d.at)).toEqual([4, 2]);
    expect(summary.disagreements[1]).toMatchObject({
      seq: rows[1]!.seq,
      hasThumb: true,
      champion: { verdict: 'ng', score: 0.9 },
      challenger: { verdict: 'ok', score: 0.2 },
    });
  });

  it('gives the challenger’s latency beside the champion’s on the frames it ran', () => {
    const rows = [10, 20, 30, 40, 50].map((ms, i) => row(i, 'ok', ran('ok', true, ms), 100 + i));
    rows.push(row(9, 'ok', skipped('frames dropped'), 999));
    const summary = shadowSummary(rows);
    expect(summary.challengerLatency).toEqual({ p50: 30, p95: 48 });
    expect(summary.championLatency!.p50).toBe(102);
    expect(summary.championLatency!.p95).toBeLessThan(999);
  });

  it('summarises only the newest challenger when it changed within the window', () => {
    const rows = [
      row(1, 'ok', ran('ng', false, 10, 4)),
      row(2, 'ok', ran('ng', false, 10, 4)),
      row(3, 'ok', ran('ok', true, 10, 5)),
    ];
    const summary = shadowSummary(rows);
    expect(summary.challenger?.label).toBe('screws@5');
    expect(summary).toMatchObject({ runs: 1, agreed: 1, agreementRate: 1, disagreements: [] });
  });

  it('is empty, with no agreement rate, when no row has a shadow answer or the challenger never ran', () => {
    const gap: InspectionRecord = { ...row(1, 'ok', null), kind: 'gap', verdict: null };
    expect(shadowSummary([gap, row(2, 'ok', null)])).toMatchObject({
      challenger: null,
      frames: 0,
      agreementRate: null,
      challengerLatency: null,
    });
    const allSkipped = shadowSummary([row(3, 'ok', skipped('frame rate unknown'))]);
    expect(allSkipped).toMatchObject({ frames: 1, runs: 0, skips: 1, agreementRate: null });
  });
});
