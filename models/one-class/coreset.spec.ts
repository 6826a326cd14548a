import { describe, expect, it } from 'vitest';
import { greedyCoreset, projectRows } from './coreset.ts';

/** `perCluster` points scattered (±0.1) around each centre, interleaved so clusters are not contiguous. */
function clustered(centres: number[][], perCluster: number): Float32Array {
  const dims = centres[0]!.length;
  const rows = new Float32Array(centres.length * perCluster * dims);
  for (let i = 0; i < perCluster; i++)
    centres.forEach((centre, c) => {
      const row = (i * centres.length + c) * dims;
      centre.forEach((v, d) => (rows[row + d] = v + 0.1 * Math.sin(7 * i + 3 * d + c)));
    });
  return rows;
}

const clusterOf = (index: number, clusters: number) => index % clusters;

describe('greedyCoreset', () => {
  const centres = [
    [0, 0, 0],
    [10, 0, 0],
    [0, 10, 0],
    [0, 0, 10],
  ];

  it('picks one row per cluster before a second one in any cluster, whatever the seed', () => {
    const rows = clustered(centres, 25);
    for (const seed of [1, 2, 3, 99]) {
      const picks = greedyCoreset(rows, 3, 6, seed);
      expect(new Set([...picks.subarray(0, 4)].map((i) => clusterOf(i, 4))).size).toBe(4);
      expect(new Set(picks).size).toBe(6);
    }
  });

  it('keeps the k-centre property when the rows are projected to fewer dimensions', () => {
    const wide = centres.map((c) => [...c, ...c.map((v) => v / 2), ...c.map((v) => -v)]);
    const rows = clustered(wide, 20);
    const picks = greedyCoreset(rows, 9, 4, 5, 4);
    expect(new Set([...picks].map((i) => clusterOf(i, 4))).size).toBe(4);
  });

  it('returns at most the target size, and stops early when every row is covered', () => {
    const rows = clustered(centres, 10);
    expect(greedyCoreset(rows, 3, 7, 1)).toHaveLength(7);
    expect(greedyCoreset(rows, 3, 1, 1)).toHaveLength(1);
    expect(greedyCoreset(rows, 3, 1000, 1)).toHaveLength(40);
    const duplicates = new Float32Array(30).fill(2);
    expect(greedyCoreset(duplicates, 3, 5, 1)).toHaveLength(1);
  });

  it('is the same for the same seed, and refuses rows and targets that make no sense', () => {
    const rows = clustered(centres, 10);
    expect(greedyCoreset(rows, 3, 9, 4)).toEqual(greedyCoreset(rows, 3, 9, 4));
    expect(() => greedyCoreset(rows, 7, 3, 1)).toThrow(/not whole rows of 7/);
    expect(() => greedyCoreset(rows, 3, 0, 1)).toThrow(/target size/);
  });
});

describe('projectRows', () => {
  it('keeps distances between rows on average', () => {
    const dims = 256;
    const rows = new Float32Array(2 * dims);
    for (let d = 0; d < dims; d++) rows[d] = Math.cos(d);
    const projected = projectRows(rows, dims, 64, 3);
    const norm = (v: Float32Array, from: number, n: number) =>
      Math.sqrt(v.subarray(from, from + n).reduce((s, x) => s + x * x, 0));
    const ratio = norm(projected, 0, 64) / norm(rows, 0, dims);
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.3);
    expect(norm(projected, 64, 64)).toBe(0);
  });
});
