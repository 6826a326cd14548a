/**
 * The styled camera: tints metal and plate, lets the light fall off across the
 * frame, defocuses, adds sensor noise, quantises to bytes (grey or RGB) and
 * finally compresses like a JPEG. The demo path uses post.ts instead.
 */
import type { Rng } from '../rng.ts';
import { cos, sin } from './detmath.ts';
import { jpegArtefacts } from './jpeg.ts';
import type { Look } from './look.ts';
import type { Rgb } from './style-types.ts';

const luminance = (c: Rgb): number => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];

/** One in-place box blur of radius r px (edges clamp), by running sums over rows and then columns. */
function boxPass(img: Float32Array, w: number, h: number, r: number): void {
  const norm = 1 / (2 * r + 1);
  const row = new Float32Array(w);
  for (let y = 0; y < h; y++) {
    const o = y * w;
    let acc = 0;
    for (let k = -r; k <= r; k++) acc += img[o + Math.min(w - 1, Math.max(0, k))] as number;
    for (let x = 0; x < w; x++) {
      row[x] = acc * norm;
      acc += (img[o + Math.min(w - 1, x + r + 1)] as number) - (img[o + Math.max(0, x - r)] as number);
    }
    img.set(row, o);
  }
  // Columns: one running sum per column, walked row by row so memory is read in order.
  const src = img.slice();
  const acc = new Float64Array(w);
  for (let k = -r; k <= r; k++) {
    const o = Math.min(h - 1, Math.max(0, k)) * w;
    for (let x = 0; x < w; x++) acc[x] = (acc[x] as number) + (src[o + x] as number);
  }
  for (let y = 0; y < h; y++) {
    const add = Math.min(h - 1, y + r + 1) * w;
    const sub = Math.max(0, y - r) * w;
    for (let x = 0; x < w; x++) {
      img[y * w + x] = (acc[x] as number) * norm;
      acc[x] = (acc[x] as number) + (src[add + x] as number) - (src[sub + x] as number);
    }
  }
}

/**
 * In-place Gaussian blur of σ px: three box passes carry the bulk of a wide blur, then
 * repeated [a, 1-2a, a] passes (each adds variance 2a ≤ 0.5) the exact remainder.
 */
export function gaussBlur(img: Float32Array, w: number, h: number, sigma: number): void {
  let variance = sigma * sigma;
  // Three box passes of radius r add variance r(r+1).
  const r = Math.floor((Math.sqrt(1 + 4 * variance) - 1) / 2);
  if (r >= 2) {
    for (let p = 0; p < 3; p++) boxPass(img, w, h, r);
    variance -= r * (r + 1);
  }
  if (variance < 0.05) return;
  const passes = Math.ceil(variance / 0.5);
  const a = variance / (2 * passes);
  const line = new Float32Array(w);
  let prev = new Float32Array(w);
  let cur = new Float32Array(w);
  for (let p = 0; p < passes; p++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const l = img[y * w + Math.max(0, x - 1)] as number;
        const r = img[y * w + Math.min(w - 1, x + 1)] as number;
        line[x] = (img[y * w + x] as number) * (1 - 2 * a) + a * (l + r);
      }
      img.set(line, y * w);
    }
    // Vertical pass row by row (cache-friendly), keeping the unblurred row above.
    prev.set(img.subarray(0, w));
    for (let y = 0; y < h; y++) {
      cur.set(img.subarray(y * w, (y + 1) * w));
      const below = Math.min(h - 1, y + 1) * w;
      for (let x = 0; x < w; x++) {
        img[y * w + x] =
          (cur[x] as number) * (1 - 2 * a) + a * ((prev[x] as number) + (img[below + x] as number));
      }
      [prev, cur] = [cur, prev];
    }
  }
}

/**
 * Turns the scene (`img`: everything, `metal`: the screw's share of it, both 0..1)
 * into bytes: one per pixel, or three (RGB, interleaved) for colour looks.
 */
export function developPhoto(
  img: Float32Array,
  metal: Float32Array,
  w: number,
  h: number,
  look: Look,
  contrast: number,
  brightness: number,
  rng: Rng,
): Uint8Array<ArrayBuffer> {
  const channels = look.colour ? 3 : 1;
  const tint = look.material.tint;
  const plate = look.plateTint;
  const unit = Math.min(w, h);
  const fc = cos(look.falloffAngle) / (0.6 * unit);
  const fs = sin(look.falloffAngle) / (0.6 * unit);
  const planes: Float32Array[] = [];
  for (let c = 0; c < channels; c++) {
    const mt = channels === 3 ? (tint[c] as number) : luminance(tint);
    const pt = channels === 3 ? (plate[c] as number) : luminance(plate);
    const p = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const m = metal[i] as number;
        let t = (x + 0.5 - w / 2) * fc + (y + 0.5 - h / 2) * fs;
        t = t < -1.2 ? -1.2 : t > 1.2 ? 1.2 : t;
        // A lamp off to one side: brighter towards it, falling off faster away from it.
        const gain = 1 + look.falloff * (0.5 * t - 0.25 * t * t);
        p[i] = (m * mt + ((img[i] as number) - m) * pt) * gain;
      }
    }
    gaussBlur(p, w, h, look.blurSigma * (unit / 256));
    planes.push(p);
  }
  const out = new Uint8Array(w * h * channels);
  const k = look.noiseSd * Math.sqrt(3);
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < channels; c++) {
      const n = (rng.next() + rng.next() + rng.next() + rng.next() - 2) * k;
      const v = (((planes[c] as Float32Array)[i] as number) - 0.5) * contrast + 0.5 + brightness + n;
      const b = Math.floor(v * 255 + 0.5);
      out[i * channels + c] = b < 0 ? 0 : b > 255 ? 255 : b;
    }
  }
  if (look.jpegQuality > 0) jpegArtefacts(out, w, h, channels, look.jpegQuality);
  return out;
}

/** Grey bytes from interleaved RGB (ITU-R BT.601 luma); grey input is returned as is. */
export function toGray(pixels: Uint8Array<ArrayBuffer>, channels: 1 | 3): Uint8Array<ArrayBuffer> {
  if (channels === 1) return pixels;
  const out = new Uint8Array(pixels.length / 3);
  for (let i = 0; i < out.length; i++) {
    const v = 0.299 * (pixels[3 * i] as number) + 0.587 * (pixels[3 * i + 1] as number);
    out[i] = Math.round(v + 0.114 * (pixels[3 * i + 2] as number));
  }
  return out;
}
