import type { TrainParams } from '../lib/db/schema/runs.ts';
import type { Rng } from '../lib/rng.ts';

/**
 * Seeded augmentation of a canonical crop (8-bit, width × height): a small rotation, shift and
 * scale, an optional mirror across the part's axis, a gamma/contrast change, sensor noise and
 * occasional blur. Output is float gray 0..255, standardised afterwards like every other input.
 */
export function augmentCrop(
  pixels: Uint8Array,
  width: number,
  height: number,
  options: TrainParams['augment'],
  rng: Rng,
  out = new Float32Array(width * height),
): Float32Array {
  const angle = (rng.range(-options.rotateDeg, options.rotateDeg) * Math.PI) / 180;
  const scale = 1 + rng.range(-options.scale, options.scale);
  const dx = rng.range(-options.shiftPx, options.shiftPx);
  const dy = rng.range(-options.shiftPx, options.shiftPx);
  const mirror = options.flip && rng.next() < 0.5 ? -1 : 1;
  const gamma = Math.exp(rng.range(-options.contrast, options.contrast));
  const gain = 1 + rng.range(-options.brightness, options.brightness);
  const noise = rng.range(0, options.noise);
  const cos = Math.cos(angle) / scale;
  const sin = Math.sin(angle) / scale;
  const cx = width / 2;
  const cy = height / 2;
  for (let v = 0; v < height; v++) {
    for (let u = 0; u < width; u++) {
      const ox = u + 0.5 - cx - dx;
      const oy = (v + 0.5 - cy - dy) * mirror;
      const x = Math.min(width - 1, Math.max(0, cx + ox * cos - oy * sin - 0.5));
      const y = Math.min(height - 1, Math.max(0, cy + ox * sin + oy * cos - 0.5));
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(width - 1, x0 + 1);
      const y1 = Math.min(height - 1, y0 + 1);
      const fx = x - x0;
      const fy = y - y0;
      const value =
        (pixels[y0 * width + x0]! * (1 - fx) + pixels[y0 * width + x1]! * fx) * (1 - fy) +
        (pixels[y1 * width + x0]! * (1 - fx) + pixels[y1 * width + x1]! * fx) * fy;
      out[v * width + u] = 255 * Math.pow(value / 255, gamma) * gain + noise * rng.normal();
    }
  }
  if (options.blurChance > 0 && rng.next() < options.blurChance) boxBlur3(out, width, height);
  return out;
}

/** One pass of a 3x3 box blur, in place: a slightly out-of-focus camera. */
function boxBlur3(img: Float32Array, width: number, height: number): void {
  const copy = Float32Array.from(img);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let j = Math.max(0, y - 1); j <= Math.min(height - 1, y + 1); j++)
        for (let i = Math.max(0, x - 1); i <= Math.min(width - 1, x + 1); i++) {
          sum += copy[j * width + i]!;
          n++;
        }
      img[y * width + x] = sum / n;
    }
  }
}
