/** The station's verdict rules: what a score means against the threshold, and when it is too close to call. */
import type { Verdict } from './station-types.ts';

/**
 * Half-width of the band around the threshold in which a score counts as uncertain, in logits
 * (log-odds): the same "within one logit" the Evaluate screen uses for thin threshold support. In
 * logits the band follows the threshold: at 0.5 it spans 0.27–0.73, at 0.01 it spans 0.004–0.027.
 */
export const UNCERTAIN_BAND_LOGITS = 1;

/** log(p / (1 - p)), with p kept off 0 and 1 so certain scores stay finite. */
function logit(p: number): number {
  const q = Math.min(1 - 1e-7, Math.max(1e-7, p));
  return Math.log(q / (1 - q));
}

/**
 * True when the score lies within `band` logits of the threshold, so a small change in lighting or
 * position could flip the verdict; such frames are kept with a thumbnail for review.
 */
export function isUncertain(score: number | null, threshold: number, band = UNCERTAIN_BAND_LOGITS): boolean {
  if (score === null || !Number.isFinite(score)) return false;
  return Math.abs(logit(score) - logit(threshold)) <= band;
}

/**
 * The verdict of a scored frame: NG at or above the threshold (as evaluation counts a positive),
 * OK below it. Without a part, or without a usable score, the answer is 'no-part': never an OK.
 */
export function verdictOf(score: number | null, threshold: number, part: { found: boolean }): Verdict {
  if (!part.found || score === null || !Number.isFinite(score)) return 'no-part';
  return score >= threshold ? 'ng' : 'ok';
}
