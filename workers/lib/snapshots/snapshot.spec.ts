import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { diffSnapshots, snapshotHash, snapshotText } from './snapshot.ts';
import type { SnapshotEntry } from './snapshot.ts';

const sha = (n: number): string => n.toString(16).padStart(64, '0');

const BASE: SnapshotEntry[] = [
  { sha256: sha(3), label: 'good', split: 'train' },
  { sha256: sha(1), label: 'scratch', split: 'test' },
  { sha256: sha(2), label: null, split: null },
];

const sha256Of = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('snapshotText', () => {
  it('is the documented canonical form', () => {
    expect(snapshotText(BASE)).toBe(
      `screwops-snapshot/1\n${sha(1)}\tscratch\ttest\n${sha(2)}\t\t\n${sha(3)}\tgood\ttrain\n`,
    );
    expect(snapshotText([])).toBe('screwops-snapshot/1\n');
  });

  it('escapes labels so they cannot forge another field or line', () => {
    const tricky = snapshotText([{ sha256: sha(1), label: 'a\ttest\nb\\', split: 'train' }]);
    expect(tricky.split('\n')).toHaveLength(3);
    expect(tricky).toContain('a\\ttest\\nb\\\\\ttrain');
  });
});

describe('snapshotHash', () => {
  it('is the SHA-256 of the canonical text, and repeatable', async () => {
    const h = await snapshotHash(BASE);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).toBe(sha256Of(snapshotText(BASE)));
    expect(await snapshotHash(BASE)).toBe(h);
  });

  it('does not depend on entry order or sha256 case', async () => {
    const h = await snapshotHash(BASE);
    const rng = createRng('snap');
    for (let k = 0; k < 10; k++) expect(await snapshotHash(rng.shuffle([...BASE]))).toBe(h);
    expect(await snapshotHash(BASE.map((e) => ({ ...e, sha256: e.sha256.toUpperCase() })))).toBe(h);
  });

  it('changes with a single label, split, addition or removal', async () => {
    const h = await snapshotHash(BASE);
    const variants: SnapshotEntry[][] = [
      BASE.map((e, i) => (i === 0 ? { ...e, label: 'scratch' } : e)),
      BASE.map((e, i) => (i === 2 ? { ...e, label: 'good' } : e)),
      BASE.map((e, i) => (i === 0 ? { ...e, split: 'validation' } : e)),
      [...BASE, { sha256: sha(4), label: 'good', split: 'train' }],
      BASE.slice(1),
    ];
    const hashes = await Promise.all(variants.map((v) => snapshotHash(v)));
    for (const v of hashes) expect(v).not.toBe(h);
    expect(new Set(hashes).size).toBe(hashes.length);
  });
});

describe('diffSnapshots', () => {
  it('lists additions, removals, relabels and moves by sha256', () => {
    const next: SnapshotEntry[] = [
      { sha256: sha(3), label: 'scratch', split: 'test' }, // relabeled and moved
      { sha256: sha(2), label: 'good', split: null }, // labeled
      { sha256: sha(5), label: 'good', split: 'train' }, // added
    ];
    expect(diffSnapshots(BASE, next)).toEqual({
      added: [sha(5)],
      removed: [sha(1)],
      relabeled: [
        { sha256: sha(2), from: null, to: 'good' },
        { sha256: sha(3), from: 'good', to: 'scratch' },
      ],
      moved: [{ sha256: sha(3), from: 'train', to: 'test' }],
    });
  });

  it('is empty between equal snapshots and symmetric in its lists', () => {
    expect(diffSnapshots(BASE, [...BASE].reverse())).toEqual({
      added: [],
      removed: [],
      relabeled: [],
      moved: [],
    });
    const d = diffSnapshots([], BASE);
    expect(d.added).toEqual([sha(1), sha(2), sha(3)]);
    expect(diffSnapshots(BASE, []).removed).toEqual(d.added);
  });

  it('refuses a snapshot that lists one image twice', () => {
    expect(() => diffSnapshots([...BASE, BASE[0] as SnapshotEntry], BASE)).toThrow(/twice in snapshot a/);
  });
});
