import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import type { Rng } from '../rng.ts';
import { SPLITS, type Split } from './split.ts';
import { assignSplits, splitCounts, stratumOf } from './splits.ts';
import type { SplitItem, SplitRatios } from './splits.ts';

const LABELS = ['good', 'scratch', 'thread', null] as const;
const RATIOS: SplitRatios[] = [
  { train: 0.7, validation: 0.15, test: 0.15 },
  { train: 0.8, validation: 0.1, test: 0.1 },
  { train: 0.6, validation: 0.2, test: 0.2 },
  { train: 3, validation: 1, test: 1 },
];

let serial = 0;
/** `n` new singleton images with skewed labels; ids are unique across calls. */
function singletons(rng: Rng, n: number): SplitItem[] {
  return Array.from({ length: n }, () => {
    const id = `img-${rng.uint32().toString(36)}-${serial++}`;
    const label = rng.chance(0.5) ? 'good' : rng.pick(LABELS);
    return { id, label, group: id, current: null };
  });
}

function withCurrent(items: readonly SplitItem[], result: ReadonlyMap<string, Split>): SplitItem[] {
  return items.map((i) => ({ ...i, current: result.get(i.id) ?? null }));
}

/** Largest and smallest (ratio·n − count) over labels and splits: the deficits the greedy leaves. */
function deficitRange(items: readonly SplitItem[], result: ReadonlyMap<string, Split>, ratios: SplitRatios) {
  const sum = ratios.train + ratios.validation + ratios.test;
  let lo = Infinity;
  let hi = -Infinity;
  for (const tally of splitCounts(result, items).values()) {
    const n = tally.train + tally.validation + tally.test;
    for (const s of SPLITS) {
      const d = (ratios[s] / sum) * n - tally[s];
      lo = Math.min(lo, d);
      hi = Math.max(hi, d);
    }
  }
  return { lo, hi };
}

function groupsStraddle(items: readonly SplitItem[], result: ReadonlyMap<string, Split>): boolean {
  const seen = new Map<string, Split>();
  for (const i of items) {
    const s = result.get(i.id);
    if (s === undefined) return true;
    const other = seen.get(i.group);
    if (other !== undefined && other !== s) return true;
    seen.set(i.group, s);
  }
  return false;
}

describe('assignSplits: properties over 50 seeds', () => {
  // Proven bound for groups of one: a split is only filled while its deficit is positive, so every
  // deficit stays above −1; from scratch the last fill of a split left it the largest, so all
  // deficits are below 1 too: |count − ratio·n| < 1 per label and split.
  it('stratifies each label to within one image of ratio × count, from scratch', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(`strat-${seed}`);
      const items = singletons(rng, rng.int(1, 400));
      const ratios = RATIOS[seed % RATIOS.length] as SplitRatios;
      const result = assignSplits(items, { ratios, seed });
      const { lo, hi } = deficitRange(items, result, ratios);
      expect(lo).toBeGreaterThan(-1);
      expect(hi).toBeLessThan(1);
    }
  });

  // After additions the deficits still stay above −1 (old counts were below ratio·old n + 1), and
  // with three splits summing to 0 they stay below 2: −1 < ratio·n − count < 2.
  it('stays stable and stratified within (−1, 2) through rounds of 20 % additions', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(`grow-${seed}`);
      const ratios = RATIOS[seed % RATIOS.length] as SplitRatios;
      let items = singletons(rng, rng.int(20, 300));
      let result = assignSplits(items, { ratios, seed });
      for (let round = 0; round < 4; round++) {
        const grown = [...withCurrent(items, result), ...singletons(rng, Math.ceil(items.length * 0.2))];
        const next = assignSplits(grown, { ratios, seed });
        for (const old of items) expect(next.get(old.id)).toBe(result.get(old.id));
        const { lo, hi } = deficitRange(grown, next, ratios);
        expect(lo).toBeGreaterThan(-1);
        expect(hi).toBeLessThan(2);
        items = grown;
        result = next;
      }
    }
  });

  it('keeps duplicate groups together and moves old images only when their group became mixed', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(`groups-${seed}`);
      const ratios = RATIOS[seed % RATIOS.length] as SplitRatios;
      // Groups of 1..4 images sharing a label.
      const items: SplitItem[] = [];
      for (let g = 0; g < rng.int(10, 120); g++) {
        const label = rng.pick(LABELS);
        const size = rng.chance(0.7) ? 1 : rng.int(2, 4);
        for (let k = 0; k < size; k++)
          items.push({ id: `s${seed}-g${g}-${k}`, label, group: `s${seed}-g${g}`, current: null });
      }
      const first = assignSplits(items, { ratios, seed });
      expect(groupsStraddle(items, first)).toBe(false);

      // Grow: new near-duplicates join old groups, two old groups merge, and new groups appear.
      const old = withCurrent(items, first);
      const groupIds = [...new Set(old.map((i) => i.group))];
      const merged = new Map<string, string>();
      for (let k = 0; k < 3; k++) merged.set(rng.pick(groupIds), rng.pick(groupIds));
      const regrouped = old.map((i) => ({ ...i, group: merged.get(i.group) ?? i.group }));
      const joiners = Array.from({ length: 5 }, (_, k) => {
        const host = rng.pick(regrouped);
        return { id: `s${seed}-join-${k}`, label: host.label, group: host.group, current: null };
      });
      const fresh = Array.from({ length: 10 }, (_, k) => ({
        id: `s${seed}-new-${k}`,
        label: rng.pick(LABELS),
        group: `s${seed}-new-${k}`,
        current: null,
      }));
      const grown = [...regrouped, ...joiners, ...fresh];
      const second = assignSplits(grown, { ratios, seed });
      expect(groupsStraddle(grown, second)).toBe(false);

      const mixed = new Set<string>();
      const splitOf = new Map<string, Split>();
      for (const i of regrouped) {
        const s = i.current as Split;
        if ((splitOf.get(i.group) ?? s) !== s) mixed.add(i.group);
        splitOf.set(i.group, s);
      }
      for (const i of regrouped) if (!mixed.has(i.group)) expect(second.get(i.id)).toBe(i.current);
      for (const j of joiners)
        expect(second.get(j.id)).toBe(second.get(regrouped.find((i) => i.group === j.group)?.id ?? ''));
    }
  });

  it('gives the same result for the same items in any order', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = createRng(`order-${seed}`);
      const items = singletons(rng, rng.int(1, 200)).map((i, k) => ({ ...i, group: `g${k % 37}` }));
      const ratios = RATIOS[seed % RATIOS.length] as SplitRatios;
      const a = assignSplits(items, { ratios, seed });
      const b = assignSplits(rng.shuffle([...items]), { ratios, seed });
      expect([...b]).toEqual([...a]);
    }
  });
});

