/**
 * Finds the part in a grayscale image: Otsu threshold, polarity from the border, then moments; when that
 * mask is no screw (uneven light), a second search on the flattened plate (part-flattened.ts).
 */
import { flattenedMask, maskShape, maskWideEndIsPositive, looksLikeOneScrew } from './part-flattened.ts';

/** Where the part lies. */
export interface PartGeometry {
  /** centroid, pixels */
  cx: number;
  cy: number;
  /** angle of the long axis, radians, in (-π, π]; the wider end (a screw's head) points towards angle + π */
  angle: number;
  /** length along the long axis (4 standard deviations), pixels */
  length: number;
  /** share 0..1 of the image the part covers */
  fraction: number;
  otsuThreshold: number;
  /** false when no part stands out (uniform image); the geometry then is the whole frame */
  found: boolean;
}

/** Otsu's threshold of a 256-bin histogram: the level that maximises between-class variance. */
export function otsuThreshold(histogram: ArrayLike<number>): number {
  let total = 0;
  let sum = 0;
  for (let i = 0; i < 256; i++) {
    total += histogram[i]!;
    sum += i * histogram[i]!;
  }
  let weightBelow = 0;
  let sumBelow = 0;
  let best = 0;
  let bestVariance = -1;
  for (let t = 0; t < 256; t++) {
    weightBelow += histogram[t]!;
    if (weightBelow === 0) continue;
    const weightAbove = total - weightBelow;
    if (weightAbove === 0) break;
    sumBelow += t * histogram[t]!;
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sum - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return best;
}

/** 256-bin histogram of 8-bit pixels. */
export function histogram256(gray: ArrayLike<number>): Uint32Array {
  const bins = new Uint32Array(256);
  for (let i = 0; i < gray.length; i++) bins[gray[i]! & 255]!++;
  return bins;
}

/**
 * Locates the part. The part is whichever side of the Otsu threshold touches the image border
 * less, so a dark screw on a bright plate and a bright part on a dark belt both work.
 */
export function findPart(gray: ArrayLike<number>, width: number, height: number): PartGeometry {
  const bins = histogram256(gray);
  const threshold = otsuThreshold(bins);
  let borderDark = 0;
  let borderCount = 0;
  const countBorder = (i: number) => {
    borderCount++;
    if (gray[i]! <= threshold) borderDark++;
  };
  for (let x = 0; x < width; x++) {
    countBorder(x);
    countBorder((height - 1) * width + x);
  }
  for (let y = 1; y < height - 1; y++) {
    countBorder(y * width);
    countBorder(y * width + width - 1);
  }
  const partIsDark = borderDark < borderCount / 2;
  let n = 0;
  let sx = 0;
  let sy = 0;
  // The part's bounding box: the moments below only need to visit it (a camera frame is mostly plate).
  let x0 = width;
  let x1 = -1;
  let y0 = height;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const dark = gray[row + x]! <= threshold;
      if (dark !== partIsDark) continue;
      n++;
      sx += x;
      sy += y;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      y1 = y;
      if (y < y0) y0 = y;
    }
  }
  const whole: PartGeometry = {
    cx: (width - 1) / 2,
    cy: (height - 1) / 2,
    angle: 0,
    length: Math.max(width, height) / 1.15,
    fraction: 0,
    otsuThreshold: threshold,
    found: false,
  };
  if (n < 16 || n > 0.9 * width * height) return flattenedSearch(gray, width, height, threshold) ?? whole;
  const cx = sx / n;
  const cy = sy / n;
  let mxx = 0;
  let myy = 0;
  let mxy = 0;
  // Same pixels in the same order as a pass over the whole image: the sums come out bit for bit equal.
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (gray[y * width + x]! <= threshold !== partIsDark) continue;
      const dx = x - cx;
      const dy = y - cy;
      mxx += dx * dx;
      myy += dy * dy;
      mxy += dx * dy;
    }
  }
  mxx /= n;
  myy /= n;
  mxy /= n;
  let angle = 0.5 * Math.atan2(2 * mxy, mxx - myy);
  const spread = Math.sqrt(((mxx - myy) / 2) ** 2 + mxy * mxy);
  const major = (mxx + myy) / 2 + spread;
  const length = 4 * Math.sqrt(major);
  const shape = {
    n,
    cx,
    cy,
    angle,
    major: Math.sqrt(major),
    minor: Math.sqrt(Math.max(0, (mxx + myy) / 2 - spread)),
    borderShare: 0,
  };
  shape.borderShare = borderShare(gray, width, height, (v) => v <= threshold === partIsDark);
  // A mask that is no screw (uneven light split the plate itself) gets a second search on the flattened plate.
  if (!looksLikeOneScrew(shape, width, height)) {
    const second = flattenedSearch(gray, width, height, threshold);
    if (second) return second;
  }
  if (wideEndIsPositive(gray, width, height, bins, { cx, cy, angle, length })) angle += Math.PI;
  if (angle > Math.PI) angle -= 2 * Math.PI;
  return { cx, cy, angle, length, fraction: n / (width * height), otsuThreshold: threshold, found: true };
}

