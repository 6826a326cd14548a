/**
 * Changed looks of generated gray frames, for drift tests: the same screws under dimmer light or out
 * of focus. Deterministic, on 8-bit gray (a video's Y plane or a rendered frame).
 */

/** The frame under light `factor` times as bright (0.5: half the light). */
export function dimmed(gray: Uint8Array, factor: number): Uint8Array {
  return gray.map((v) => Math.min(255, Math.round(v * factor)));
}

/**
 * The frame out of focus: a box blur of `radius` pixels applied twice in each direction (close to a
 * Gaussian of σ ≈ radius · 0.8), edges clamped.
 */
export function defocused(gray: Uint8Array, width: number, height: number, radius: number): Uint8Array {
  const a = Float32Array.from(gray);
  const b = new Float32Array(gray.length);
  for (let pass = 0; pass < 2; pass++) {
    boxRows(a, b, width, height, radius);
    boxColumns(b, a, width, height, radius);
  }
  const out = new Uint8Array(gray.length);
  for (let i = 0; i < out.length; i++) out[i] = Math.round(a[i]!);
  return out;
}

function boxRows(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const n = 2 * r + 1;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += src[row + clamp(k, width)]!;
    for (let x = 0; x < width; x++) {
      dst[row + x] = sum / n;
      sum += src[row + clamp(x + r + 1, width)]! - src[row + clamp(x - r, width)]!;
    }
  }
}

function boxColumns(src: Float32Array, dst: Float32Array, width: number, height: number, r: number): void {
  const n = 2 * r + 1;
  for (let x = 0; x < width; x++) {
    let sum = 0;
    for (let k = -r; k <= r; k++) sum += src[clamp(k, height) * width + x]!;
    for (let y = 0; y < height; y++) {
      dst[y * width + x] = sum / n;
      sum += src[clamp(y + r + 1, height) * width + x]! - src[clamp(y - r, height) * width + x]!;
    }
  }
}

function clamp(i: number, size: number): number {
  return i < 0 ? 0 : i >= size ? size - 1 : i;
}
