/**
 * 64-bit difference hash: the gray image is area-averaged down to 9×8 cells and each bit says whether a
 * cell is brighter than its right-hand neighbour. Small edits (noise, re-encoding, slight brightness
 * changes) flip few bits, so the Hamming distance between hashes measures visual near-identity.
 */

/** Hash grid width (cells); one more than the 8 bits per row because bits compare horizontal neighbours. */
const GRID_W = 9;
/** Hash grid height (cells). */
const GRID_H = 8;
/** Cell averages closer than this (gray levels) count as equal, so float round-off cannot flip a bit. */
const TIE_EPSILON = 1e-6;

/**
 * How source pixels along one axis spread over `dst` output cells, as a compressed sparse row table:
 * entries start[i]..start[i+1]-1 of cell/weight belong to source index i; weights are in output-cell units.
 */
interface Spread {
  start: Int32Array;
  cell: Int32Array;
  weight: Float64Array;
}

function spread(src: number, dst: number): Spread {
  const start = new Int32Array(src + 1);
  const cells: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < src; i++) {
    start[i] = cells.length;
    const a = (i * dst) / src;
    const b = ((i + 1) * dst) / src;
    for (let c = Math.floor(a); c < Math.min(dst, Math.ceil(b)); c++) {
      const overlap = Math.min(b, c + 1) - Math.max(a, c);
      if (overlap > 0) {
        cells.push(c);
        weights.push(overlap);
      }
    }
  }
  start[src] = cells.length;
  return { start, cell: Int32Array.from(cells), weight: Float64Array.from(weights) };
}

/**
 * Row-at-a-time area averaging to the 9×8 hash grid, so the caller can feed rows from a loop it already
 * runs (one pass over the pixels). Every cell's weights sum to 1, so cells are directly comparable.
 */
export class DHashGrid {
  private readonly cols: Spread;
  private readonly rows: Spread;
  private readonly rowAcc = new Float64Array(GRID_W);
  private readonly grid = new Float64Array(GRID_W * GRID_H);

  /** Prepares the cell tables for a `width`×`height` (pixels) gray image. */
  constructor(
    private readonly width: number,
    height: number,
  ) {
    this.cols = spread(width, GRID_W);
    this.rows = spread(height, GRID_H);
  }

  /** Adds gray row `y` (0-based) of the image; rows may come in any order, each exactly once. */
  addRow(gray: ArrayLike<number>, y: number): void {
    const { start, cell, weight } = this.cols;
    const acc = this.rowAcc;
    acc.fill(0);
    const off = y * this.width;
    for (let x = 0; x < this.width; x++) {
      const v = gray[off + x] ?? 0;
      for (let k = start[x] ?? 0, end = start[x + 1] ?? 0; k < end; k++) {
        acc[cell[k] ?? 0]! += (weight[k] ?? 0) * v;
      }
    }
    const r = this.rows;
    for (let k = r.start[y] ?? 0, end = r.start[y + 1] ?? 0; k < end; k++) {
      const base = (r.cell[k] ?? 0) * GRID_W;
      const wy = r.weight[k] ?? 0;
      for (let c = 0; c < GRID_W; c++) this.grid[base + c]! += wy * (acc[c] ?? 0);
    }
  }

  /** The hash as 16 lower-case hex digits; bit (row·8 + col), most significant first, is left > right. */
  hex(): string {
    let hi = 0;
    let lo = 0;
    for (let r = 0; r < GRID_H; r++) {
      for (let c = 0; c < GRID_W - 1; c++) {
        const left = this.grid[r * GRID_W + c] ?? 0;
        const right = this.grid[r * GRID_W + c + 1] ?? 0;
        if (left <= right + TIE_EPSILON) continue;
        const bit = r * 8 + c;
        if (bit < 32) hi |= 1 << (31 - bit);
        else lo |= 1 << (63 - bit);
      }
    }
    return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  }
}

/** 64-bit difference hash (16 hex digits) of an 8-bit gray image of `width`×`height` pixels. */
export function dHash64(gray: ArrayLike<number>, width: number, height: number): string {
  if (!(width > 0 && height > 0) || gray.length < width * height) {
    throw new RangeError(`dHash64: ${gray.length} values cannot hold a ${width}×${height} image`);
  }
  const grid = new DHashGrid(width, height);
  for (let y = 0; y < height; y++) grid.addRow(gray, y);
  return grid.hex();
}

const HEX16 = /^[0-9a-f]{16}$/i;

/** A 16-hex-digit hash split into its high and low 32-bit halves (unsigned). */
export function splitDHash(hash: string): { hi: number; lo: number } {
  if (!HEX16.test(hash)) throw new RangeError(`not a 64-bit hex hash: ${JSON.stringify(hash)}`);
  return { hi: Number.parseInt(hash.slice(0, 8), 16), lo: Number.parseInt(hash.slice(8), 16) };
}

export { hamming } from '../splits/perceptual-hash.ts';