/** Share of the image border whose pixels `inMask` accepts. */
function borderShare(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  inMask: (v: number) => boolean,
): number {
  let count = 0;
  for (let x = 0; x < width; x++) count += +inMask(gray[x]!) + +inMask(gray[(height - 1) * width + x]!);
  for (let y = 1; y < height - 1; y++)
    count += +inMask(gray[y * width]!) + +inMask(gray[y * width + width - 1]!);
  return count / (2 * width + 2 * height - 4);
}

/** The part as the flattened-plate search finds it, or null when that finds no screw-like part either. */
function flattenedSearch(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  threshold: number,
): PartGeometry | null {
  const mask = flattenedMask(gray, width, height, otsuThreshold);
  const shape = maskShape(width, height, (i) => mask[i] === 1);
  if (!looksLikeOneScrew(shape, width, height)) return null;
  let angle = shape.angle + (maskWideEndIsPositive(mask, width, shape) ? Math.PI : 0);
  if (angle > Math.PI) angle -= 2 * Math.PI;
  return {
    cx: shape.cx,
    cy: shape.cy,
    angle,
    length: 4 * shape.major,
    fraction: shape.n / (width * height),
    otsuThreshold: threshold,
    found: true,
  };
}

/** Slices along the axis for the width profile. */
const PROFILE_BINS = 40;
/** Share of the occupied length, at each end, whose mean width is compared. */
const END_SHARE = 0.2;

/**
 * Says whether the wider end of the part lies towards +axis. The Otsu mask alone cannot tell: a
 * polished head can be as bright as the plate and drop out of it. So this counts every pixel that
 * stands out from the background in either direction (its distance from the image median above an
 * Otsu threshold of those distances), measures the part's width in slices along the axis, and
 * compares the two ends.
 */
function wideEndIsPositive(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  bins: Uint32Array,
  axis: { cx: number; cy: number; angle: number; length: number },
): boolean {
  let seen = 0;
  let background = 0;
  while (background < 255 && (seen += bins[background]!) * 2 < gray.length) background++;
  // The distances' histogram follows from the pixels' histogram: no pass over the image.
  const deviations = new Uint32Array(256);
  for (let v = 0; v < 256; v++) deviations[Math.abs(v - background)]! += bins[v]!;
  const cut = otsuThreshold(deviations);
  const ux = Math.cos(axis.angle);
  const uy = Math.sin(axis.angle);
  const half = axis.length * 0.6;
  const low = new Float64Array(PROFILE_BINS).fill(Infinity);
  const high = new Float64Array(PROFILE_BINS).fill(-Infinity);
  // Only pixels within half a profile's length along the axis and a quarter length across it count,
  // so only the box around that disc (radius 0.65 length, plus a pixel for rounding) is visited.
  const reach = Math.hypot(half, axis.length * 0.25) + 2;
  const xFrom = Math.max(0, Math.floor(axis.cx - reach));
  const xTo = Math.min(width - 1, Math.ceil(axis.cx + reach));
  const yFrom = Math.max(0, Math.floor(axis.cy - reach));
  const yTo = Math.min(height - 1, Math.ceil(axis.cy + reach));
  for (let y = yFrom; y <= yTo; y++) {
    for (let x = xFrom; x <= xTo; x++) {
      if (Math.abs(gray[y * width + x]! - background) <= cut) continue;
      const t = (x - axis.cx) * ux + (y - axis.cy) * uy;
      const s = (y - axis.cy) * ux - (x - axis.cx) * uy;
      if (Math.abs(s) > axis.length * 0.25) continue;
      const bin = Math.floor(((t + half) / (2 * half)) * PROFILE_BINS);
      if (bin < 0 || bin >= PROFILE_BINS) continue;
      low[bin] = Math.min(low[bin]!, s);
      high[bin] = Math.max(high[bin]!, s);
    }
  }
  const widths = Array.from(low, (lo, i) => (high[i]! >= lo ? high[i]! - lo : 0));
  const first = widths.findIndex((w) => w > 0);
  const last = widths.findLastIndex((w) => w > 0);
  if (first < 0) return false;
  const k = Math.max(2, Math.round((last - first + 1) * END_SHARE));
  const mean = (from: number, to: number) =>
    widths.slice(from, to).reduce((sum, w) => sum + w, 0) / (to - from);
  return mean(last - k + 1, last + 1) > mean(first, first + k);
}
