/**
 * JPEG-like compression artefacts without a codec: 8×8 block DCT, quantisation
 * with the standard tables scaled by quality, inverse DCT. Blocking, ringing and
 * (on colour) chroma smearing appear as they do in real camera files.
 */
import { PI, cos } from './detmath.ts';

// ITU T.81 Annex K example tables (luminance, chrominance), row-major 8×8.
const LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22,
  29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103,
  121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA = [
  17,
  18,
  24,
  47,
  99,
  99,
  99,
  99,
  18,
  21,
  26,
  66,
  99,
  99,
  99,
  99,
  24,
  26,
  56,
  99,
  99,
  99,
  99,
  99,
  47,
  66,
  99,
  99,
  99,
  99,
  99,
  99,
  ...new Array<number>(32).fill(99),
];

/** DCT basis: BASIS[k*8 + n] = c(k)·cos((2n+1)kπ/16), orthonormal. */
const BASIS = (() => {
  const b = new Float64Array(64);
  for (let k = 0; k < 8; k++) {
    const ck = k === 0 ? Math.sqrt(1 / 8) : Math.sqrt(2 / 8);
    for (let n = 0; n < 8; n++) b[k * 8 + n] = ck * cos(((2 * n + 1) * k * PI) / 16);
  }
  return b;
})();

function scaledTable(base: readonly number[], quality: number): Float64Array {
  const q = Math.min(100, Math.max(1, quality));
  const s = q < 50 ? 5000 / q : 200 - 2 * q;
  return Float64Array.from(base, (t) => Math.max(1, Math.floor((t * s + 50) / 100)));
}

/** Quantises one plane (values 0..255, row-major) block by block in place; edges replicate. */
function quantisePlane(p: Float64Array, w: number, h: number, table: Float64Array): void {
  const blk = new Float64Array(64);
  const tmp = new Float64Array(64);
  for (let by = 0; by < h; by += 8) {
    for (let bx = 0; bx < w; bx += 8) {
      for (let y = 0; y < 8; y++) {
        const row = Math.min(h - 1, by + y) * w;
        for (let x = 0; x < 8; x++) blk[y * 8 + x] = (p[row + Math.min(w - 1, bx + x)] as number) - 128;
      }
      // Forward DCT: rows then columns.
      for (let y = 0; y < 8; y++)
        for (let k = 0; k < 8; k++) {
          let s = 0;
          for (let n = 0; n < 8; n++) s += (BASIS[k * 8 + n] as number) * (blk[y * 8 + n] as number);
          tmp[y * 8 + k] = s;
        }
      for (let x = 0; x < 8; x++)
        for (let k = 0; k < 8; k++) {
          let s = 0;
          for (let n = 0; n < 8; n++) s += (BASIS[k * 8 + n] as number) * (tmp[n * 8 + x] as number);
          const q = table[k * 8 + x] as number;
          blk[k * 8 + x] = Math.round(s / q) * q;
        }
      // Inverse DCT: columns then rows.
      for (let x = 0; x < 8; x++)
        for (let n = 0; n < 8; n++) {
          let s = 0;
          for (let k = 0; k < 8; k++) s += (BASIS[k * 8 + n] as number) * (blk[k * 8 + x] as number);
          tmp[n * 8 + x] = s;
        }
      for (let y = 0; y < 8 && by + y < h; y++)
        for (let n = 0; n < 8 && bx + n < w; n++) {
          let s = 0;
          for (let k = 0; k < 8; k++) s += (BASIS[k * 8 + n] as number) * (tmp[y * 8 + k] as number);
          p[(by + y) * w + bx + n] = s + 128;
        }
    }
  }
}

const toByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** Applies block compression of `quality` (1..100) in place to grey (channels 1) or interleaved RGB (3) bytes. */
export function jpegArtefacts(px: Uint8Array, w: number, h: number, channels: 1 | 3, quality: number): void {
  const n = w * h;
  const luma = scaledTable(LUMA, quality);
  if (channels === 1) {
    const y = Float64Array.from(px);
    quantisePlane(y, w, h, luma);
    for (let i = 0; i < n; i++) px[i] = toByte(y[i] as number);
    return;
  }
  const Y = new Float64Array(n);
  const Cb = new Float64Array(n);
  const Cr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = px[3 * i] as number;
    const g = px[3 * i + 1] as number;
    const b = px[3 * i + 2] as number;
    Y[i] = 0.299 * r + 0.587 * g + 0.114 * b;
    Cb[i] = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
    Cr[i] = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
  }
  const chroma = scaledTable(CHROMA, quality);
  quantisePlane(Y, w, h, luma);
  quantisePlane(Cb, w, h, chroma);
  quantisePlane(Cr, w, h, chroma);
  for (let i = 0; i < n; i++) {
    const y = Y[i] as number;
    const cb = (Cb[i] as number) - 128;
    const cr = (Cr[i] as number) - 128;
    px[3 * i] = toByte(y + 1.402 * cr);
    px[3 * i + 1] = toByte(y - 0.344136 * cb - 0.714136 * cr);
    px[3 * i + 2] = toByte(y + 1.772 * cb);
  }
}
