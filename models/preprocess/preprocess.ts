import { findPart, type PartGeometry } from './part.ts';
import { inputHeight, type PreprocessSpec } from './spec.ts';

/** Rec.601 luma of RGBA pixels (as ImageData gives them), 0..255. */
export function rgbaToGray(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  gray = new Uint8Array(width * height),
): Uint8Array {
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    gray[i] = Math.round(0.299 * rgba[p]! + 0.587 * rgba[p + 1]! + 0.114 * rgba[p + 2]!);
  }
  return gray;
}

function bilinear(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  x: number,
  y: number,
  fill: number,
): number {
  if (x < -0.5 || y < -0.5 || x > width - 0.5 || y > height - 0.5) return fill;
  const x0 = Math.max(0, Math.min(width - 1, Math.floor(x)));
  const y0 = Math.max(0, Math.min(height - 1, Math.floor(y)));
  const x1 = Math.min(width - 1, x0 + 1);
  const y1 = Math.min(height - 1, y0 + 1);
  const fx = Math.max(0, Math.min(1, x - x0));
  const fy = Math.max(0, Math.min(1, y - y0));
  const top = gray[y0 * width + x0]! * (1 - fx) + gray[y0 * width + x1]! * fx;
  const bottom = gray[y1 * width + x0]! * (1 - fx) + gray[y1 * width + x1]! * fx;
  return top * (1 - fy) + bottom * fy;
}

function median(gray: ArrayLike<number>): number {
  const bins = new Uint32Array(256);
  for (let i = 0; i < gray.length; i++) bins[gray[i]! & 255]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += bins[v]!;
    if (seen * 2 >= gray.length) return v;
  }
  return 128;
}

/**
 * Crops a band around the part, rotates it to the canonical orientation and resamples it to
 * inputSize × inputHeight, as 8-bit gray. This is what the per-image tensor cache stores (a quarter of the bytes of floats).
 */
export function canonicalCrop(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  spec: PreprocessSpec,
): { pixels: Uint8Array; part: PartGeometry } {
  const part = findPart(gray, width, height);
  return { pixels: cropAroundPart(gray, width, height, spec, part), part };
}

/** Where the canonical crop samples a frame: its centre and x axis's direction (radians), and its width, px. */
export interface CropPose {
  cx: number;
  cy: number;
  angle: number;
  side: number;
}

/**
 * Where cropAroundPart samples a `width`×`height` image for `part`: the band around the part, or the
 * whole image when the spec crops none or no part was found.
 */
export function cropPose(width: number, height: number, spec: PreprocessSpec, part: PartGeometry): CropPose {
  const useCrop = spec.crop === 'part' && part.found;
  return {
    cx: useCrop ? part.cx : (width - 1) / 2,
    cy: useCrop ? part.cy : (height - 1) / 2,
    angle: useCrop && spec.canonicalRotation ? part.angle + Math.PI : 0,
    side: useCrop
      ? Math.min(part.length * spec.margin, 2 * Math.max(width, height))
      : Math.max(width, height),
  };
}

/**
 * canonicalCrop's second half: the band around an already located part (findPart's answer for the
 * same pixels), so a caller that looked at the part first does not search for it twice.
 */
export function cropAroundPart(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  spec: PreprocessSpec,
  part: PartGeometry,
): Uint8Array {
  const size = spec.inputSize;
  const rows = inputHeight(spec);
  const { cx, cy, angle, side } = cropPose(width, height, spec, part);
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const step = side / size;
  const fill = median(gray);
  const pixels = new Uint8Array(size * rows);
  for (let v = 0; v < rows; v++) {
    const oy = (v + 0.5 - rows / 2) * step;
    for (let u = 0; u < size; u++) {
      const ox = (u + 0.5 - size / 2) * step;
      // Output x runs along the part's axis: rotate the output offset into image space.
      const x = cx + ox * cos - oy * sin;
      const y = cy + ox * sin + oy * cos;
      pixels[v * size + u] = Math.round(bilinear(gray, width, height, x, y, fill));
    }
  }
  return pixels;
}

/** Standardises pixels to zero mean and unit variance (per image, so lighting changes cancel out). */
export function standardize(pixels: ArrayLike<number>, out = new Float32Array(pixels.length)): Float32Array {
  let sum = 0;
  for (let i = 0; i < pixels.length; i++) sum += pixels[i]!;
  const mean = sum / pixels.length;
  let variance = 0;
  for (let i = 0; i < pixels.length; i++) variance += (pixels[i]! - mean) ** 2;
  const std = Math.sqrt(variance / pixels.length) || 1;
  for (let i = 0; i < pixels.length; i++) out[i] = (pixels[i]! - mean) / std;
  return out;
}

/**
 * The one preprocessing implementation: canonical crop, then standardisation. Training (through the
 * tensor cache), evaluation, live inference and exported bundles all end up here.
 */
export function preprocessGray(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  spec: PreprocessSpec,
): { tensor: Float32Array; part: PartGeometry } {
  const { pixels, part } = canonicalCrop(gray, width, height, spec);
  return { tensor: standardize(pixels), part };
}
