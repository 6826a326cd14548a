import { describe, expect, it } from 'vitest';
import type { AssertionScope } from './assertions.ts';
import { defaultAssertions, evaluateAssertions } from './assertions.ts';
import { diffProfiles } from './profile-diff.ts';
import { syntheticAccumulator, syntheticStats } from './synthetic-profile.ts';

const scope: AssertionScope = { classes: ['good', 'bad'], inputSize: 128, gate: { threshold: 0.95 } };
const plan = { good: { train: 30, validation: 12, test: 12 }, bad: { train: 20, validation: 12, test: 12 } };

function run(profile: ReturnType<ReturnType<typeof syntheticAccumulator>['finish']>) {
  return evaluateAssertions(profile, defaultAssertions(scope), scope);
}

describe('diffProfiles', () => {
  it('reports nothing for identical profiles', () => {
    const a = syntheticAccumulator(plan).finish();
    const b = syntheticAccumulator(plan).finish();
    const d = diffProfiles(a, b, run(a), run(b));
    expect(d.counts).toEqual([]);
    expect(d.medians).toEqual([]);
    expect(d.assertions).toEqual([]);
    expect(d.outliers).toEqual({ added: [], removed: [] });
    expect(d.duplicates).toEqual({ added: [], removed: [] });
    expect(d.images).toMatchObject({ added: 0, removed: 0, relabelled: 0, moved: 0 });
  });

  it('reports count, median, duplicate, leak, outlier and assertion changes', () => {
    const a = syntheticAccumulator(plan).finish();
    const acc = syntheticAccumulator({ ...plan, bad: { ...plan.bad, train: 25 } });
    acc.add(
      {
        id: 'copy',
        sha256: 'sha-good-train-0',
        label: 'good',
        split: 'test',
        width: 256,
        height: 256,
        channels: 1,
        format: 'png',
        byteSize: 1,
      },
      syntheticStats('synthetic/good-train-0', 'good'),
    );
    acc.add(
      {
        id: 'night',
        sha256: 'night',
        label: 'good',
        split: 'train',
        width: 256,
        height: 256,
        channels: 1,
        format: 'png',
        byteSize: 1,
      },
      { ...syntheticStats('night', 'good'), mean: 10 },
    );
    const b = acc.finish();
    const d = diffProfiles(a, b, run(a), run(b));

    expect(d.images).toMatchObject({ from: 98, to: 105, added: 7, removed: 0 });
    expect(d.images.addedIds).toEqual(expect.arrayContaining(['copy', 'night', 'bad-train-24']));
    expect(d.counts).toEqual(
      expect.arrayContaining([
        { label: 'bad', split: 'train', from: 20, to: 25, delta: 5 },
        { label: 'good', split: 'test', from: 12, to: 13, delta: 1 },
        { label: 'good', split: 'train', from: 30, to: 31, delta: 1 },
      ]),
    );
    expect(d.counts).toHaveLength(3);
    const overallMean = d.medians.find((m) => m.overall && m.stat === 'mean');
    expect(overallMean?.delta).not.toBe(0);
    expect(d.duplicates.added.map((g) => g.ids)).toEqual([['copy', 'good-train-0']]);
    expect(d.leaks.added).toHaveLength(1);
    expect(d.outliers.added.map((o) => [o.id, o.stat])).toContainEqual(['night', 'mean']);
    expect(d.assertions).toContainEqual({
      id: 'no-leakage',
      check: 'no_cross_split_duplicates',
      from: 'pass',
      to: 'fail',
    });
    expect(d.assertions).toContainEqual({
      id: 'brightness',
      check: 'brightness_within',
      from: 'pass',
      to: 'fail',
    });
    expect(d.assertions.map((s) => s.id)).not.toContain('all-decodable');

    // And backwards: what was added is now removed.
    const back = diffProfiles(b, a, run(b), run(a));
    expect(back.images.removed).toBe(7);
    expect(back.leaks.removed).toHaveLength(1);
    expect(back.assertions).toContainEqual({
      id: 'no-leakage',
      check: 'no_cross_split_duplicates',
      from: 'fail',
      to: 'pass',
    });
  });

  it('counts relabelled and moved images, and assertions that appear or vanish', () => {
    const a = syntheticAccumulator({ good: { train: 3 } }).finish();
    const b = structuredClone(a);
    b.rows[0]!.label = 'bad';
    b.rows[1]!.split = 'test';
    const ra = run(a);
    const d = diffProfiles(a, b, ra, ra.slice(1));
    expect(d.images).toMatchObject({ relabelled: 1, moved: 1, added: 0 });
    expect(d.assertions).toEqual([{ id: ra[0]!.id, check: ra[0]!.check, from: ra[0]!.status, to: null }]);
  });
});
