/**
 * Figures of an inspection run (the runner's `inspect`, the benchmark): verdict counts, latency
 * quantiles and accuracy against the generator's camera truth.
 */
import { quantileSorted } from '../profile/stats.ts';
import type { FrameResult, Verdict } from './station-types.ts';

/** A camera-truth.csv that cannot be read; the message names the line. */
export class CameraTruthError extends Error {
  override name = 'CameraTruthError';
}

/** One frame of a generated camera video: what is in view, and where (pixel centres, degrees). */
export interface TruthFrame {
  frame: number;
  kind: string;
  label: 'good' | 'bad';
  cx: number | null;
  cy: number | null;
  angleDeg: number | null;
}

/** Parses camera-truth.csv (frame,kind,label[,cx,cy,angle_deg]); the position columns are optional. */
export function parseCameraTruth(csv: string): TruthFrame[] {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const columns = (lines.shift() ?? '').split(',').map((c) => c.trim());
  const at = (name: string) => columns.indexOf(name);
  if (at('frame') < 0 || at('label') < 0)
    throw new CameraTruthError(
      `camera-truth.csv needs the columns frame and label; its header is "${columns.join(',')}".`,
    );
  const number = (cells: string[], name: string): number | null => {
    const i = at(name);
    if (i < 0 || cells[i] === undefined || cells[i] === '') return null;
    const value = Number(cells[i]);
    return Number.isFinite(value) ? value : null;
  };
  return lines.map((line, i) => {
    const cells = line.split(',').map((c) => c.trim());
    const label = cells[at('label')];
    const frame = number(cells, 'frame');
    if ((label !== 'good' && label !== 'bad') || frame === null)
      throw new CameraTruthError(
        `camera-truth.csv line ${i + 2} ("${line}") needs a frame number and the label good or bad.`,
      );
    return {
      frame,
      kind: at('kind') >= 0 ? (cells[at('kind')] ?? '') : label,
      label,
      cx: number(cells, 'cx'),
      cy: number(cells, 'cy'),
      angleDeg: number(cells, 'angle_deg'),
    };
  });
}

/**
 * Which screw each truth frame shows: consecutive frames whose centre stays within `tolerance`
 * pixels and whose angle within `turnDeg` degrees are one screw held in view (the generator's
 * vibration moves a screw by about a pixel and a few tenths of a degree). Without positions,
 * consecutive frames of one kind are.
 */
export function screwsOf(truth: readonly TruthFrame[], tolerance = 12, turnDeg = 3): number[] {
  const ids: number[] = [];
  let id = -1;
  truth.forEach((t, i) => {
    const prev = truth[i - 1];
    if (!prev || prev.frame !== t.frame - 1 || !sameScrew(prev, t, tolerance, turnDeg)) id++;
    ids.push(id);
  });
  return ids;
}

function sameScrew(a: TruthFrame, b: TruthFrame, tolerance: number, turnDeg: number): boolean {
  if (a.cx === null || a.cy === null || b.cx === null || b.cy === null) return a.kind === b.kind;
  if (Math.hypot(a.cx - b.cx, a.cy - b.cy) > tolerance) return false;
  if (a.angleDeg === null || b.angleDeg === null) return true;
  const turn = Math.abs(a.angleDeg - b.angleDeg) % 360;
  return Math.min(turn, 360 - turn) <= turnDeg;
}

/** Median and 95th percentile, ms, rounded to 0.01; null without values. */
export function quantiles(values: readonly number[]): { p50: number; p95: number } | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  const round = (v: number) => Math.round(v * 100) / 100;
  return { p50: round(quantileSorted(sorted, 0.5)), p95: round(quantileSorted(sorted, 0.95)) };
}

/** True when a verdict is right for a frame of `label`: NG for bad, OK for good; no-part is never right. */
export function verdictRight(verdict: Verdict, label: 'good' | 'bad'): boolean {
  return verdict === (label === 'bad' ? 'ng' : 'ok');
}

/** Counts of each verdict. */
export function verdictCounts(results: readonly Pick<FrameResult, 'verdict'>[]): Record<Verdict, number> {
  const counts: Record<Verdict, number> = { ok: 0, ng: 0, 'no-part': 0, 'out-of-domain': 0 };
  for (const r of results) counts[r.verdict]++;
  return counts;
}

/** Accuracy of the frames that carry a verdict to judge: right ones of all, and the share. */
export interface Accuracy {
  right: number;
  total: number;
  /** 0..1; null without frames */
  share: number | null;
}

/**
 * Accuracy of results against the truth of their frames, frame by frame. Under a stable trigger
 * only the fresh verdicts count (the others repeat them or wait); a screw frame with 'no-part' is wrong.
 */
export function accuracyAgainst(
  results: readonly Pick<FrameResult, 'verdict' | 'step'>[],
  truth: readonly TruthFrame[],
  freshOnly: boolean,
): Accuracy {
  let right = 0;
  let total = 0;
  results.forEach((r, i) => {
    const t = truth[i];
    if (!t || (freshOnly && r.step !== 'inspect')) return;
    total++;
    if (verdictRight(r.verdict, t.label)) right++;
  });
  return { right, total, share: total ? right / total : null };
}

/** Fresh verdicts per screw under a stable trigger: how many screws got exactly one, none, or more. */
export function verdictsPerScrew(
  results: readonly Pick<FrameResult, 'step'>[],
  truth: readonly TruthFrame[],
): { screws: number; exactlyOne: number; none: number; more: number; perScrew: number[] } {
  const ids = screwsOf(truth.slice(0, results.length));
  const perScrew = new Array<number>(ids.length ? ids[ids.length - 1]! + 1 : 0).fill(0);
  results.forEach((r, i) => {
    if (r.step === 'inspect' && ids[i] !== undefined) perScrew[ids[i]!]!++;
  });
  return {
    screws: perScrew.length,
    exactlyOne: perScrew.filter((n) => n === 1).length,
    none: perScrew.filter((n) => n === 0).length,
    more: perScrew.filter((n) => n > 1).length,
    perScrew,
  };
}
