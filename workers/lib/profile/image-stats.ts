/**
 * Per-image statistics for the dataset profile, in two passes over the pixels and with at most one
 * extra gray buffer (width × height bytes): pass 1 makes gray and its histogram, pass 2 (after the Otsu
 * threshold is known) gathers the Laplacian, the object's moments, border contact and the dHash grid.
 */
import { DHashGrid } from '../image/dhash.ts';

/** Channel count of decoded 8-bit pixels: gray, RGB or RGBA (alpha is ignored). */
export type Channels = 1 | 3 | 4;

/** What the profile keeps about one decoded image; every field is a plain number, boolean or string. */
export interface ImageStats {
  /** Image width (pixels). */
  width: number;
  /** Image height (pixels). */
  height: number;
  /** true when every pixel's channels agree within 2 levels (always true for 1-channel input). */
  isGrayscale: boolean;
  /** Mean luma (0..255). */
  mean: number;
  /** Population standard deviation of luma (0..127.5), i.e. global contrast. */
  std: number;
  /** Variance of the 4-neighbour Laplacian over interior pixels (levels²); 0 for a flat image. */
  sharpness: number;
  /** Share (0..1) of pixels with luma ≤ 2. */
  clippedDark: number;
  /** Share (0..1) of pixels with luma ≥ 253. */
  clippedBright: number;
  /** Otsu threshold (0..255): luma ≤ threshold is the dark class. */
  otsuThreshold: number;
  /** Share (0..1) of pixels in the object class; 0 when the image has a single level. */
  foregroundFraction: number;
  /** true when the object is the dark class (luma ≤ otsuThreshold). */
  foregroundIsDark: boolean;
  /** Object's principal-axis angle (degrees, [0, 180)) in image coordinates: from +x towards +y (down), i.e. clockwise on screen. */
  orientationDeg: number;
  /** sqrt(λmax / λmin) of the object's second central moments (≥ 1; 1 = round). */
  elongation: number;
  /** Object centroid x as a share of the width (0..1); 0.5 without an object. */
  centroidX: number;
  /** Object centroid y as a share of the height (0..1); 0.5 without an object. */
  centroidY: number;
  /** 64-bit difference hash (dHash64 in lib/image/dhash.ts), 16 hex digits. */
  dhash: string;
}

/** Channels may differ by this many levels and still count as gray (JPEG chroma noise). */
const GRAY_TOLERANCE = 2;
/** Luma at or below this is clipped dark. */
const DARK_CLIP = 2;
/** Luma at or above this is clipped bright. */
const BRIGHT_CLIP = 253;
/** Border contact must differ by this share of the border before it decides object polarity. */
const BORDER_DECISIVE = 0.2;
/** Variance of a unit square (pixels²): treats pixels as areas, so one-pixel-thin objects stay finite. */
const PIXEL_AREA_VARIANCE = 1 / 12;

function checkSize(len: number, width: number, height: number, channels: number): void {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0)) {
    throw new RangeError(`image size must be positive integers, got ${width}×${height}`);
  }
  if (channels !== 1 && channels !== 3 && channels !== 4)
    throw new RangeError(`unsupported channels: ${channels}`);
  if (len < width * height * channels) {
    throw new RangeError(`${len} bytes cannot hold ${width}×${height}×${channels}`);
  }
}

/** Gray plus whether the source was gray; gray is a view (no copy) when the input is already 1-channel. */
function grayAndCheck(
  pixels: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  channels: Channels,
): { gray: Uint8Array; isGrayscale: boolean } {
  checkSize(pixels.length, width, height, channels);
  const n = width * height;
  if (channels === 1) return { gray: new Uint8Array(pixels.buffer, pixels.byteOffset, n), isGrayscale: true };
  const gray = new Uint8Array(n);
  let isGrayscale = true;
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p] ?? 0;
    const g = pixels[p + 1] ?? 0;
    const b = pixels[p + 2] ?? 0;
    // Rec.601 weights in 16-bit fixed point (they sum to 65536), so white stays 255 and engines agree.
    gray[i] = (19595 * r + 38470 * g + 7471 * b + 32768) >> 16;
    if (isGrayscale && Math.max(r, g, b) - Math.min(r, g, b) > GRAY_TOLERANCE) isGrayscale = false;
  }
  return { gray, isGrayscale };
}

