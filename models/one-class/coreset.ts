/**
 * Greedy k-centre coreset selection: the memory bank of a one-class model keeps a few patch features
 * that cover every good patch seen in training, so its nearest-neighbour search stays small while
 * no region of normal appearance is left without a nearby bank entry.
 */
import { noiseInputs } from '../bundle/golden.ts';

/** Dimensions rows are projected to before the greedy search (a seeded Gaussian projection). */
export const CORESET_PROJECTED_DIMS = 64;

/** A seeded uniform generator on [0, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Rows multiplied by a seeded Gaussian matrix of `to` columns, scaled by 1/√to so that distances are
 * kept on average (Johnson-Lindenstrauss); rows narrower than `to` are returned as they are.
 */
export function projectRows(rows: Float32Array, dims: number, to: number, seed: number): Float32Array {
  if (dims <= to) return rows;
  const n = rows.length / dims;
  const matrix = noiseInputs(1, [dims, to], seed ^ 0x5bd1e995);
  const scale = 1 / Math.sqrt(to);
  for (let i = 0; i < matrix.length; i++) matrix[i]! *= scale;
  const out = new Float32Array(n * to);
  for (let r = 0; r < n; r++) {
    const base = r * dims;
    const target = r * to;
    for (let d = 0; d < dims; d++) {
      const v = rows[base + d]!;
      if (v === 0) continue;
      const m = d * to;
      for (let j = 0; j < to; j++) out[target + j]! += v * matrix[m + j]!;
    }
  }
  return out;
}

/**
 * Greedy k-centre coreset (seeded; rows wider than `projectedDims` are first randomly projected for
 * speed): indices into `rows` (row-major, `dims` per row) of at most `target` rows, in the order they
 * were picked. Each pick is the row farthest from every row picked before it, so the first picks land
 * one per cluster. It stops early once every row coincides with a picked one.
 */
export function greedyCoreset(
  rows: Float32Array,
  dims: number,
  target: number,
  seed: number,
  projectedDims = CORESET_PROJECTED_DIMS,
): Int32Array {
  if (!Number.isInteger(dims) || dims < 1 || rows.length % dims !== 0)
    throw new RangeError(`greedyCoreset: ${rows.length} values are not whole rows of ${dims} dimensions.`);
  if (!Number.isInteger(target) || target < 1)
    throw new RangeError(`greedyCoreset: the target size must be a whole number ≥ 1, got ${target}.`);
  const n = rows.length / dims;
  if (n === 0) return new Int32Array(0);
  const width = Math.min(dims, projectedDims);
  const points = projectRows(rows, dims, width, seed);
  const nearest = new Float64Array(n).fill(Infinity);
  const picked: number[] = [];
  let next = Math.floor(uniform(seed)() * n);
  const pick = new Float32Array(width);
  while (picked.length < Math.min(target, n)) {
    picked.push(next);
    pick.set(points.subarray(next * width, (next + 1) * width));
    let farthest = -1;
    let farthestDistance = 0;
    for (let r = 0, offset = 0; r < n; r++, offset += width) {
      let d = 0;
      for (let j = 0; j < width; j++) {
        const diff = points[offset + j]! - pick[j]!;
        d += diff * diff;
      }
      const covered = d < nearest[r]! ? (nearest[r] = d) : nearest[r]!;
      if (covered > farthestDistance) {
        farthestDistance = covered;
        farthest = r;
      }
    }
    // Every remaining row duplicates a picked one: more picks would add nothing.
    if (farthest < 0) break;
    next = farthest;
  }
  return Int32Array.from(picked);
}
