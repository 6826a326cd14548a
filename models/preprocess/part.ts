/** Finds the part in a grayscale image: Otsu threshold, polarity from the border, then moments. */

/** Where the part lies. */
export interface PartGeometry {
  /** centroid, pixels */
  cx: number;
  cy: number;
  /** angle of the long axis, radians, in (-π, π]; the heavier end points towards angle + π */
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
  const threshold = otsuThreshold(histogram256(gray));
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
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dark = gray[y * width + x]! <= threshold;
      if (dark !== partIsDark) continue;
      n++;
      sx += x;
      sy += y;
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
  if (n < 16 || n > 0.9 * width * height) return whole;
  const cx = sx / n;
  const cy = sy / n;
  let mxx = 0;
  let myy = 0;
  let mxy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
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
  const major = (mxx + myy) / 2 + Math.sqrt(((mxx - myy) / 2) ** 2 + mxy * mxy);
  // The third moment along the axis says which end carries more mass: turn the heavy end (a screw's head) to angle + π.
  const ux = Math.cos(angle);
  const uy = Math.sin(angle);
  let skew = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (gray[y * width + x]! <= threshold !== partIsDark) continue;
      const t = (x - cx) * ux + (y - cy) * uy;
      skew += t * t * t;
    }
  }
  if (skew > 0) angle += Math.PI;
  if (angle > Math.PI) angle -= 2 * Math.PI;
  return { cx, cy, angle, length: 4 * Math.sqrt(major), fraction: n / (width * height), otsuThreshold: threshold, found: true };
}
