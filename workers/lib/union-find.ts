/** Disjoint sets over the indices 0..n-1, for grouping images that are linked by chains of pairs. */
export class UnionFind {
  private readonly parent: Int32Array;

  /** `n` singleton sets, one per index. */
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }

  /** The representative of `i`'s set; it changes only when that set is merged. */
  find(i: number): number {
    const p = this.parent;
    // Path halving: every visited node skips to its grandparent, so later finds stay near O(1).
    while (p[i] !== i) {
      p[i] = p[p[i]!]!;
      i = p[i]!;
    }
    return i;
  }

  /** Merges the sets of `a` and `b`; returns the representative of the merged set. */
  union(a: number, b: number): number {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[rb] = ra;
    return ra;
  }
}
