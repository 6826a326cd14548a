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

/** The patch with the largest distance in a row-major map of `columns` columns: its row, column and value. */
export function hottestPatch(
  map: ArrayLike<number>,
  columns: number,
): { row: number; column: number; value: number } {
  let best = 0;
  for (let i = 1; i < map.length; i++) if (map[i]! > map[best]!) best = i;
  return { row: Math.floor(best / columns), column: best % columns, value: map[best] ?? -Infinity };
}

/** Finer cells per patch, each way, that fineHeat upsamples a map to: round blobs at any size shown. */
const HEAT_CELLS_PER_PATCH = 8;

/**
 * The map `factor` times finer each way (row-major, rows × factor by columns × factor), bilinear
 * between patch centres and flat beyond the outer ones: drawn as heat it makes smooth blobs where a
 * canvas stretching the patch grid leaves blocks.
 */
export function upsampleMap(
  map: ArrayLike<number>,
  rows: number,
  columns: number,
  factor: number,
): Float32Array {
  const height = rows * factor;
  const width = columns * factor;
  const out = new Float32Array(height * width);
  // Where a fine cell's centre falls on the patch grid, in patch units, kept between the outer centres.
  const at = (i: number, size: number) => Math.min(size - 1, Math.max(0, (i + 0.5) / factor - 0.5));
  for (let y = 0; y < height; y++) {
    const v = at(y, rows);
    const r0 = Math.floor(v);
    const r1 = Math.min(rows - 1, r0 + 1);
    const fy = v - r0;
    for (let x = 0; x < width; x++) {
      const u = at(x, columns);
      const c0 = Math.floor(u);
      const c1 = Math.min(columns - 1, c0 + 1);
      const fx = u - c0;
      const top = map[r0 * columns + c0]! * (1 - fx) + map[r0 * columns + c1]! * fx;
      const bottom = map[r1 * columns + c0]! * (1 - fx) + map[r1 * columns + c1]! * fx;
      out[y * width + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return out;
}

/**
 * A map of `rows` × `columns` patches as heat pixels, interpolated between patch centres before it is
 * coloured (the patches overlap in the crop), so the heat's edge follows the distance rather than the
 * patch grid. Drawn stretched over the crop, with smoothing.
 */
export function fineHeat(
  map: ArrayLike<number>,
  rows: number,
  columns: number,
  hot: number,
): { rgba: Uint8ClampedArray<ArrayBuffer>; width: number; height: number } {
  const fine = upsampleMap(map, rows, columns, HEAT_CELLS_PER_PATCH);
  return {
    rgba: heatRgba(fine, hot),
    width: columns * HEAT_CELLS_PER_PATCH,
    height: rows * HEAT_CELLS_PER_PATCH,
  };
}
