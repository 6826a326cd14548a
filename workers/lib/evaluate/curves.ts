/**
 * Curves to draw from P(bad) scores: ROC and precision–recall, one point per distinct score (tied
 * scores move together), average precision, and a histogram of scores per class.
 */
import { checkScores, EvaluationInputError } from './input.ts';

/** A ROC point: flagging scores ≥ `threshold` gives this false-positive and true-positive rate (0..1). */
export interface RocPoint {
  /** null for the start point, a threshold above every score (nothing flagged). */
  threshold: number | null;
  /** False-positive rate = false-reject rate, FP / good images. */
  fpr: number;
  /** True-positive rate = defect recall, TP / defective images. */
  tpr: number;
}

/** A precision–recall point: flagging scores ≥ `threshold` gives this recall and precision (0..1). */
export interface PrPoint {
  threshold: number;
  recall: number;
  precision: number;
}

/** Cumulative counts, from the highest score down, at each distinct score. */
interface Step {
  threshold: number;
  tp: number;
  fp: number;
}

function descendingSteps(scores: ArrayLike<number>, isBad: ArrayLike<boolean>): Step[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const steps: Step[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length;) {
    const threshold = scores[order[i]!]!;
    // Images with equal scores are flagged together, so they enter in one step.
    for (; i < order.length && scores[order[i]!] === threshold; i++)
      if (isBad[order[i]!]) tp++;
      else fp++;
    steps.push({ threshold, tp, fp });
  }
  return steps;
}

function classSizes(isBad: ArrayLike<boolean>): { bad: number; good: number } {
  let bad = 0;
  for (let i = 0; i < isBad.length; i++) if (isBad[i]) bad++;
  return { bad, good: isBad.length - bad };
}

/** ROC curve from (0, 0) to (1, 1), one point per distinct score; empty without both classes. */
export function rocCurve(scores: ArrayLike<number>, isBad: ArrayLike<boolean>): RocPoint[] {
  // Tied scores enter in one step, a diagonal segment: the trapezoid area is then the ties-count-half AUROC.
  checkScores(scores, isBad);
  const { bad, good } = classSizes(isBad);
  if (!bad || !good) return [];
  return [
    { threshold: null, fpr: 0, tpr: 0 },
    ...descendingSteps(scores, isBad).map(({ threshold, tp, fp }) => ({
      threshold,
      fpr: fp / good,
      tpr: tp / bad,
    })),
  ];
}

/** Area under ROC points by the trapezoid rule (0..1); null for an empty curve. */
export function rocArea(points: readonly RocPoint[]): number | null {
  if (points.length < 2) return null;
  let area = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    area += ((b.fpr - a.fpr) * (a.tpr + b.tpr)) / 2;
  }
  return area;
}

/** Precision–recall curve, one observed point per distinct score; empty without defects. */
export function prCurve(scores: ArrayLike<number>, isBad: ArrayLike<boolean>): PrPoint[] {
  // No invented (recall 0, precision 1) start point: a drawing should show only what was measured.
  checkScores(scores, isBad);
  const { bad } = classSizes(isBad);
  if (!bad) return [];
  return descendingSteps(scores, isBad).map(({ threshold, tp, fp }) => ({
    threshold,
    recall: tp / bad,
    precision: tp / (tp + fp),
  }));
}

/** Average precision, the step-wise PR-AUC Σ (Rₖ − Rₖ₋₁) · Pₖ, R₀ = 0 (0..1); null for no points. */
export function averagePrecision(points: readonly PrPoint[]): number | null {
  // Steps, not trapezoids: linear interpolation in PR space overstates the area (Davis & Goadrich).
  if (!points.length) return null;
  let ap = 0;
  let previousRecall = 0;
  for (const { recall, precision } of points) {
    ap += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return ap;
}

/** Counts of P(bad) scores per class in equal-width bins over 0..1. */
export interface ScoreHistogram {
  /** bins + 1 bin edges from 0 to 1; bin i is [edges[i], edges[i+1]), the last one closed at 1. */
  edges: number[];
  good: number[];
  bad: number[];
}

/** Histogram of P(bad) per class over 0..1 in `bins` equal-width bins (default 20). */
export function scoreHistogram(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  bins = 20,
): ScoreHistogram {
  checkScores(scores, isBad);
  if (!Number.isInteger(bins) || bins < 1 || bins > 10_000)
    throw new EvaluationInputError(
      `The histogram needs a whole number of bins from 1 to 10000, not ${bins}.`,
    );
  const edges = Array.from({ length: bins + 1 }, (_, i) => i / bins);
  const good = new Array<number>(bins).fill(0);
  const bad = new Array<number>(bins).fill(0);
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    let bin = Math.min(bins - 1, Math.floor(s * bins));
    // s · bins can round across an edge; the edges array is what a reader sees, so it decides.
    if (bin > 0 && s < edges[bin]!) bin--;
    else if (bin < bins - 1 && s >= edges[bin + 1]!) bin++;
    (isBad[i] ? bad : good)[bin]!++;
  }
  return { edges, good, bad };
}
