/** Operating thresholds of a one-class model, chosen on anomaly scores of held-out images. */

/** The score threshold that rejects at most `rate` of these good scores (an image is flagged when score ≥ threshold). */
export function thresholdAtFalseRejectRate(goodScores: readonly number[], rate: number): number {
  if (!goodScores.length) throw new Error('A threshold needs the scores of at least one good image.');
  const sorted = [...goodScores].sort((a, b) => b - a);
  const allowed = Math.min(sorted.length - 1, Math.floor(rate * sorted.length + 1e-9));
  // Just above the highest good score that must pass, so exactly `allowed` good scores are flagged.
  const kept = sorted[allowed]!;
  const above = allowed > 0 ? sorted[allowed - 1]! : Infinity;
  const nudged = kept + Math.max(Math.abs(kept) * 1e-6, 1e-9);
  return Number.isFinite(above) && above > kept ? Math.min(nudged, (kept + above) / 2) : nudged;
}

/** With some defective scores too: the threshold keeping FRR ≤ target that catches the most defects. */
export function refineThreshold(
  goodScores: readonly number[],
  badScores: readonly number[],
  rate: number,
): number {
  const limit = thresholdAtFalseRejectRate(goodScores, rate);
  const passed = goodScores.filter((s) => s < limit);
  const highestPassed = passed.length ? Math.max(...passed) : -Infinity;
  // Defects scored between the highest passing good image and the limit are caught by lowering it to their
  // middle; lower than that would flag another good image.
  const missed = badScores.filter((s) => s > highestPassed && s < limit);
  if (!missed.length || !Number.isFinite(highestPassed)) return limit;
  return (highestPassed + Math.min(...missed)) / 2;
}
