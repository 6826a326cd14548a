/** Camera-side effects on a float image (0..1): defocus blur, tone, sensor noise, 8-bit quantisation. */
import type { Rng } from '../rng.ts';

/** In-place separable box blur of radius `r` px, repeated `passes` times (2+ ≈ Gaussian); edges clamp. */
export function boxBlur(img: Float32Array, width: number, height: number, r: number, passes = 2): void {
  if (r < 1) return;
  const tmp = new Float32Array(Math.max(width, height));
  const norm = 1 / (2 * r + 1);
  const pass = (n: number, count: number, at: (line: number, i: number) => number): void => {
    for (let line = 0; line < count; line++) {
      // Running sum over a clamped window, so the cost is O(1) per pixel at any radius.
      let acc = 0;
      for (let k = -r; k <= r; k++) acc += img[at(line, Math.min(n - 1, Math.max(0, k)))] as number;
      for (let i = 0; i < n; i++) {
        tmp[i] = acc * norm;
        acc +=
          (img[at(line, Math.min(n - 1, i + r + 1))] as number) -
          (img[at(line, Math.max(0, i - r))] as number);
      }
      for (let i = 0; i < n; i++) img[at(line, i)] = tmp[i] as number;
    }
  };
  for (let rep = 0; rep < passes; rep++) {
    pass(width, height, (y, x) => y * width + x);
    pass(height, width, (x, y) => y * width + x);
  }
}

/** Applies contrast about mid-grey, a brightness offset, Gaussian-like noise (sd in 0..1 units), and rounds to bytes. */
export function finishToBytes(
  img: Float32Array,
  contrast: number,
  brightness: number,
  noiseSd: number,
  rng: Rng,
): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(img.length);
  // Irwin–Hall sum of four uniforms (variance 1/3) scaled to unit variance: cheap, and
  // the same number of draws per pixel keeps streams aligned between images.
  const k = noiseSd * Math.sqrt(3);
  for (let i = 0; i < img.length; i++) {
    const n = (rng.next() + rng.next() + rng.next() + rng.next() - 2) * k;
    const v = ((img[i] as number) - 0.5) * contrast + 0.5 + brightness + n;
    const b = Math.floor(v * 255 + 0.5);
    out[i] = b < 0 ? 0 : b > 255 ? 255 : b;
  }
  return out;
}