describe('assignSplits: rules', () => {
  const ratios = { train: 0.7, validation: 0.15, test: 0.15 };

  it('heals a mixed group to the split most members have, ties going to test, then validation', () => {
    const mk = (id: string, current: Split | null): SplitItem => ({ id, label: 'good', group: 'g', current });
    const majority = assignSplits([mk('a', 'train'), mk('b', 'train'), mk('c', 'test'), mk('d', null)], {
      ratios,
      seed: 1,
    });
    expect([...majority.values()]).toEqual(['train', 'train', 'train', 'train']);
    const tie = assignSplits([mk('a', 'train'), mk('b', 'test')], { ratios, seed: 1 });
    expect([...tie.values()]).toEqual(['test', 'test']);
    const tie2 = assignSplits([mk('a', 'train'), mk('b', 'validation')], { ratios, seed: 1 });
    expect([...tie2.values()]).toEqual(['validation', 'validation']);
  });

  it('sends a new near-duplicate of a test image to test', () => {
    const result = assignSplits(
      [
        { id: 'old', label: 'scratch', group: 'old', current: 'test' },
        { id: 'new', label: 'scratch', group: 'old', current: null },
      ],
      { ratios, seed: 3 },
    );
    expect(result.get('new')).toBe('test');
  });

  it('leaves a zero-ratio split empty and changes with the seed', () => {
    const items = singletons(createRng('zero'), 300);
    const result = assignSplits(items, { ratios: { train: 0.8, validation: 0, test: 0.2 }, seed: 1 });
    expect([...result.values()]).not.toContain('validation');
    const other = assignSplits(items, { ratios: { train: 0.8, validation: 0, test: 0.2 }, seed: 2 });
    expect([...other]).not.toEqual([...result]);
  });

  it('rejects bad ratios and repeated ids', () => {
    const items = singletons(createRng('bad'), 3);
    expect(() => assignSplits(items, { ratios: { train: -1, validation: 1, test: 1 }, seed: 1 })).toThrow(
      RangeError,
    );
    expect(() => assignSplits(items, { ratios: { train: 0, validation: 0, test: 0 }, seed: 1 })).toThrow(
      RangeError,
    );
    expect(() => assignSplits([...items, ...items], { ratios, seed: 1 })).toThrow(/twice/);
    expect(assignSplits([], { ratios, seed: 1 }).size).toBe(0);
  });

  it('takes a group’s stratum from its most frequent label, unlabeled only when nothing is labeled', () => {
    expect(
      stratumOf([{ label: 'b' }, { label: 'a' }, { label: 'b' }, { label: null }, { label: null }]),
    ).toBe('b');
    expect(stratumOf([{ label: 'b' }, { label: 'a' }])).toBe('a');
    expect(stratumOf([{ label: null }])).toBe(null);
  });

  it('counts per label and split, skipping unassigned items', () => {
    const assignments = new Map<string, Split>([
      ['a', 'train'],
      ['b', 'test'],
      ['c', 'train'],
    ]);
    const counts = splitCounts(assignments, [
      { id: 'a', label: 'good' },
      { id: 'b', label: 'good' },
      { id: 'c', label: null },
      { id: 'd', label: 'good' },
    ]);
    expect(counts.get('good')).toEqual({ train: 1, validation: 0, test: 1 });
    expect(counts.get(null)).toEqual({ train: 1, validation: 0, test: 0 });
  });
});

describe('assignSplits: scale', () => {
  it('assigns 10,000 images, stratified as tightly as a few hundred', () => {
    const items = singletons(createRng('scale'), 10_000);
    const ratios = RATIOS[0] as SplitRatios;
    const result = assignSplits(items, { ratios, seed: 'scale' });
    expect(result.size).toBe(10_000);
    const { lo, hi } = deficitRange(items, result, ratios);
    expect(lo).toBeGreaterThan(-1);
    expect(hi).toBeLessThan(1);
  });
});
