/** Number formatting shared by the Evaluate and Registry screens. */

/** A 0..1 value as a percentage with one decimal, or a dash when unknown. */
export function pct(value: number | null | undefined): string {
  return value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`;
}

/** A 95 % interval as "lower – upper" percentages. */
export function interval(p: { lower: number; upper: number }): string {
  return `${(p.lower * 100).toFixed(1)}–${(p.upper * 100).toFixed(1)} %`;
}

/** A byte count in kB or MB. */
export function bytes(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} MB` : `${(n / 1e3).toFixed(1)} kB`;
}

/** A timestamp (ms since epoch) as local date and time, to the minute. */
export function when(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

/** Distance of a P(bad) score from the threshold in log-odds; scores near 0 or 1 are clamped. */
export function logitDistance(score: number, threshold: number): number {
  const logit = (p: number) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
    return Math.log(q / (1 - q));
  };
  return Math.abs(logit(score) - logit(threshold));
}
