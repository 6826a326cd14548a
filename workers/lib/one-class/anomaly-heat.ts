/**
 * Colours of a one-class model's anomaly map, drawn over the crop it scored: in the Evaluate gallery
 * and on the station. No tfjs here: the page imports it.
 */

/** Strongest opacity of the heat (0..1): the crop stays visible under the hottest patch. */
const MAX_ALPHA = 0.7;
/** Share of the flagging score below which a patch stays clear: every patch differs a little from the bank. */
const CLEAR_BELOW = 0.5;

/** The anomaly score (squared patch distance) at P(bad) `threshold` under the model's calibration. */
export function scoreAtThreshold(threshold: number, calibration: { center: number; scale: number }): number {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, threshold));
  return Math.max(1e-9, calibration.center + calibration.scale * Math.log(p / (1 - p)));
}

/**
 * RGBA pixels of the map (one per patch): clear below half of `hot` (the score that flags an image),
 * then from faint yellow to the strongest red where a patch alone reaches it.
 */
export function heatRgba(map: ArrayLike<number>, hot: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(map.length * 4);
  for (let i = 0; i < map.length; i++) {
    const t = Math.min(1, Math.max(0, (map[i]! / hot - CLEAR_BELOW) / (1 - CLEAR_BELOW)));
    out[i * 4] = 255;
    out[i * 4 + 1] = Math.round(220 * (1 - t));
    out[i * 4 + 2] = 0;
    out[i * 4 + 3] = Math.round(255 * MAX_ALPHA * t);
  }
  return out;
}

/** RGBA pixels of a gray crop. */
export function grayRgba(gray: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(gray.length * 4);
  for (let i = 0; i < gray.length; i++) {
    out[i * 4] = out[i * 4 + 1] = out[i * 4 + 2] = gray[i]!;
    out[i * 4 + 3] = 255;
  }
  return out;
}
