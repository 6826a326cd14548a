import { describe, expect, it } from 'vitest';
import {
  accuracyAgainst,
  CameraTruthError,
  parseCameraTruth,
  quantiles,
  screwsOf,
  verdictCounts,
  verdictsPerScrew,
  type TruthFrame,
} from './inspect-report.ts';
import type { FrameStep, Verdict } from './station-types.ts';

const CSV = `frame,kind,label,cx,cy,angle_deg
0,good,good,100.0,200.0,10.00
1,good,good,100.4,199.6,10.20
2,thread_top,bad,300.0,120.0,95.00
3,thread_top,bad,300.5,120.2,95.30
4,good,good,301.0,121.0,40.00
`;

describe('parseCameraTruth', () => {
  it('reads the columns by name, positions included', () => {
    const truth = parseCameraTruth(CSV);
    expect(truth).toHaveLength(5);
    expect(truth[2]).toEqual({ frame: 2, kind: 'thread_top', label: 'bad', cx: 300, cy: 120, angleDeg: 95 });
  });

  it('reads the older three-column file without positions', () => {
    expect(parseCameraTruth('frame,kind,label\n0,good,good\n')[0]).toMatchObject({ cx: null, cy: null });
  });

  it('names the line it cannot read', () => {
    expect(() => parseCameraTruth('frame,label\n0,good\n1,maybe\n')).toThrow(/line 3/);
    expect(() => parseCameraTruth('index,verdict\n')).toThrow(CameraTruthError);
  });
});

describe('screwsOf', () => {
  it('splits the frames into screws by position and angle', () => {
    // Frame 4 sits where the screw of frames 2–3 was, but turned: a new screw.
    expect(screwsOf(parseCameraTruth(CSV))).toEqual([0, 0, 1, 1, 2]);
    expect(screwsOf(parseCameraTruth(CSV), 12, 90)).toEqual([0, 0, 1, 1, 1]);
  });

  it('falls back to runs of one kind without positions', () => {
    const truth = parseCameraTruth('frame,kind,label\n0,good,good\n1,good,good\n2,scratch_head,bad\n');
    expect(screwsOf(truth)).toEqual([0, 0, 1]);
  });
});

describe('accuracy and verdict counts', () => {
  const truth: TruthFrame[] = parseCameraTruth(CSV);
  const results = (verdicts: Verdict[], steps?: FrameStep[]) =>
    verdicts.map((verdict, i) => ({ verdict, step: steps?.[i] ?? ('inspect' as FrameStep) }));

  it('counts a no-part on a screw frame as wrong', () => {
    const r = results(['ok', 'no-part', 'ng', 'ok', 'ok']);
    expect(accuracyAgainst(r, truth, false)).toEqual({ right: 3, total: 5, share: 0.6 });
    expect(verdictCounts(r)).toEqual({ ok: 3, ng: 1, 'no-part': 1, 'out-of-domain': 0 });
  });

  it('judges only fresh verdicts under the stable trigger, and counts them per screw', () => {
    const r = results(
      ['no-part', 'ok', 'no-part', 'ng', 'ng'],
      ['settling', 'inspect', 'settling', 'inspect', 'held'],
    );
    expect(accuracyAgainst(r, truth, true)).toEqual({ right: 2, total: 2, share: 1 });
    expect(verdictsPerScrew(r.slice(0, 4), truth)).toMatchObject({ screws: 2, exactlyOne: 2, none: 0 });
    const twice = results(['ok', 'ok', 'ng', 'ng'], ['inspect', 'inspect', 'settling', 'held']);
    expect(verdictsPerScrew(twice, truth)).toMatchObject({
      exactlyOne: 0,
      none: 1,
      more: 1,
      perScrew: [2, 0],
    });
  });
});

describe('quantiles', () => {
  it('gives the median and the 95th percentile, or null without values', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    expect(quantiles(values)).toEqual({ p50: 50, p95: 95 });
    expect(quantiles([])).toBeNull();
  });
});
