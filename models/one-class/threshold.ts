/**
 * Operating thresholds on one-class anomaly scores. A part is rejected when its score is at or above
 * the threshold (as every verdict in ScrewOps reads `score >= threshold`). With good parts only, the
 * one thing that can be set is how many of them are rejected: the false-reject rate.
 */

function checkRate(rate: number): void {
  if (!(rate >= 0 && rate < 1))
    throw new RangeError(`The target false-reject rate must be from 0 up to (not including) 1; got ${rate}.`);
}

function checkScores(scores: readonly number[], what: string): void {
  if (scores.some((s) => !Number.isFinite(s)))
    throw new RangeError(`Every ${what} score must be a finite number; one is not.`);
}

/** The highest good score that may stay accepted at `rate`, or null when none needs to be. */
function highestAccepted(sorted: readonly number[], rate: number): number | null {
  const allowed = Math.floor(rate * sorted.length + 1e-9);
  const index = sorted.length - allowed - 1;
  return index >= 0 ? sorted[index]! : null;
}

/** The smallest float32-safe step above `x`, so that `x` itself stays below the threshold. */
const justAbove = (x: number) => x + Math.max(Math.abs(x), 1) * 1e-6;

/**
 * The score threshold that rejects at most `rate` (0..1) of these good scores: halfway between the
 * highest good score it accepts and the next higher one (just above the highest when none may be
 * rejected), so it lies as far from both as the data allow.
 */
export function thresholdAtFalseRejectRate(goodScores: readonly number[], rate: number): number {
  checkRate(rate);
  checkScores(goodScores, 'good');
  if (goodScores.length === 0)
    throw new RangeError('A threshold at a false-reject rate needs at least one good score.');
  const sorted = [...goodScores].sort((a, b) => a - b);
  const accepted = highestAccepted(sorted, rate);
  if (accepted === null) return sorted[0]!;
  const above = sorted.find((s) => s > accepted);
  return above === undefined ? justAbove(accepted) : (accepted + above) / 2;
}

/**
 * With some defective scores too: the threshold keeping the false-reject rate on `goodScores` at most
 * `rate` that catches the most defects. Every threshold above the highest accepted good score keeps
 * the rate; of those, the one halfway between that score and the lowest defect above it catches every
 * defect any of them can, with the widest margin on both sides. Without such a defect it is
 * `thresholdAtFalseRejectRate`.
 */
export function refineThreshold(
  goodScores: readonly number[],
  badScores: readonly number[],
  rate: number,
): number {
  const fallback = thresholdAtFalseRejectRate(goodScores, rate);
  checkScores(badScores, 'defective');
  const accepted = highestAccepted(
    [...goodScores].sort((a, b) => a - b),
    rate,
  );
  if (accepted === null) return fallback;
  const caught = badScores.filter((s) => s > accepted);
  if (caught.length === 0) return fallback;
  return (accepted + Math.min(...caught)) / 2;
}
