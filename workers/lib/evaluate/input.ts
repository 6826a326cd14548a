/** Checks on what the evaluation is given: P(bad) scores, truths, defect types and thresholds. */

/** Evaluation input that cannot be scored: mismatched lengths, scores outside 0..1, bad options. */
export class EvaluationInputError extends Error {
  override name = 'EvaluationInputError';
}

/** Throws unless `scores` are P(bad) values in 0..1, one per entry of `isBad` (and of `defectTypes`). */
export function checkScores(
  scores: ArrayLike<number>,
  isBad: ArrayLike<boolean>,
  defectTypes?: ReadonlyArray<string | null>,
): void {
  if (scores.length !== isBad.length)
    throw new EvaluationInputError(
      `Got ${scores.length} scores for ${isBad.length} images; pass one P(bad) score per image.`,
    );
  if (defectTypes && defectTypes.length !== scores.length)
    throw new EvaluationInputError(
      `Got ${defectTypes.length} defect types for ${scores.length} images; pass one (or null) per image.`,
    );
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i]!;
    if (!(s >= 0 && s <= 1))
      throw new EvaluationInputError(
        `Score ${i} is ${s}; P(bad) scores must be numbers from 0 to 1. Check the model's output.`,
      );
  }
}

/** Throws unless `threshold` is a finite number (a P(bad) cut, usually 0..1). */
export function checkThreshold(threshold: number): void {
  if (!Number.isFinite(threshold))
    throw new EvaluationInputError(`The threshold is ${threshold}; give a number such as 0.5.`);
}

/** Throws unless `value` lies in [min, max] (closed unless `openMin`); `what` names it in the message. */
export function checkUnit(value: number, what: string, min = 0, max = 1, openMin = false): void {
  const ok = (openMin ? value > min : value >= min) && value <= max;
  if (!ok)
    throw new EvaluationInputError(
      `${what} is ${value}; it must be ${openMin ? 'above' : 'at least'} ${min} and at most ${max}.`,
    );
}
