import { seededRandom } from './seeded.ts';

/** Dimensions the rows are projected to before the greedy search; distances survive a random projection. */
const PROJECTED_DIMS = 24;

/** Greedy k-centre coreset (seeded; rows randomly projected for speed): indices of ≤ target rows. */
export function greedyCoreset(rows: Float32Array, dims: number, target: number, seed: number): Int32Array {
  const n = Math.floor(rows.length / dims);
  if (target >= n) return Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  const p = Math.min(dims, PROJECTED_DIMS);
  const projection = new Float32Array(dims * p);
  for (let i = 0; i < projection.length; i++) projection[i] = (random() * 2 - 1) / Math.sqrt(p);
  const projected = new Float32Array(n * p);
  for (let r = 0; r < n; r++)
    for (let j = 0; j < p; j++) {
      let sum = 0;
      for (let d = 0; d < dims; d++) sum += rows[r * dims + d]! * projection[d * p + j]!;
      projected[r * p + j] = sum;
    }
  const nearest = new Float32Array(n).fill(Infinity);
  const picked = new Int32Array(target);
  let next = Math.floor(random() * n);
  for (let k = 0; k < target; k++) {
    picked[k] = next;
    let farthest = -1;
    for (let r = 0; r < n; r++) {
      let d2 = 0;
      for (let j = 0; j < p; j++) {
        const diff = projected[r * p + j]! - projected[next * p + j]!;
        d2 += diff * diff;
      }
      if (d2 < nearest[r]!) nearest[r] = d2;
      if (nearest[r]! > farthest) {
        farthest = nearest[r]!;
        next = r;
      }
    }
  }
  return picked;
}
