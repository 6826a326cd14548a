/** The station's verdict rules: what a score means against the threshold, and when it is too close to call. */
import type { Verdict } from '../../station/station-types.ts';

/** Half-width of the band around the threshold in which a score counts as uncertain (P(bad) units). */
export const UNCERTAIN_BAND = 0.1;

/**
 * True when the score lies within `band` of the threshold, so a small change in lighting or
 * position could flip the verdict; such frames are kept with a thumbnail for review.
 */
export function isUncertain(score: number | null, threshold: number, band = UNCERTAIN_BAND): boolean {
  if (score === null || !Number.isFinite(score)) return false;
  return Math.abs(score - threshold) <= band;
}

/**
 * The verdict of a scored frame: NG at or above the threshold (as evaluation counts a positive),
 * OK below it. Without a part, or without a usable score, the answer is 'no-part': never an OK.
 */
export function verdictOf(score: number | null, threshold: number, part: { found: boolean }): Verdict {
  if (!part.found || score === null || !Number.isFinite(score)) return 'no-part';
  return score >= threshold ? 'ng' : 'ok';
}
