/** Classification metrics computed from scores, for evaluation, the registry and monitoring. */

/** Area under the ROC curve of `scores` for the positives in `positive` (ties count half). */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    // Tied scores share the average of their ranks (1-based).
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++)
      if (positive[order[k]!]) {
        positives++;
        rankSum += rank;
      }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (!positives || !negatives) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Confusion matrix: rows true class, columns predicted class. */
export function confusion(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  classes: number,
): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]!]![predicted[i]!]!++;
  return matrix;
}

/** Share of `groups` entries predicted positive, per group key (e.g. recall per defect type). */
export function recallByGroup(
  groups: ReadonlyArray<string | null>,
  predictedPositive: ArrayLike<boolean>,
): Record<string, number> {
  const hits = new Map<string, { n: number; hit: number }>();
  groups.forEach((group, i) => {
    if (group === null) return;
    const entry = hits.get(group) ?? { n: 0, hit: 0 };
    entry.n++;
    if (predictedPositive[i]) entry.hit++;
    hits.set(group, entry);
  });
  return Object.fromEntries(
    [...hits].sort(([a], [b]) => a.localeCompare(b)).map(([g, { n, hit }]) => [g, hit / n]),
  );
}

const logit = (p: number) => Math.log(Math.max(p, 1e-7) / Math.max(1 - p, 1e-7));

/**
 * The decision threshold on a positive-class probability that maximises balanced accuracy (mean of
 * recall and specificity) on held-out scores: an inspection must not trade missed defects for the
 * many good parts. Among equally good cuts the middle one is taken, and the threshold lies halfway
 * (in log-odds) between the two scores beside it, as far from both classes as the data allow.
 * Without both classes there is nothing to choose from, and the threshold is `fallback`.
 */
export function operatingThreshold(
  scores: ArrayLike<number>,
  positive: ArrayLike<boolean>,
  fallback = 0.5,
): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  for (const i of order) if (positive[i]) positives++;
  const negatives = order.length - positives;
  if (!positives || !negatives) return fallback;
  // Cut c puts order[0..c-1] below the threshold (negative) and the rest above; only cuts between different scores count.
  let belowNeg = 0;
  let belowPos = 0;
  let best = -Infinity;
  let cuts: number[] = [];
  for (let c = 0; c <= order.length; c++) {
    if (c > 0) {
      if (positive[order[c - 1]!]) belowPos++;
      else belowNeg++;
    }
    if (c > 0 && c < order.length && scores[order[c]!] === scores[order[c - 1]!]) continue;
    const balanced = (belowNeg / negatives + (positives - belowPos) / positives) / 2;
    if (balanced > best + 1e-12) {
      best = balanced;
      cuts = [c];
    } else if (Math.abs(balanced - best) <= 1e-12) cuts.push(c);
  }
  const cut = cuts[Math.floor((cuts.length - 1) / 2)]!;
  const low = cut > 0 ? logit(scores[order[cut - 1]!]!) : logit(scores[order[0]!]!) - 1;
  const high =
    cut < order.length ? logit(scores[order[cut]!]!) : logit(scores[order[order.length - 1]!]!) + 1;
  return 1 / (1 + Math.exp(-(low + high) / 2));
}
