import { describe, expect, it } from 'vitest';
import { CrossValidationError, planFolds, type FoldItem, type FoldPlan } from './cross-validation.ts';
import { createRng } from '../rng.ts';

/** `good` good images and defective ones per type, each its own group unless `groups` joins them. */
function items(
  good: number,
  defects: Record<string, number>,
  groups: Record<string, string> = {},
): FoldItem[] {
  const out: FoldItem[] = [];
  for (let i = 0; i < good; i++) out.push({ id: `g${i}`, label: 'good', defectType: null, group: `g${i}` });
  for (const [type, n] of Object.entries(defects))
    for (let i = 0; i < n; i++)
      out.push({ id: `${type}${i}`, label: 'bad', defectType: type, group: `${type}${i}` });
  return out.map((item) => ({ ...item, group: groups[item.id] ?? item.group }));
}

const count = (ids: readonly string[], all: readonly FoldItem[], pick: (i: FoldItem) => boolean) => {
  const wanted = new Set(all.filter(pick).map((i) => i.id));
  return ids.filter((id) => wanted.has(id)).length;
};

function spread(plans: FoldPlan[], all: FoldItem[], pick: (i: FoldItem) => boolean, repeat: number) {
  const counts = plans.filter((p) => p.repeat === repeat).map((p) => count(p.test, all, pick));
  return Math.max(...counts) - Math.min(...counts);
}

describe('planFolds', () => {
  const data = items(30, { scratch: 4, thread: 3, tip: 3 });

  it('tests every image exactly once per repeat, and never trains or validates on it in that fold', () => {
    const plans = planFolds(data, { folds: 5, repeats: 3, seed: 7 });
    expect(plans).toHaveLength(15);
    for (let r = 0; r < 3; r++) {
      const tested = plans.filter((p) => p.repeat === r).flatMap((p) => p.test);
      expect(tested.sort()).toEqual(data.map((i) => i.id).sort());
    }
    for (const p of plans) {
      const parts = [...p.train, ...p.validation, ...p.test];
      expect(new Set(parts).size).toBe(data.length);
      expect(parts).toHaveLength(data.length);
      expect(p.validation.length).toBeGreaterThan(0);
    }
  });

  it('keeps classes, defect types and fold sizes within ±1 across folds', () => {
    const plans = planFolds(data, { folds: 5, repeats: 2, seed: 'x' });
    for (let r = 0; r < 2; r++) {
      expect(spread(plans, data, (i) => i.label === 'good', r)).toBeLessThanOrEqual(1);
      expect(spread(plans, data, (i) => i.label === 'bad', r)).toBeLessThanOrEqual(1);
      for (const type of ['scratch', 'thread', 'tip'])
        expect(spread(plans, data, (i) => i.defectType === type, r)).toBeLessThanOrEqual(1);
      expect(spread(plans, data, () => true, r)).toBeLessThanOrEqual(1);
    }
  });

  it('stratifies the validation part: it holds defective images when the training part has enough', () => {
    for (const p of planFolds(data, { folds: 5, repeats: 2, seed: 3 })) {
      const bad = count(p.validation, data, (i) => i.label === 'bad');
      const trainingBad = bad + count(p.train, data, (i) => i.label === 'bad');
      expect(Math.abs(bad - trainingBad / 5)).toBeLessThanOrEqual(1);
    }
  });

  it('never splits a group of near-duplicates between parts', () => {
    const rng = createRng('groups');
    const joined: Record<string, string> = {};
    // Chain random pairs and triples of images into shared groups.
    for (let i = 0; i < 12; i++) {
      const a = rng.int(0, 29);
      joined[`g${a}`] = `g${rng.int(0, 29)}`;
    }
    joined.scratch1 = 'scratch0';
    const grouped = items(30, { scratch: 4, thread: 3, tip: 3 }, joined);
    const members = new Map<string, string[]>();
    for (const i of grouped) members.set(i.group, [...(members.get(i.group) ?? []), i.id]);
    expect([...members.values()].some((m) => m.length > 1)).toBe(true);
    for (const p of planFolds(grouped, { folds: 4, repeats: 3, seed: 11 }))
      for (const group of members.values())
        for (const part of [p.train, p.validation, p.test]) {
          const inside = group.filter((id) => part.includes(id)).length;
          expect(inside === 0 || inside === group.length).toBe(true);
        }
  });

  it('is reproducible from its seed and independent of the input order', () => {
    const a = planFolds(data, { folds: 5, repeats: 2, seed: 42 });
    const b = planFolds([...data].reverse(), { folds: 5, repeats: 2, seed: 42 });
    expect(b).toEqual(a);
    const c = planFolds(data, { folds: 5, repeats: 2, seed: 43 });
    expect(c.map((p) => p.test)).not.toEqual(a.map((p) => p.test));
    // Repeats deal afresh.
    expect(a.filter((p) => p.repeat === 1).map((p) => p.test)).not.toEqual(
      a.filter((p) => p.repeat === 0).map((p) => p.test),
    );
  });

  it('refuses too few groups, bad settings and listed-twice images with a clear error', () => {
    const few = items(3, {}, { g1: 'g0' });
    expect(() => planFolds(few, { folds: 3, repeats: 1, seed: 1 })).toThrow(
      /at least 3 distinct images.*has 2/,
    );
    expect(() => planFolds(data, { folds: 1, repeats: 1, seed: 1 })).toThrow(CrossValidationError);
    expect(() => planFolds(data, { folds: 5, repeats: 0, seed: 1 })).toThrow(/Repeats/);
    expect(() => planFolds([...data, data[0]!], { folds: 5, repeats: 1, seed: 1 })).toThrow(/twice/);
  });
});
