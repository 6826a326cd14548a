import { describe, expect, it } from 'vitest';
import { UnionFind } from './union-find.ts';

describe('UnionFind', () => {
  it('joins chains transitively and keeps other sets apart', () => {
    const sets = new UnionFind(6);
    sets.union(0, 1);
    sets.union(2, 1);
    sets.union(4, 5);
    expect(sets.find(2)).toBe(sets.find(0));
    expect(sets.find(5)).toBe(sets.find(4));
    expect(sets.find(3)).toBe(3);
    expect(sets.find(0)).not.toBe(sets.find(4));
  });

  it('returns the representative of the merged set', () => {
    const sets = new UnionFind(4);
    const root = sets.union(3, 1);
    expect(sets.find(1)).toBe(root);
    expect(sets.find(3)).toBe(root);
    expect(sets.union(1, 3)).toBe(root);
  });
});
