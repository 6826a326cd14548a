import * as tf from '@tensorflow/tfjs-core';
import type { backend_util } from '@tensorflow/tfjs-core';

/** Deterministic uniform values in [-1, 1) from a 32-bit seed (mulberry32), for cross-backend tests. */
export function seededValues(count: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return out;
}

/** Runs `fn` with `backend` active, returns its output values and shape, and disposes what it made. */
export async function valuesOn(
  backend: string,
  fn: () => tf.Tensor,
): Promise<{ shape: number[]; values: Float32Array }> {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) {
    throw new Error(`backend ${backend} unavailable`);
  }
  const out = tf.tidy(fn);
  const values = (await out.data()) as Float32Array;
  const shape = out.shape.slice();
  out.dispose();
  return { shape, values };
}

/** Largest |a - b| / max(1, |b|) over two equal-length arrays (a mixed absolute/relative error). */
export function maxMixedError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length mismatch: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i] ?? NaN;
    const bi = b[i] ?? NaN;
    const err = Math.abs(ai - bi) / Math.max(1, Math.abs(bi));
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : err;
  }
  return worst;
}

/**
 * Reference gradients of `sum(dy * conv(x, w))` by direct float64 loops, for plain (`depthwise`
 * false, w `[fh,fw,ci,co]`) or depthwise (w `[fh,fw,c,m]`) convs, any stride/dilation/padding `g`.
 */
export function referenceConvGrads(
  x: Float32Array,
  w: Float32Array,
  dy: Float32Array,
  g: backend_util.Conv2DInfo,
  depthwise: boolean,
): { dx: Float64Array; dw: Float64Array } {
  const { batchSize: n, inHeight: h, inWidth: wd, inChannels: ci, outHeight: oh, outWidth: ow } = g;
  const [fh, fw, , fo] = g.filterShape;
  const co = g.outChannels;
  const dx = new Float64Array(x.length);
  const dw = new Float64Array(w.length);
  for (let b = 0; b < n; b++)
    for (let r = 0; r < oh; r++)
      for (let c = 0; c < ow; c++)
        for (let k1 = 0; k1 < fh; k1++)
          for (let k2 = 0; k2 < fw; k2++) {
            const ir = r * g.strideHeight + k1 * g.dilationHeight - g.padInfo.top;
            const ic = c * g.strideWidth + k2 * g.dilationWidth - g.padInfo.left;
            if (ir < 0 || ir >= h || ic < 0 || ic >= wd) continue;
            for (let i = 0; i < ci; i++)
              for (let o = 0; o < fo; o++) {
                const outC = depthwise ? i * fo + o : o;
                const xi = ((b * h + ir) * wd + ic) * ci + i;
                const wi = ((k1 * fw + k2) * ci + i) * fo + o;
                const d = dy[((b * oh + r) * ow + c) * co + outC] ?? 0;
                dx[xi] = (dx[xi] ?? 0) + (w[wi] ?? 0) * d;
                dw[wi] = (dw[wi] ?? 0) + (x[xi] ?? 0) * d;
              }
          }
  return { dx, dw };
}
