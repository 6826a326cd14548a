import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { groupDuplicates } from './duplicate-groups.ts';
import type { DuplicateCandidate } from './duplicate-groups.ts';
import { hamming } from '../image/dhash.ts';
import { blankCandidates, clusteredCandidates as clustered, randomCandidates } from './synthetic-hashes.ts';

/** The obvious all-pairs reference, for comparison. */
function naiveGroups(items: readonly DuplicateCandidate[], d: number): Map<string, string> {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : find(parent[i] ?? i));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      if (!a || !b) continue;
      const same =
        a.id === b.id ||
        a.sha256 === b.sha256 ||
        (d >= 0 && a.phash !== null && b.phash !== null && hamming(a.phash, b.phash) <= d);
      if (same) parent[find(j)] = find(i);
    }
  }
  const best = new Map<number, string>();
  items.forEach((it, i) => {
    const r = find(i);
    const cur = best.get(r);
    if (cur === undefined || it.id < cur) best.set(r, it.id);
  });
  return new Map(items.map((it, i) => [it.id, best.get(find(i)) ?? it.id]));
}

describe('groupDuplicates', () => {
  it('groups exact copies and near hashes, naming each group by its smallest id', () => {
    const groups = groupDuplicates([
      { id: 'd', sha256: 's1', phash: 'ffffffffffffffff' },
      { id: 'b', sha256: 's1', phash: null },
      { id: 'c', sha256: 's2', phash: '0000000000000000' },
      { id: 'a', sha256: 's3', phash: '000000000000000f' }, // 4 bits from c
      { id: 'e', sha256: 's4', phash: '00000000000000ff' }, // 8 bits from c, 4 from a: chained
      { id: 'f', sha256: 's5', phash: '0f0f0f0f0f0f0f0f' },
    ]);
    expect(Object.fromEntries(groups)).toEqual({ d: 'b', b: 'b', c: 'a', a: 'a', e: 'a', f: 'f' });
  });

  it('honours the radius: 0 merges equal hashes only, negative merges exact copies only', () => {
    const items = [
      { id: 'x', sha256: '1', phash: 'aaaaaaaaaaaaaaaa' },
      { id: 'y', sha256: '2', phash: 'AAAAAAAAAAAAAAAA' },
      { id: 'z', sha256: '3', phash: 'aaaaaaaaaaaaaaab' },
    ];
    expect(Object.fromEntries(groupDuplicates(items, 0))).toEqual({ x: 'x', y: 'x', z: 'z' });
    expect(Object.fromEntries(groupDuplicates(items, 1))).toEqual({ x: 'x', y: 'x', z: 'x' });
    expect(Object.fromEntries(groupDuplicates(items, -1))).toEqual({ x: 'x', y: 'y', z: 'z' });
  });

  it('treats a repeated id as one item and rejects malformed hashes', () => {
    const g = groupDuplicates([
      { id: 'a', sha256: '1', phash: null },
      { id: 'a', sha256: '2', phash: null },
      { id: 'b', sha256: '2', phash: null },
    ]);
    expect(g.get('b')).toBe('a');
    expect(() => groupDuplicates([{ id: 'a', sha256: '1', phash: 'xyz' }])).toThrow(/16 hex/);
  });

  it('matches the all-pairs reference for every radius from 0 to 10', () => {
    for (let d = 0; d <= 10; d++) {
      const items = clustered(`ref-${d}`, 400, 60, 8);
      expect(groupDuplicates(items, d)).toEqual(naiveGroups(items, d));
    }
  });

  it('does not depend on the input order', () => {
    const items = clustered('order', 500, 80, 6);
    const shuffled = createRng('shuffle').shuffle([...items]);
    expect(groupDuplicates(shuffled)).toEqual(groupDuplicates(items));
  });

  it('groups 10,000 images, even when thousands share one hash', () => {
    expect(groupDuplicates(clustered('big', 10_000, 2_000, 6), 4).size).toBe(10_000);
    expect(new Set(groupDuplicates(blankCandidates(10_000), 4).values()).size).toBe(1);
    const random = groupDuplicates(randomCandidates('random', 10_000), 4);
    expect([...random].every(([id, group]) => id === group)).toBe(true);
  });
});
