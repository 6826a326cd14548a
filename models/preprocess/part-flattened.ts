/**
 * A second part search for scenes the global threshold cannot split: uneven light, a plate darker at one
 * side than the part at the other. It subtracts the plate's own slow shading (block medians, bilinear),
 * thresholds how far each pixel stands out from it, and measures that mask like the first search does.
 */

/** Moments of a mask: where it is, how it lies and how elongated it is. */
export interface MaskShape {
  n: number;
  cx: number;
  cy: number;
  angle: number;
  /** standard deviations along and across the long axis, pixels */
  major: number;
  minor: number;
  /** share of the image border the mask covers */
  borderShare: number;
}

/** Whether a mask looks like one screw lying in view: long and thin, clear of the border, not most of it. */
export function looksLikeOneScrew(shape: MaskShape, width: number, height: number): boolean {
  return (
    shape.n >= 16 &&
    shape.n <= 0.3 * width * height &&
    shape.minor > 0 &&
    shape.major / shape.minor >= 2 &&
    shape.borderShare <= 0.02
  );
}

/** Moments of the pixels `inMask` accepts. */
export function maskShape(width: number, height: number, inMask: (i: number) => boolean): MaskShape {
  let n = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (inMask(y * width + x)) {
        n++;
        sx += x;
        sy += y;
      }
  const cx = n ? sx / n : (width - 1) / 2;
  const cy = n ? sy / n : (height - 1) / 2;
  let mxx = 0;
  let myy = 0;
  let mxy = 0;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (inMask(y * width + x)) {
        mxx += (x - cx) ** 2;
        myy += (y - cy) ** 2;
        mxy += (x - cx) * (y - cy);
      }
  const d = Math.max(n, 1);
  [mxx, myy, mxy] = [mxx / d, myy / d, mxy / d];
  const spread = Math.sqrt(((mxx - myy) / 2) ** 2 + mxy * mxy);
  let border = 0;
  for (let x = 0; x < width; x++) border += +inMask(x) + +inMask((height - 1) * width + x);
  for (let y = 1; y < height - 1; y++) border += +inMask(y * width) + +inMask(y * width + width - 1);
  return {
    n,
    cx,
    cy,
    angle: 0.5 * Math.atan2(2 * mxy, mxx - myy),
    major: Math.sqrt(Math.max(0, (mxx + myy) / 2 + spread)),
    minor: Math.sqrt(Math.max(0, (mxx + myy) / 2 - spread)),
    borderShare: border / (2 * width + 2 * height - 4),
  };
}

/** The plate's slow shading: medians of blocks about a sixteenth of the frame, interpolated bilinearly. */
function plateShading(gray: ArrayLike<number>, width: number, height: number): Float32Array {
  const block = Math.max(8, Math.round(Math.min(width, height) / 16));
  const bx = Math.ceil(width / block);
  const by = Math.ceil(height / block);
  const medians = new Float32Array(bx * by);
  const bins = new Uint32Array(256);
  for (let j = 0; j < by; j++)
    for (let i = 0; i < bx; i++) {
      bins.fill(0);
      let count = 0;
      for (let y = j * block; y < Math.min(height, (j + 1) * block); y++)
        for (let x = i * block; x < Math.min(width, (i + 1) * block); x++, count++)
          bins[gray[y * width + x]! & 255]!++;
      let seen = 0;
      let v = 0;
      while (v < 255 && (seen += bins[v]!) * 2 < count) v++;
      medians[j * bx + i] = v;
    }
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max((y + 0.5) / block - 0.5, 0), by - 1);
    const j0 = Math.floor(fy);
    const j1 = Math.min(j0 + 1, by - 1);
    const wy = fy - j0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(Math.max((x + 0.5) / block - 0.5, 0), bx - 1);
      const i0 = Math.floor(fx);
      const i1 = Math.min(i0 + 1, bx - 1);
      const wx = fx - i0;
      const top = medians[j0 * bx + i0]! * (1 - wx) + medians[j0 * bx + i1]! * wx;
      const bottom = medians[j1 * bx + i0]! * (1 - wx) + medians[j1 * bx + i1]! * wx;
      out[y * width + x] = top * (1 - wy) + bottom * wy;
    }
  }
  return out;
}

/**
 * How far each pixel (3×3 mean, so sensor noise does not speckle the mask) stands out from the plate's
 * shading, 0..255, and the mask above the Otsu threshold of those distances.
 */
export function flattenedMask(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  otsu: (histogram: ArrayLike<number>) => number,
): Uint8Array {
  const shading = plateShading(gray, width, height);
  const deviation = new Uint8Array(width * height);
  const bins = new Uint32Array(256);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let count = 0;
      for (let v = Math.max(0, y - 1); v <= Math.min(height - 1, y + 1); v++)
        for (let u = Math.max(0, x - 1); u <= Math.min(width - 1, x + 1); u++, count++)
          sum += gray[v * width + u]!;
      const d = Math.min(255, Math.round(Math.abs(sum / count - shading[y * width + x]!)));
      deviation[y * width + x] = d;
      bins[d]!++;
    }
  const cut = otsu(bins);
  const mask = new Uint8Array(width * height);
  for (let i = 0; i < mask.length; i++) mask[i] = deviation[i]! > cut ? 1 : 0;
  return mask;
}

/** Whether the mask's wider end (a screw's head) lies towards +axis: mean width of the end fifths. */
export function maskWideEndIsPositive(mask: Uint8Array, width: number, shape: MaskShape): boolean {
  const BINS = 40;
  const ux = Math.cos(shape.angle);
  const uy = Math.sin(shape.angle);
  const half = shape.major * 2.4;
  const counts = new Float64Array(BINS);
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    const t = ((i % width) - shape.cx) * ux + (Math.floor(i / width) - shape.cy) * uy;
    const bin = Math.floor(((t + half) / (2 * half)) * BINS);
    if (bin >= 0 && bin < BINS) counts[bin]!++;
  }
  const first = counts.findIndex((c) => c > 0);
  const last = counts.findLastIndex((c) => c > 0);
  if (first < 0) return false;
  const k = Math.max(2, Math.round((last - first + 1) * 0.2));
  const mean = (from: number, to: number) => counts.slice(from, to).reduce((s, c) => s + c, 0) / (to - from);
  return mean(last - k + 1, last + 1) > mean(first, first + k);
}
