/** Student's t distribution for whole degrees of freedom: its CDF and two-sided quantiles. */

/**
 * P(|T| ≤ t) for T with `df` (a whole number ≥ 1) degrees of freedom, by the closed-form series in
 * θ = atan(t/√df) (Abramowitz & Stegun 26.7.3–4): exact up to rounding, no special functions needed.
 */
export function studentTCentral(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1)
    throw new RangeError(`Degrees of freedom must be a whole number ≥ 1, got ${df}.`);
  if (!Number.isFinite(t)) return 1;
  const theta = Math.atan(Math.abs(t) / Math.sqrt(df));
  const c2 = Math.cos(theta) ** 2;
  const s = Math.sin(theta);
  if (df % 2 === 0) {
    // sinθ (1 + ½cos²θ + (1·3)/(2·4)cos⁴θ + … up to cos^(df−2)θ)
    let term = 1;
    let sum = 1;
    for (let j = 2; j <= df - 2; j += 2) {
      term *= ((j - 1) / j) * c2;
      sum += term;
    }
    return s * sum;
  }
  if (df === 1) return (2 * theta) / Math.PI;
  // (2/π)(θ + sinθ cosθ (1 + (2/3)cos²θ + (2·4)/(3·5)cos⁴θ + … up to cos^(df−3)θ))
  let term = 1;
  let sum = 1;
  for (let j = 3; j <= df - 2; j += 2) {
    term *= ((j - 1) / j) * c2;
    sum += term;
  }
  return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
}

/**
 * The t with P(|T| ≤ t) = `confidence` (0..1, e.g. 0.95 gives the 97.5 % quantile) for `df` degrees of
 * freedom, by bisection on the CDF to 1e-10.
 */
export function studentTQuantile(confidence: number, df: number): number {
  if (!(confidence > 0 && confidence < 1))
    throw new RangeError(`Confidence must be in (0, 1), got ${confidence}.`);
  let lo = 0;
  let hi = 1;
  while (studentTCentral(hi, df) < confidence) hi *= 2;
  while (hi - lo > 1e-10 * Math.max(1, hi)) {
    const mid = (lo + hi) / 2;
    if (studentTCentral(mid, df) < confidence) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
