/** Classification metrics computed from scores, for evaluation, the registry and monitoring. */

/** Area under the ROC curve of `scores` for the positives in `positive` (ties count half). */
export function auroc(scores: ArrayLike<number>, positive: ArrayLike<boolean>): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    // Tied scores share the average of their ranks (1-based).
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) if (positive[order[k]!]) {
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
export function confusion(truth: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (let i = 0; i < truth.length; i++) matrix[truth[i]!]![predicted[i]!]!++;
  return matrix;
}

/** Share of `groups` entries predicted positive, per group key (e.g. recall per defect type). */
export function recallByGroup(groups: ReadonlyArray<string | null>, predictedPositive: ArrayLike<boolean>): Record<string, number> {
  const hits = new Map<string, { n: number; hit: number }>();
  groups.forEach((group, i) => {
    if (group === null) return;
    const entry = hits.get(group) ?? { n: 0, hit: 0 };
    entry.n++;
    if (predictedPositive[i]) entry.hit++;
    hits.set(group, entry);
  });
  return Object.fromEntries([...hits].sort(([a], [b]) => a.localeCompare(b)).map(([g, { n, hit }]) => [g, hit / n]));
}