/** Rec.601 luma (0..255) of 8-bit pixels; returns a view, not a copy, when `channels` is 1. */
export function toGray(
  pixels: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  channels: Channels,
): Uint8Array {
  return grayAndCheck(pixels, width, height, channels).gray;
}

/**
 * Otsu threshold from a 256-bin histogram, or -1 when the image has one level. Between-class variance
 * is often flat over a gap (a 0/255 image scores the same for every t in 0..254), so the middle of the
 * maximal run is taken rather than its first value.
 */
function otsu(hist: Float64Array, n: number): number {
  let total = 0;
  for (let v = 0; v < 256; v++) total += v * (hist[v] ?? 0);
  let w0 = 0;
  let sum0 = 0;
  let best = 0;
  let first = -1;
  let last = -1;
  for (let t = 0; t < 255; t++) {
    w0 += hist[t] ?? 0;
    sum0 += t * (hist[t] ?? 0);
    const w1 = n - w0;
    if (w0 === 0 || w1 === 0) continue;
    const d = sum0 / w0 - (total - sum0) / w1;
    const between = w0 * w1 * d * d;
    if (between > best * (1 + 1e-12)) {
      best = between;
      first = t;
      last = t;
    } else if (between >= best * (1 - 1e-12) && last === t - 1) {
      last = t;
    }
  }
  return first < 0 ? -1 : Math.floor((first + last) / 2);
}

/** Running first and second raw moments of a pixel set (pixel coordinates). */
interface Moments {
  n: number;
  sx: number;
  sy: number;
  sxx: number;
  syy: number;
  sxy: number;
}

/** Shape of a pixel set from raw moments; an empty set gives 0°, elongation 1 and a centred centroid. */
function shapeOf(
  m: Moments,
  width: number,
  height: number,
): Pick<ImageStats, 'orientationDeg' | 'elongation' | 'centroidX' | 'centroidY'> {
  if (m.n <= 0) return { orientationDeg: 0, elongation: 1, centroidX: 0.5, centroidY: 0.5 };
  const mx = m.sx / m.n;
  const my = m.sy / m.n;
  const mu20 = Math.max(0, m.sxx / m.n - mx * mx);
  const mu02 = Math.max(0, m.syy / m.n - my * my);
  const mu11 = m.sxy / m.n - mx * my;
  // Image coordinates (y down), matching the synthetic generator's angleDeg, so the two compare directly.
  let deg = (0.5 * Math.atan2(2 * mu11, mu20 - mu02) * 180) / Math.PI;
  if (deg < 0) deg += 180;
  if (deg >= 180) deg -= 180;
  const half = (mu20 + mu02) / 2;
  const root = Math.sqrt(((mu20 - mu02) / 2) ** 2 + mu11 * mu11);
  const l1 = half + root + PIXEL_AREA_VARIANCE;
  const l2 = Math.max(0, half - root) + PIXEL_AREA_VARIANCE;
  return {
    orientationDeg: deg,
    elongation: Math.max(1, Math.sqrt(l1 / l2)),
    // Pixel centres sit at x + 0.5, so a centred object reads exactly 0.5.
    centroidX: (mx + 0.5) / width,
    centroidY: (my + 0.5) / height,
  };
}

/**
 * Statistics of one 8-bit image (see ImageStats). Object polarity: Otsu splits luma into a dark and a
 * bright class; the object is the class with fewer border pixels, because a part under inspection sits
 * inside the frame while the background runs off its edges. When border contact is nearly even
 * (within 20% of the border, e.g. a texture) the object is the smaller class instead.
 */
