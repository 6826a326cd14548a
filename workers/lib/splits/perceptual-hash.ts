/**
 * Perceptual hashes of grayscale images: 64-bit difference hash (dHash) and average hash (aHash),
 * written as 16 lower-case hex digits, plus their Hamming distance.
 */

/** Length of a 64-bit hash in hex digits. */
export const HASH64_HEX_LENGTH = 16;

const HEX64 = /^[0-9a-f]{16}$/i;

/** True when `s` is a 64-bit hash as 16 hex digits (either case). */
export function isHash64(s: string): boolean {
  return HEX64.test(s);
}

/** The hash as [high 32 bits, low 32 bits] (unsigned); throws on anything but 16 hex digits. */
export function hashWords(hex: string): [number, number] {
  if (!HEX64.test(hex)) throw new Error(`Not a 64-bit hash (16 hex digits): "${hex}"`);
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8), 16) >>> 0];
}

/** Number of set bits in the low 32 bits of `x`. */
export function popcount32(x: number): number {
  // SWAR bit count: a handful of integer ops instead of a loop over 32 bits.
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Number of differing bits between two 16-hex-digit hashes (0..64). */
export function hamming(a: string, b: string): number {
  const [ah, al] = hashWords(a);
  const [bh, bl] = hashWords(b);
  return popcount32(ah ^ bh) + popcount32(al ^ bl);
}

// Source pixels overlapping each of `cells` equal output cells along one axis, with the overlap as
// an integer weight: output cell c spans [c·size, (c+1)·size) in units where pixel i spans
// [i·cells, (i+1)·cells). Integer weights keep 8-bit sums exact, so equal areas compare equal.
function axisWeights(size: number, cells: number): Array<Array<[number, number]>> {
  const out: Array<Array<[number, number]>> = [];
  for (let c = 0; c < cells; c++) {
    const lo = c * size;
    const hi = (c + 1) * size;
    const taps: Array<[number, number]> = [];
    for (let i = Math.floor(lo / cells); i * cells < hi; i++) {
      const w = Math.min(hi, (i + 1) * cells) - Math.max(lo, i * cells);
      if (w > 0) taps.push([i, w]);
    }
    out.push(taps);
  }
  return out;
}

/**
 * Area-averaged resample of a row-major gray plane to `cols`×`rows` cells. Cells are returned as
 * sums (every cell covers the same area, so sums compare like means).
 */
export function areaResample(
  gray: ArrayLike<number>,
  width: number,
  height: number,
  cols: number,
  rows: number,
): Float64Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`Image size must be positive integers, got ${width}×${height}`);
  }
  if (gray.length < width * height) {
    throw new RangeError(
      `Pixel array holds ${gray.length} values, ${width}×${height} needs ${width * height}`,
    );
  }
  const xs = axisWeights(width, cols);
  const ys = axisWeights(height, rows);
  // Horizontal pass per source row first, so each pixel is read once.
  const rowSums = new Float64Array(height * cols);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    for (let c = 0; c < cols; c++) {
      let s = 0;
      for (const [i, w] of xs[c] ?? []) s += w * (gray[base + i] ?? 0);
      rowSums[y * cols + c] = s;
    }
  }
  const cells = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (const [y, w] of ys[r] ?? []) {
      for (let c = 0; c < cols; c++)
        cells[r * cols + c] = (cells[r * cols + c] ?? 0) + w * (rowSums[y * cols + c] ?? 0);
    }
  }
  return cells;
}

// Float input can leave equal areas a rounding error apart; treat such pairs as equal so flat
// regions hash to 0-bits instead of noise.
function tolerance(cells: Float64Array): number {
  let max = 0;
  for (const v of cells) max = Math.max(max, Math.abs(v));
  return max * 1e-9;
}

function toHex(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}

// Packs 64 booleans (bit 0 = most significant) into hex.
function packBits(bit: (k: number) => boolean): string {
  let hi = 0;
  let lo = 0;
  for (let k = 0; k < 64; k++) {
    if (!bit(k)) continue;
    if (k < 32) hi |= 1 << (31 - k);
    else lo |= 1 << (63 - k);
  }
  return toHex(hi, lo);
}

/**
 * Difference hash: the image is area-averaged to 9×8 cells and bit (row·8 + x) is 1 when cell x+1
 * of that row is brighter than cell x. Robust to brightness shifts, mild noise and rescaling; not to
 * rotation or cropping. `gray` is row-major, any value range.
 */
export function dHash64(gray: Uint8Array | Float32Array, width: number, height: number): string {
  const cells = areaResample(gray, width, height, 9, 8);
  const eps = tolerance(cells);
  return packBits((k) => {
    const r = Math.floor(k / 8);
    const x = k % 8;
    return (cells[r * 9 + x + 1] ?? 0) - (cells[r * 9 + x] ?? 0) > eps;
  });
}

/**
 * Average hash: the image is area-averaged to 8×8 cells and each bit is 1 when its cell is brighter
 * than the mean. Coarser than dHash; offered for callers that want a second opinion.
 */
export function averageHash64(gray: Uint8Array | Float32Array, width: number, height: number): string {
  const cells = areaResample(gray, width, height, 8, 8);
  let mean = 0;
  for (const v of cells) mean += v / 64;
  const eps = tolerance(cells);
  return packBits((k) => (cells[k] ?? 0) - mean > eps);
}
