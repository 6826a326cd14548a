/**
 * Whether the validation data support a threshold: a boundary that rests on a lone outlier, or sits
 * beyond the scores, can move a lot with the next batch of images, whatever the metrics say today.
 *
 * The rule. Counts only change where a score lies, so a threshold t really sits in the gap between
 * the nearest score below it and the nearest score at or above it; everywhere in that gap flags the
 * same images. The boundary is supported when each edge of the gap has at least `minImages`
 * validation images (of any class) within `margin` of it, on its own side. A wide gap bordered by two
 * dense clusters (a well-separated model) is supported; a threshold pinned by one stray score, or
 * in sparse data, is not. Distances are in log-odds, because P(bad) crowds near 0 and 1, where a
 * fixed probability margin would span almost nothing; 1 logit multiplies the odds by e.
 */
import { checkThreshold, checkUnit, EvaluationInputError } from './input.ts';
import { firstAbove, firstAtLeast, type ScoreIndex } from './operating-point.ts';

/** Tuning of the support check. */
export interface SupportOptions {
  /** Images each side of the gap needs within `margin` of its edge (default 5). */
  minImages?: number;
  /** Reach from each gap edge, in log-odds (logits, default 1). */
  margin?: number;
}

/** One side of the gap around a threshold: its edge score and the images near that edge. */
export interface SupportSide {
  /** The nearest score on this side (P(bad)). */
  edge: number;
  /** Validation images on this side within `margin` logits of `edge` (the edge image included). */
  images: number;
}

/** The verdict on one threshold, with the numbers behind it. */
export interface ThresholdSupport {
  threshold: number;
  supported: boolean;
  /** Sentences saying why not; empty when supported. */
  reasons: string[];
  /** Below the threshold (flagged good); null when no score is below it. */
  below: SupportSide | null;
  /** At or above the threshold (flagged bad); null when no score reaches it. */
  above: SupportSide | null;
  /** Width of the gap between the two edges, logits; null when a side is empty. */
  gapLogits: number | null;
  /** Images of each class within `margin` logits of the threshold itself, for display. */
  nearby: { good: number; bad: number };
  minImages: number;
  margin: number;
}

/** Default images needed beside each edge. */
export const DEFAULT_SUPPORT_IMAGES = 5;
/** Default reach from each edge, logits. */
export const DEFAULT_SUPPORT_MARGIN = 1;

// Multiplies the odds of p by e^delta; exact at 0 and 1, where log-odds are infinite.
function shiftOdds(p: number, delta: number): number {
  const k = Math.exp(delta);
  return (p * k) / (p * k + (1 - p));
}

const logit = (p: number) => Math.log(Math.max(p, 1e-12) / Math.max(1 - p, 1e-12));

// Scores s with lo ≤ s < hi in an ascending array.
const countIn = (sorted: readonly number[], lo: number, hi: number) =>
  firstAtLeast(sorted, hi) - firstAtLeast(sorted, lo);

const show = (p: number) => String(Number(p.toPrecision(3)));

/** How well the indexed (validation) scores support `threshold`; the module comment gives the rule. */
export function thresholdSupport(
  index: ScoreIndex,
  threshold: number,
  options: SupportOptions = {},
): ThresholdSupport {
  checkThreshold(threshold);
  const minImages = options.minImages ?? DEFAULT_SUPPORT_IMAGES;
  const margin = options.margin ?? DEFAULT_SUPPORT_MARGIN;
  if (!Number.isInteger(minImages) || minImages < 1)
    throw new EvaluationInputError(`The support check needs a whole number of images ≥ 1, not ${minImages}.`);
  checkUnit(margin, 'The support margin (logits)', 0, 50);
  const { good, bad } = index;
  const inBoth = (lo: number, hi: number) => countIn(good, lo, hi) + countIn(bad, lo, hi);

  const goodBelow = firstAtLeast(good, threshold);
  const badBelow = firstAtLeast(bad, threshold);
  const lowEdge = Math.max(good[goodBelow - 1] ?? -Infinity, bad[badBelow - 1] ?? -Infinity);
  const highEdge = Math.min(good[goodBelow] ?? Infinity, bad[badBelow] ?? Infinity);
  const below = Number.isFinite(lowEdge)
    ? { edge: lowEdge, images: inBoth(shiftOdds(lowEdge, -margin), threshold) }
    : null;
  // Above: scores from the threshold up to the edge shifted by the margin, that score included.
  const above = Number.isFinite(highEdge)
    ? {
        edge: highEdge,
        images:
          firstAbove(good, shiftOdds(highEdge, margin)) -
          goodBelow +
          (firstAbove(bad, shiftOdds(highEdge, margin)) - badBelow),
      }
    : null;

  const reasons: string[] = [];
  if (!below) reasons.push('No validation image scores below the threshold: it flags every image.');
  if (!above) reasons.push('No validation image scores at or above the threshold: it flags nothing.');
  const sides: Array<[SupportSide | null, string]> = [
    [below, 'below'],
    [above, 'at or above'],
  ];
  for (const [side, where] of sides)
    if (side && side.images < minImages)
      reasons.push(
        `Only ${side.images} validation image${side.images === 1 ? '' : 's'} ${where} the threshold score${side.images === 1 ? 's' : ''} within ${margin} logit of the nearest one (P(bad) ${show(side.edge)}); with fewer than ${minImages}, the boundary rests on too few images to hold for new data.`,
      );
  const lo = shiftOdds(threshold, -margin);
  const hi = shiftOdds(threshold, margin);
  return {
    threshold,
    supported: reasons.length === 0,
    reasons,
    below,
    above,
    gapLogits: below && above ? logit(above.edge) - logit(below.edge) : null,
    nearby: {
      good: firstAbove(good, hi) - firstAtLeast(good, lo),
      bad: firstAbove(bad, hi) - firstAtLeast(bad, lo),
    },
    minImages,
    margin,
  };
}