export function imageStats(
  pixels: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  channels: Channels,
): ImageStats {
  const { gray, isGrayscale } = grayAndCheck(pixels, width, height, channels);
  const n = width * height;

  const hist = new Float64Array(256);
  for (let i = 0; i < n; i++) hist[gray[i] ?? 0]! += 1;
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * (hist[v] ?? 0);
  const mean = sum / n;
  let sq = 0;
  let dark = 0;
  let bright = 0;
  for (let v = 0; v < 256; v++) {
    const c = hist[v] ?? 0;
    sq += c * (v - mean) * (v - mean);
    if (v <= DARK_CLIP) dark += c;
    if (v >= BRIGHT_CLIP) bright += c;
  }
  const threshold = otsu(hist, n);

  // Pass 2. Moments of the dark class only: the bright class's follow from the full grid's closed forms.
  const d: Moments = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
  let darkBorder = 0;
  let lapSum = 0;
  let lapSq = 0;
  const grid = new DHashGrid(width, height);
  for (let y = 0; y < height; y++) {
    const off = y * width;
    let rn = 0;
    let rsx = 0;
    let rsxx = 0;
    for (let x = 0; x < width; x++) {
      if ((gray[off + x] ?? 0) <= threshold) {
        rn++;
        rsx += x;
        rsxx += x * x;
      }
    }
    d.n += rn;
    d.sx += rsx;
    d.sxx += rsxx;
    d.sy += y * rn;
    d.syy += y * y * rn;
    d.sxy += y * rsx;
    if (y === 0 || y === height - 1) darkBorder += rn;
    else if (width > 1) {
      darkBorder +=
        ((gray[off] ?? 0) <= threshold ? 1 : 0) + ((gray[off + width - 1] ?? 0) <= threshold ? 1 : 0);
    } else darkBorder += (gray[off] ?? 0) <= threshold ? 1 : 0;
    if (y > 0 && y < height - 1) {
      for (let x = 1; x < width - 1; x++) {
        const i = off + x;
        const lap =
          4 * (gray[i] ?? 0) -
          (gray[i - 1] ?? 0) -
          (gray[i + 1] ?? 0) -
          (gray[i - width] ?? 0) -
          (gray[i + width] ?? 0);
        lapSum += lap;
        lapSq += lap * lap;
      }
    }
    grid.addRow(gray, y);
  }

  const interior = Math.max(0, width - 2) * Math.max(0, height - 2);
  const lapMean = interior > 0 ? lapSum / interior : 0;
  const sharpness = interior > 0 ? Math.max(0, lapSq / interior - lapMean * lapMean) : 0;

  let foregroundIsDark = false;
  let fg: Moments = { n: 0, sx: 0, sy: 0, sxx: 0, syy: 0, sxy: 0 };
  if (threshold >= 0) {
    const borderTotal = width === 1 || height === 1 ? n : 2 * (width + height) - 4;
    const brightBorder = borderTotal - darkBorder;
    const decisive = Math.abs(darkBorder - brightBorder) > BORDER_DECISIVE * borderTotal;
    foregroundIsDark = decisive ? darkBorder < brightBorder : d.n <= n - d.n;
    if (foregroundIsDark) fg = d;
    else {
      const sX = (width * (width - 1)) / 2;
      const sY = (height * (height - 1)) / 2;
      const sXX = ((width - 1) * width * (2 * width - 1)) / 6;
      const sYY = ((height - 1) * height * (2 * height - 1)) / 6;
      fg = {
        n: n - d.n,
        sx: height * sX - d.sx,
        sy: width * sY - d.sy,
        sxx: height * sXX - d.sxx,
        syy: width * sYY - d.syy,
        sxy: sX * sY - d.sxy,
      };
    }
  }

  return {
    width,
    height,
    isGrayscale,
    mean,
    std: Math.sqrt(sq / n),
    sharpness,
    clippedDark: dark / n,
    clippedBright: bright / n,
    otsuThreshold: threshold >= 0 ? threshold : Math.round(mean),
    foregroundFraction: fg.n / n,
    foregroundIsDark,
    ...shapeOf(fg, width, height),
    dhash: grid.hex(),
  };
}
