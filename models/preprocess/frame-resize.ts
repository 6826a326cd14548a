import type { FrameResizeSpec } from './spec.ts';

/**
 * The whole-frame preprocessing of foreign image models: RGBA pixels (as ImageData gives them)
 * resized to spec.width × spec.height RGB by bilinear sampling, each channel mapped from 0..255 onto
 * spec.range. Sampling follows tf.image.resizeBilinear's defaults (no corner alignment, no half-pixel
 * centres), the resize Teachable Machine's own library uses, so imported models see what they were
 * trained on.
 */
export function resizeFrame(
  rgba: ArrayLike<number>,
  width: number,
  height: number,
  spec: FrameResizeSpec,
  out = new Float32Array(spec.width * spec.height * 3),
): Float32Array {
  if (rgba.length < width * height * 4)
    throw new RangeError(
      `resizeFrame: ${width}×${height} RGBA needs ${width * height * 4} values, got ${rgba.length}.`,
    );
  const [low, high] = spec.range;
  const scale = (high - low) / 255;
  const sx = width / spec.width;
  const sy = height / spec.height;
  for (let v = 0; v < spec.height; v++) {
    const y = v * sy;
    const y0 = Math.min(height - 1, Math.floor(y));
    const y1 = Math.min(height - 1, y0 + 1);
    const fy = y - y0;
    for (let u = 0; u < spec.width; u++) {
      const x = u * sx;
      const x0 = Math.min(width - 1, Math.floor(x));
      const x1 = Math.min(width - 1, x0 + 1);
      const fx = x - x0;
      for (let c = 0; c < 3; c++) {
        const at = (yy: number, xx: number) => rgba[(yy * width + xx) * 4 + c]!;
        const top = at(y0, x0) + (at(y0, x1) - at(y0, x0)) * fx;
        const bottom = at(y1, x0) + (at(y1, x1) - at(y1, x0)) * fx;
        out[(v * spec.width + u) * 3 + c] = low + (top + (bottom - top) * fy) * scale;
      }
    }
  }
  return out;
}
