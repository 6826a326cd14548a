/**
 * The golden-template baseline of classic machine vision: the canonical crops of good parts line up
 * (same position, rotation and scale), so each pixel has a normal range, and a defect is a patch of
 * pixels far outside theirs. Pure arrays: no tfjs.
 */

/** Per-pixel statistics of aligned good crops, row-major `height` × `width`. */
export interface GoldenTemplate {
  width: number;
  height: number;
  mean: Float32Array;
  /** per-pixel standard deviation plus `stdFloor`, so a pixel that never varied does not divide by zero */
  spread: Float32Array;
  /** side of the square box the |z| map is averaged over, pixels (odd) */
  smooth: number;
}

/** Options of `fitGoldenTemplate`. */
export interface GoldenTemplateOptions {
  /** added to every pixel's standard deviation, in standardised-pixel units */
  stdFloor?: number;
  /** side of the smoothing box, pixels (odd): a defect covers several pixels, noise one */
  smooth?: number;
}

/** Default floor on a pixel's spread, standardised units: the background's noise is about this. */
export const GOLDEN_STD_FLOOR = 0.1;
/** Default smoothing box side, pixels. */
export const GOLDEN_SMOOTH = 3;

/** Fits the template: per-pixel mean and standard deviation of the aligned standardised crops. */
export function fitGoldenTemplate(
  crops: readonly Float32Array[],
  width: number,
  height: number,
  { stdFloor = GOLDEN_STD_FLOOR, smooth = GOLDEN_SMOOTH }: GoldenTemplateOptions = {},
): GoldenTemplate {
  const size = width * height;
  if (crops.length < 2)
    throw new RangeError(
      `A golden template needs at least two good crops to measure spread; got ${crops.length}.`,
    );
  crops.forEach((crop, i) => {
    if (crop.length !== size)
      throw new RangeError(
        `Crop ${i} holds ${crop.length} pixels; ${width} × ${height} = ${size} were expected.`,
      );
  });
  if (!(smooth >= 1 && smooth % 2 === 1))
    throw new RangeError(`The smoothing box side must be an odd number of pixels; got ${smooth}.`);
  const mean = new Float32Array(size);
  const spread = new Float32Array(size);
  for (let p = 0; p < size; p++) {
    let sum = 0;
    for (const crop of crops) sum += crop[p]!;
    const m = sum / crops.length;
    let variance = 0;
    for (const crop of crops) variance += (crop[p]! - m) ** 2;
    mean[p] = m;
    spread[p] = Math.sqrt(variance / (crops.length - 1)) + stdFloor;
  }
  return { width, height, mean, spread, smooth };
}

/** Mean of `map` over a `side` × `side` box around each pixel (the box clipped at the edges). */
function boxMean(map: Float32Array, width: number, height: number, side: number): Float32Array {
  const r = (side - 1) / 2;
  const rows = new Float32Array(map.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      const from = Math.max(0, x - r);
      const to = Math.min(width - 1, x + r);
      for (let i = from; i <= to; i++) sum += map[y * width + i]!;
      rows[y * width + x] = sum / (to - from + 1);
    }
  const out = new Float32Array(map.length);
  for (let y = 0; y < height; y++) {
    const from = Math.max(0, y - r);
    const to = Math.min(height - 1, y + r);
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let j = from; j <= to; j++) sum += rows[j * width + x]!;
      out[y * width + x] = sum / (to - from + 1);
    }
  }
  return out;
}

/** A crop's anomaly map (the smoothed |z| of every pixel against the template) and its score, the map's max. */
export function goldenTemplateScore(
  t: GoldenTemplate,
  crop: Float32Array,
): { score: number; map: Float32Array } {
  if (crop.length !== t.width * t.height)
    throw new RangeError(
      `The crop holds ${crop.length} pixels; the template is ${t.width} × ${t.height} = ${t.width * t.height}.`,
    );
  const z = new Float32Array(crop.length);
  for (let p = 0; p < crop.length; p++) z[p] = Math.abs(crop[p]! - t.mean[p]!) / t.spread[p]!;
  const map = boxMean(z, t.width, t.height, t.smooth);
  let score = 0;
  for (const v of map) if (v > score) score = v;
  return { score, map };
}
