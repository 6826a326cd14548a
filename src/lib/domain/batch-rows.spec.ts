import { describe, expect, it } from 'vitest';
import type { FrameResult } from '../../../workers/lib/station/station-types.ts';
import { batchCsv, classify, countRows, filterRows, formatScore, type BatchItem } from './batch-rows.ts';

/** A worker answer for one image: scored at 0.5, or without a part when `score` is null. */
function item(name: string, score: number | null): BatchItem {
  const found = score !== null;
  const result: FrameResult = {
    verdict: !found ? 'no-part' : score >= 0.5 ? 'ng' : 'ok',
    score,
    threshold: 0.5,
    frameWidth: 128,
    frameHeight: 128,
    part: { found, cx: 64, cy: 64, angle: 0, length: 90, width: 30, fraction: found ? 0.2 : 0 },
    timings: { preprocessMs: 1, inferMs: 2, totalMs: 3 },
    modelLabel: 'screws@2',
    versionId: 'p/screws@2',
  };
  return { name, result };
}

const items = [item('a.png', 0.05), item('b.png', 0.45), item('c.png', 0.85), item('d.png', null)];

describe('classify', () => {
  it('judges the stored scores again at any threshold, never giving an image without a part an OK', () => {
    expect(classify(items, 0.5).map((r) => r.verdict)).toEqual(['ok', 'ok', 'ng', 'no-part']);
    expect(classify(items, 0.4).map((r) => r.verdict)).toEqual(['ok', 'ng', 'ng', 'no-part']);
    expect(classify(items, 0.99).map((r) => r.verdict)).toEqual(['ok', 'ok', 'ok', 'no-part']);
    expect(classify(items, 0).map((r) => r.verdict)).toEqual(['ng', 'ng', 'ng', 'no-part']);
  });

  it('counts a score at the threshold as NG, as evaluation does', () => {
    expect(classify([item('x.png', 0.62)], 0.62)[0]!.verdict).toBe('ng');
  });

  it('marks scores near the threshold as uncertain, and follows the threshold', () => {
    expect(classify(items, 0.5).map((r) => r.uncertain)).toEqual([false, true, false, false]);
    expect(classify(items, 0.1).map((r) => r.uncertain)).toEqual([true, false, false, false]);
  });
});

describe('filterRows and countRows', () => {
  const rows = classify(items, 0.5);

  it('keeps NG or uncertain rows in their order', () => {
    expect(filterRows(rows, 'all').map((r) => r.name)).toEqual(['a.png', 'b.png', 'c.png', 'd.png']);
    expect(filterRows(rows, 'ng').map((r) => r.name)).toEqual(['c.png']);
    expect(filterRows(rows, 'uncertain').map((r) => r.name)).toEqual(['b.png']);
  });

  it('counts each verdict and the uncertain ones', () => {
    expect(countRows(rows)).toEqual({ ok: 2, ng: 1, 'no-part': 1, 'out-of-domain': 0, uncertain: 1 });
  });
});

describe('batchCsv', () => {
  it('writes the rows as shown, with the exact score, threshold and model, quoting awkward names', () => {
    const rows = classify([item('line 4/x,"1".png', 0.123456789), item('d.png', null)], 0.3);
    expect(batchCsv(rows, 0.3, 'screws@2')).toBe(
      'file,verdict,score,score_exact,threshold,uncertain,model\n' +
        '"line 4/x,""1"".png",OK,0.123,0.123457,0.300,no,screws@2\n' +
        'd.png,No part,,,0.300,no,screws@2\n',
    );
  });

  it('shows a missing score as a dash on screen', () => {
    expect(formatScore(null)).toBe('—');
    expect(formatScore(0.5)).toBe('0.500');
  });
});
