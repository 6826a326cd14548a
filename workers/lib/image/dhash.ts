/**
 * The project's 64-bit perceptual hash: a difference hash (dHash) of an 8-bit gray image, written as 16
 * lower-case hex digits, and the helpers that read it. Ingest stores it with every image for the split's
 * near-duplicate groups, and the profile computes it for its duplicate and leak checks; both take it from
 * here so that they judge every pair of images alike.
 *
 * Near-ties. Cells are area sums with integer weights, so for 8-bit input every sum is an exact integer
 * (below 2^53 for any image under 3·10^13 pixels) and "brighter" is decided exactly: a bit is 1 when the
 * right-hand cell's sum is strictly greater, and an exact tie is 0. There is deliberately no tolerance
 * band: a band only moves the point where one gray level flips a bit (from 0 to the band's edge) and adds
 * a knob that scales with image size, while exact integer comparison gives every engine the same bits.
 * A flat region therefore hashes to 0-bits, and a copy that lifts one side of a tied pair by a single
 * level differs from the original in that bit. The polarity (right brighter = 1) is the one stored hashes
 * were written with; the opposite polarity would make old and new hashes of one image complementary.
 */

/**
 * Default near-duplicate radius in bits of 64 (≈ 6 %): re-encodes, light noise and brightness changes
 * stay within it. The split's groups and the profile's leak check both default to it, so they agree.
 */
export const NEAR_DUPLICATE_BITS = 4;

/** Length of a 64-bit hash in hex digits. */
export const HASH64_HEX_LENGTH = 16;

const HEX64 = /^[0-9a-f]{16}$/i;

/** True when `s` is a 64-bit hash as 16 hex digits (either case). */
export function isHash64(s: string): boolean {
  return HEX64.test(s);
}

/** The hash as [high 32 bits, low 32 bits] (unsigned); throws on anything but 16 hex digits. */
export function hashWords(hex: string): [number, number] {
  if (!HEX64.test(hex)) throw new RangeError(`Not a 64-bit hash (16 hex digits): "${hex}"`);
  return [parseInt(hex.slice(0, 8), 16) >>> 0, parseInt(hex.slice(8), 16) >>> 0];
}

/** The 16 lower-case hex digits of the 64-bit value whose high and low 32 bits are `hi` and `lo`. */
export function hashFromWords(hi: number, lo: number): string {
  return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
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

/**
 * How the pixels along one axis spread over equal output cells, as a compressed sparse row table:
 * entries start[i]..start[i+1]-1 of cell/weight belong to pixel i. In units where pixel i spans
 * [i·cells, (i+1)·cells) and cell c spans [c·size, (c+1)·size), weights are integer overlaps.
 */
interface Spread {
  start: Int32Array;
  cell: Int32Array;
  weight: Int32Array;
}

function spread(size: number, cells: number): Spread {
  const start = new Int32Array(size + 1);
  const cell: number[] = [];
  const weight: number[] = [];
  for (let i = 0; i < size; i++) {
    start[i] = cell.length;
    const a = i * cells;
    const b = a + cells;
    for (let c = Math.floor(a / size); c * size < b; c++) {
      const w = Math.min(b, (c + 1) * size) - Math.max(a, c * size);
      if (w > 0) {
        cell.push(c);
        weight.push(w);
      }
    }
  }
  start[size] = cell.length;
  return { start, cell: Int32Array.from(cell), weight: Int32Array.from(weight) };
}

/**
 * Area sums of a row-major gray image over `cols`×`rows` equal cells, fed one image row at a time so a
 * caller can add the rows from a pass over the pixels it already makes. Every cell covers the same area,
 * so sums compare like means.
 */
export class AreaGrid {
  /** Cell sums, row-major (`rows`×`cols`); exact integers for 8-bit input. */
  readonly sums: Float64Array;
  private readonly xs: Spread;
  private readonly ys: Spread;
  private readonly rowSums: Float64Array;

  /** Prepares the tables for a `width`×`height` (pixels) image and a `cols`×`rows` grid. */
  constructor(
    private readonly width: number,
    readonly height: number,
    readonly cols: number,
    readonly rows: number,
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new RangeError(`Image size must be positive integers, got ${width}×${height}`);
    }
    this.xs = spread(width, cols);
    this.ys = spread(height, rows);
    this.rowSums = new Float64Array(cols);
    this.sums = new Float64Array(cols * rows);
  }

  /** Adds row `y` (0-based) of `gray`, a row-major image of this grid's size; each row exactly once. */
  addRow(gray: ArrayLike<number>, y: number): void {
    const { start, cell, weight } = this.xs;
    const acc = this.rowSums;
    acc.fill(0);
    const off = y * this.width;
    for (let x = 0; x < this.width; x++) {
      const v = gray[off + x] ?? 0;
      for (let k = start[x] ?? 0, end = start[x + 1] ?? 0; k < end; k++) {
        acc[cell[k] ?? 0]! += (weight[k] ?? 0) * v;
      }
    }
    const ys = this.ys;
    for (let k = ys.start[y] ?? 0, end = ys.start[y + 1] ?? 0; k < end; k++) {
      const base = (ys.cell[k] ?? 0) * this.cols;
      const wy = ys.weight[k] ?? 0;
      for (let c = 0; c < this.cols; c++) this.sums[base + c]! += wy * (acc[c] ?? 0);
    }
  }
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
  return hashFromWords(hi, lo);
}

/** The 9×8 area grid behind a difference hash, fed row by row (see AreaGrid). */
export class DHashGrid extends AreaGrid {
  /** Prepares the grid for a `width`×`height` (pixels) image. */
  constructor(width: number, height: number) {
    super(width, height, 9, 8);
  }

  /** The hash: bit (row·8 + x), most significant first, is 1 when cell x+1 of that row is brighter than cell x. */
  hex(): string {
    const s = this.sums;
    return packBits((k) => {
      const at = Math.floor(k / 8) * 9 + (k % 8);
      return (s[at + 1] ?? 0) > (s[at] ?? 0);
    });
  }
}

// Feeds every row of an 8-bit gray image into `grid`, after checking the buffer is large enough.
function fill<T extends AreaGrid>(grid: T, gray: Uint8Array | Uint8ClampedArray, width: number): T {
  const needed = width * grid.height;
  if (gray.length < needed) {
    throw new RangeError(`Pixel array holds ${gray.length} values, ${width}×${grid.height} needs ${needed}`);
  }
  for (let y = 0; y < grid.height; y++) grid.addRow(gray, y);
  return grid;
}

/**
 * Difference hash of an 8-bit gray image (row-major): area-averaged to 9×8 cells, bit (row·8 + x) is 1
 * when cell x+1 of that row is brighter than cell x. Robust to brightness shifts, mild noise and
 * rescaling; not to rotation or cropping.
 */
export function dHash64(gray: Uint8Array | Uint8ClampedArray, width: number, height: number): string {
  return fill(new DHashGrid(width, height), gray, width).hex();
}

/**
 * Average hash of an 8-bit gray image: area-averaged to 8×8 cells, each bit is 1 when its cell is
 * brighter than the mean. Coarser than dHash; offered for callers that want a second opinion.
 */
export function averageHash64(gray: Uint8Array | Uint8ClampedArray, width: number, height: number): string {
  const sums = fill(new AreaGrid(width, height, 8, 8), gray, width).sums;
  let total = 0;
  for (const v of sums) total += v;
  // 64·cell > total compares with the mean without leaving integers.
  return packBits((k) => 64 * (sums[k] ?? 0) > total);
}
