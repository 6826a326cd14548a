import { describe, expect, it } from 'vitest';
import type { Assertion, AssertionScope } from './assertions.ts';
import {
  blockingFailures,
  defaultAssertions,
  evaluateAssertions,
  MAX_OFFENDING,
  recommendAssertions,
} from './assertions.ts';
import { wilsonLowerBound } from '../splits/test-size.ts';
import { syntheticAccumulator, syntheticStats } from './synthetic-profile.ts';

const scope: AssertionScope = { classes: ['good', 'bad'], inputSize: 128, gate: { threshold: 0.95 } };
const healthyPlan = {
  good: { train: 100, validation: 30, test: 75 },
  bad: { train: 100, validation: 30, test: 75 },
};

const byId = (results: ReturnType<typeof evaluateAssertions>, id: string) =>
  results.find((r) => r.id === id)!;

describe('defaultAssertions and evaluateAssertions', () => {
  it('derives defaults from the scope, with unique ids', () => {
    const defs = defaultAssertions({ classes: ['a', 'b'], inputSize: 224, gate: { threshold: 0.9 } });
    expect(new Set(defs.map((a) => a.id)).size).toBe(defs.length);
    expect(defs.find((a) => a.check === 'min_resolution')!.params).toEqual({ min: 224 });
    expect(defs.find((a) => a.check === 'test_split_gate_power')!.params).toEqual({
      gate: 0.9,
      min_lower_bound: 0.85,
    });
    expect(defs.filter((a) => a.blocking).every((a) => a.severity === 'fail')).toBe(true);
  });

  it('passes every default on a healthy dataset', () => {
    const profile = syntheticAccumulator(healthyPlan).finish();
    const results = evaluateAssertions(profile, defaultAssertions(scope), scope);
    expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.id}: ${r.message}`)).toEqual([]);
    expect(byId(results, 'test-power').observed).toBeCloseTo(wilsonLowerBound(0.95 * 150, 150), 4);
    expect(blockingFailures(results)).toEqual([]);
  });

  it('reports each planted problem with its images and numbers', () => {
    const acc = syntheticAccumulator({
      good: { train: 40, validation: 12, test: 20 },
      bad: { train: 12, validation: 12, test: 9 },
    });
    const img = (
      id: string,
      label: string | null,
      split: 'train' | 'validation' | 'test' | null,
      sha = `sha-${id}`,
      size = 256,
    ) => ({
      id,
      sha256: sha,
      label,
      split,
      width: size,
      height: size,
      channels: 1,
      format: 'png',
      byteSize: 1000,
    });
    acc.add(img('leak-a', 'good', 'train', 'L'), syntheticStats('leak', 'good'));
    acc.add(img('leak-b', 'good', 'test', 'L'), syntheticStats('leak', 'good'));
    const near = syntheticStats('near', 'bad');
    const flipped = near.dhash.slice(0, 15) + (Number.parseInt(near.dhash.slice(15), 16) ^ 1).toString(16);
    acc.add(img('near-a', 'bad', 'train'), near);
    acc.add(img('near-b', 'bad', 'validation'), { ...near, mean: near.mean + 10, dhash: flipped });
    acc.add(img('conf-a', 'good', null, 'C'), syntheticStats('conf', 'good'));
    acc.add(img('conf-b', 'bad', null, 'C'), syntheticStats('conf', 'good'));
    acc.add(img('broken', 'good', 'train'), null);
    acc.add(img('dark', 'good', 'train'), {
      ...syntheticStats('dark', 'good'),
      mean: 5,
      std: 3,
      sharpness: 0.5,
    });
    acc.add(img('tiny', 'good', 'train', 'sha-tiny', 64), syntheticStats('tiny', 'good', 64));
    const results = evaluateAssertions(acc.finish(), defaultAssertions(scope), scope);

    // bad/test holds 9, but 33 bad images are plenty for 5-fold cross-validation to stand in.
    expect(byId(results, 'enough-images')).toMatchObject({ status: 'pass', observed: 9 });
    expect(byId(results, 'enough-images').message).toMatch(/bad\/test 9, but .*cross-validation/);
    expect(byId(results, 'no-leakage')).toMatchObject({
      status: 'fail',
      offending: ['leak-a', 'leak-b'],
      observed: 1,
    });
    expect(byId(results, 'no-near-leakage')).toMatchObject({
      status: 'warn',
      blocking: false,
      offending: ['near-a', 'near-b'],
    });
    expect(byId(results, 'no-label-conflicts')).toMatchObject({
      status: 'fail',
      offending: ['conf-a', 'conf-b'],
    });
    expect(byId(results, 'all-decodable')).toMatchObject({ status: 'fail', offending: ['broken'] });
    expect(byId(results, 'brightness')).toMatchObject({
      status: 'fail',
      blocking: false,
      offending: ['dark'],
    });
    expect(byId(results, 'contrast').offending).toEqual(['dark']);
    expect(byId(results, 'sharpness').offending).toEqual(['dark']);
    expect(byId(results, 'resolution')).toMatchObject({ status: 'warn', offending: ['tiny'], observed: 64 });
    expect(byId(results, 'test-power')).toMatchObject({ status: 'warn', blocking: false });
    expect(byId(results, 'test-power').message).toMatch(/30 labelled test images is 0\.8\d\d .*needs ≥ 139/);
    expect(byId(results, 'class-balance').status).toBe('pass');
    expect(
      blockingFailures(results)
        .map((r) => r.id)
        .sort(),
    ).toEqual(['all-decodable', 'no-label-conflicts', 'no-leakage']);
  });

  it('lets cross-validation stand in for small splits only when every class has enough images', () => {
    const enough = (plan: Parameters<typeof syntheticAccumulator>[0]) =>
      byId(
        evaluateAssertions(syntheticAccumulator(plan).finish(), defaultAssertions(scope), scope),
        'enough-images',
      );
    // 30 good and 10 defective: the 70/15/15 split leaves 1–2 defective test images, yet 5 folds hold 2 each.
    const forty = enough({
      good: { train: 21, validation: 4, test: 5 },
      bad: { train: 7, validation: 1, test: 2 },
    });
    expect(forty.status).toBe('pass');
    expect(forty.message).toContain('enough for 5-fold cross-validation (≥ 2 per class per fold)');
    expect(forty.message).toContain('Evaluate screen');
    const nine = enough({
      good: { train: 21, validation: 4, test: 5 },
      bad: { train: 6, validation: 1, test: 2 },
    });
    expect(nine.status).toBe('fail');
    expect(nine.blocking).toBe(true);
    expect(nine.message).toMatch(
      /label at least 10 of each class .*cross-validation on the Evaluate screen.*short: bad 9/,
    );
    // Without cv_folds (an assertion written by hand) every split must hold the minimum.
    const strict = evaluateAssertions(
      syntheticAccumulator({
        good: { train: 21, validation: 4, test: 5 },
        bad: { train: 7, validation: 1, test: 2 },
      }).finish(),
      [{ ...defaultAssertions(scope)[0]!, params: { min: 10 } }],
      scope,
    )[0]!;
    expect(strict.status).toBe('fail');
    expect(strict.message).not.toContain('cross-validation');
  });

  it('warns, without blocking, when a class has no validation images, saying what the threshold falls back to', () => {
    // 400 test images, then 40 training images split afterwards: the shares of all 440 put them in train.
    const plan = { good: { train: 30, test: 300 }, bad: { train: 10, validation: 2, test: 100 } };
    const results = evaluateAssertions(syntheticAccumulator(plan).finish(), defaultAssertions(scope), scope);
    const classifier = byId(results, 'validation-images');
    expect(classifier).toMatchObject({ status: 'warn', blocking: false, observed: 'good 0, bad 2' });
    expect(classifier.message).toMatch(
      /needs ≥ 1 of good\): a two-class model then decides at P\(bad\) 0\.5/,
    );
    expect(classifier.message).toContain('Reassign every image');
    expect(blockingFailures(results).map((r) => r.id)).not.toContain('validation-images');
    const oneClass = { ...scope, mode: 'one-class' as const };
    const goodOnly = byId(
      evaluateAssertions(
        syntheticAccumulator({ good: { train: 30, test: 300 }, bad: { validation: 2 } }).finish(),
        defaultAssertions(oneClass),
        oneClass,
      ),
      'validation-images',
    );
    expect(goodOnly.status).toBe('warn');
    expect(goodOnly.message).toMatch(/validation holds good 0 .*scored against a bank built without it/);
    const withGood = evaluateAssertions(
      syntheticAccumulator({ good: { train: 30, validation: 1 } }).finish(),
      defaultAssertions(oneClass),
      oneClass,
    );
    // A one-class project asks for good validation images only.
    expect(byId(withGood, 'validation-images')).toMatchObject({ status: 'pass', observed: 'good 1' });
  });

  it('treats a scope class without images as infinite imbalance', () => {
    const profile = syntheticAccumulator({ good: { train: 20 } }).finish();
    const r = evaluateAssertions(profile, defaultAssertions(scope), scope);
    expect(byId(r, 'class-balance')).toMatchObject({ status: 'fail', observed: 'inf' });
  });

  it('lets max_fraction tolerate a few images and caps the listed offenders', () => {
    const acc = syntheticAccumulator({ good: { train: 300 } });
    const profile = acc.finish();
    const loose: Assertion = {
      id: 'b',
      check: 'brightness_within',
      params: { min: 139, max_fraction: 0.6 },
      severity: 'fail',
      blocking: true,
    };
    const strict: Assertion = { ...loose, params: { min: 139 } };
    const [a, b] = evaluateAssertions(profile, [loose, strict], scope);
    expect(a!.status).toBe('pass');
    expect(b!.status).toBe('fail');
    expect(b!.offendingCount).toBeGreaterThan(100);
    const tooMany = evaluateAssertions(profile, [{ ...strict, params: { min: 250 } }], scope)[0]!;
    expect(tooMany.offendingCount).toBe(300);
    expect(tooMany.offending).toHaveLength(MAX_OFFENDING);
  });

  it('fails closed on unknown checks and bad parameters, keeping the blocking flag', () => {
    const profile = syntheticAccumulator(healthyPlan).finish();
    const bad: Assertion[] = [
      { id: 'x', check: 'no_such_check', params: {}, severity: 'warn', blocking: true },
      { id: 'y', check: 'brightness_within', params: { min: '20' }, severity: 'fail', blocking: false },
      { id: 'z', check: 'brightness_within', params: {}, severity: 'fail', blocking: true },
    ];
    const [x, y, z] = evaluateAssertions(profile, bad, scope);
    expect(x).toMatchObject({ status: 'fail', blocking: true });
    expect(x!.message).toContain('unknown check');
    expect(y).toMatchObject({ status: 'fail', blocking: false });
    expect(y!.message).toContain('must be a number');
    expect(z!.message).toContain('at least one of min, max');
  });
});

describe('recommendAssertions', () => {
  it('fits quality bounds to the data and keeps the integrity checks', () => {
    const profile = syntheticAccumulator(healthyPlan).finish();
    const recs = recommendAssertions(profile, scope);
    const means = profile.rows.map((r) => r.stats!.mean).sort((a, b) => a - b);
    const bright = recs.find((a) => a.id === 'brightness')!;
    expect(bright.params['min']).toBeLessThanOrEqual(means[0]! - 5);
    expect(bright.params['min']).toBeGreaterThan(means[0]! - 20);
    expect(bright.params['max']).toBeGreaterThanOrEqual(means.at(-1)! + 5);
    const sharpMin = recs.find((a) => a.id === 'sharpness')!.params['min'] as number;
    expect(sharpMin).toBeGreaterThan(50); // data sits around 10^2.5; the generic default is 5
    expect(recs.map((a) => a.id)).toEqual(defaultAssertions(scope).map((a) => a.id));
    // The fitted bounds hold on the data they were fitted to.
    expect(evaluateAssertions(profile, recs, scope).filter((r) => r.status !== 'pass')).toEqual([]);
  });

  it('returns the defaults when there are too few images to fit', () => {
    const profile = syntheticAccumulator({ good: { train: 5 } }).finish();
    expect(recommendAssertions(profile, scope)).toEqual(defaultAssertions(scope));
  });
});
