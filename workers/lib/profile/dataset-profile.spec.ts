import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { MIN_OUTLIER_GROUP, ProfileAccumulator } from './dataset-profile.ts';
import type { ProfileImageInput } from './dataset-profile.ts';
import type { Split } from '../splits/split.ts';
import { hashFromWords as hex } from '../image/dhash.ts';
import type { ImageStats } from './image-stats.ts';

function stats(over: Partial<ImageStats> = {}): ImageStats {
  return {
    width: 256,
    height: 256,
    isGrayscale: true,
    mean: 120,
    std: 40,
    sharpness: 300,
    clippedDark: 0,
    clippedBright: 0,
    otsuThreshold: 100,
    foregroundFraction: 0.2,
    foregroundIsDark: true,
    orientationDeg: 30,
    elongation: 4,
    centroidX: 0.5,
    centroidY: 0.5,
    dhash: '0123456789abcdef',
    ...over,
  };
}

function image(
  id: string,
  label: string | null,
  split: Split | null,
  over: Partial<ProfileImageInput> = {},
): ProfileImageInput {
  return {
    id,
    sha256: `sha-${id}`,
    label,
    split,
    width: 256,
    height: 256,
    channels: 1,
    format: 'png',
    byteSize: 50_000,
    ...over,
  };
}

/** Distinct, far-apart hashes: each differs from the others in ~32 bits. */
function farHash(i: number): string {
  const r = createRng(`far-${i}`);
  return hex(r.uint32(), r.uint32());
}

describe('ProfileAccumulator counts and classes', () => {
  it('counts class × split cells, totals and the imbalance ratio', () => {
    const acc = new ProfileAccumulator();
    let n = 0;
    const put = (label: string | null, split: Split | null, k: number) => {
      for (let i = 0; i < k; i++, n++) acc.add(image(`i${n}`, label, split), stats({ dhash: farHash(n) }));
    };
    put('good', 'train', 12);
    put('good', 'test', 4);
    put('bad', 'train', 3);
    put('bad', 'validation', 1);
    put(null, null, 2);
    const p = acc.finish();
    expect(p.profileVersion).toBe(1);
    expect(p.imageCount).toBe(22);
    expect(p.labelledCount).toBe(20);
    const cell = (label: string | null, split: Split | null) =>
      p.counts.find((c) => c.label === label && c.split === split)?.count;
    expect(cell('good', 'train')).toBe(12);
    expect(cell('bad', 'validation')).toBe(1);
    expect(cell(null, null)).toBe(2);
    expect(cell('bad', 'test')).toBeUndefined();
    expect(p.classTotals).toEqual([
      { label: 'good', count: 16 },
      { label: 'bad', count: 4 },
      { label: null, count: 2 },
    ]);
    expect(p.imbalanceRatio).toBe(4);
    expect(p.duplicates).toEqual([]);
  });

  it('bins histograms on fixed edges per class, clamping values past the ends', () => {
    const acc = new ProfileAccumulator();
    acc.add(image('a', 'good', 'train'), stats({ mean: 0, sharpness: 0, dhash: farHash(1) }));
    acc.add(image('b', 'good', 'train'), stats({ mean: 255, sharpness: 1e9, dhash: farHash(2) }));
    acc.add(image('c', 'good', 'train'), stats({ mean: 130, sharpness: 99, dhash: farHash(3) }));
    acc.add(image('d', 'bad', 'train'), null);
    const p = acc.finish();
    const mean = p.histograms.find((h) => h.stat === 'mean')!;
    expect(mean.edges).toHaveLength(21);
    expect(mean.edges[20]).toBe(255);
    const good = mean.perClass.find((c) => c.label === 'good')!.counts;
    expect(good[0]).toBe(1);
    expect(good[19]).toBe(1);
    expect(good[10]).toBe(1); // 130 / 12.75 = 10.2
    expect(mean.perClass.find((c) => c.label === 'bad')!.counts.every((c) => c === 0)).toBe(true);
    const sharp = p.histograms
      .find((h) => h.stat === 'sharpness')!
      .perClass.find((c) => c.label === 'good')!.counts;
    expect(sharp[0]).toBe(1);
    expect(sharp[19]).toBe(1);
    expect(sharp[8]).toBe(1); // log10(100) = 2 → bin 2 / 0.25 = 8
    // Header stats still count the undecodable image.
    expect(
      p.histograms.find((h) => h.stat === 'width')!.perClass.find((c) => c.label === 'bad')!.counts[8],
    ).toBe(1); // log2(256) = 8 → (8 - 4) / 0.5
    expect(p.undecodable).toEqual(['d']);
    expect(p.decodedCount).toBe(3);
  });

  it('rejects a repeated id and keeps nothing beyond the row fields', () => {
    const acc = new ProfileAccumulator();
    const withPixels = { ...image('a', 'good', 'train'), pixels: new Uint8Array(1000) };
    acc.add(withPixels, { ...stats(), pixels: new Uint8Array(10) } as ImageStats);
    expect(() => acc.add(image('a', 'good', 'test'), stats())).toThrow(/twice/);
    const row = acc.finish().rows[0]!;
    expect(Object.keys(row)).not.toContain('pixels');
    expect(Object.keys(row.stats!)).not.toContain('pixels');
  });
});

describe('ProfileAccumulator duplicates, leaks and conflicts', () => {
  const base = 0x12345678;
  it('finds exact and near duplicates, flags cross-split groups as leaks, and label conflicts', () => {
    const acc = new ProfileAccumulator();
    // Exact copy across train/test: a leak.
    acc.add(image('e1', 'good', 'train', { sha256: 'S1' }), stats({ dhash: farHash(10) }));
    acc.add(image('e2', 'good', 'test', { sha256: 'S1' }), stats({ dhash: farHash(10) }));
    // Exact copy within train, different labels: a conflict but no leak.
    acc.add(image('c1', 'good', 'train', { sha256: 'S2' }), stats({ dhash: farHash(11) }));
    acc.add(image('c2', 'bad', 'train', { sha256: 'S2' }), stats({ dhash: farHash(11) }));
    // Exact copy with an unassigned one: not a leak (null split is not a split).
    acc.add(image('u1', 'good', 'validation', { sha256: 'S3' }), stats({ dhash: farHash(12) }));
    acc.add(image('u2', null, null, { sha256: 'S3' }), null);
    // Near: n1–n2 are 4 bits apart (in); 'far' is 5 bits from n1 and 9 from n2 (out).
    acc.add(image('n1', 'bad', 'train'), stats({ dhash: hex(base, 0) }));
    acc.add(image('n2', 'bad', 'validation'), stats({ dhash: hex(base ^ 0b11, 0b11) }));
    acc.add(image('far', 'bad', 'test'), stats({ dhash: hex(base ^ 0b1111100, 0) }));
    const p = acc.finish();

    const exact = p.duplicates.filter((d) => d.kind === 'exact').map((d) => d.ids);
    expect(exact).toEqual(
      expect.arrayContaining([
        ['e1', 'e2'],
        ['c1', 'c2'],
        ['u1', 'u2'],
      ]),
    );
    expect(exact).toHaveLength(3);
    const near = p.duplicates.filter((d) => d.kind === 'near');
    expect(near).toHaveLength(1);
    expect(near[0]).toMatchObject({ ids: ['n1', 'n2'], maxDistance: 4, splits: ['train', 'validation'] });
    expect(p.leaks.map((l) => l.ids)).toEqual(
      expect.arrayContaining([
        ['e1', 'e2'],
        ['n1', 'n2'],
      ]),
    );
    expect(p.leaks).toHaveLength(2);
    expect(p.labelConflicts).toEqual([{ sha256: 'S2', ids: ['c1', 'c2'], labels: ['bad', 'good'] }]);
  });

  it('joins near duplicates transitively and honours a custom threshold', () => {
    const chain = ['a', 'b', 'c'].map((id) => image(id, 'good', 'train'));
    const hashes = [hex(0, 0), hex(0, 0b111), hex(0, 0b111111)]; // a–b 3, b–c 3, a–c 6
    const acc = new ProfileAccumulator();
    chain.forEach((img, i) => acc.add(img, stats({ dhash: hashes[i]! })));
    expect(acc.finish().duplicates).toMatchObject([{ kind: 'near', ids: ['a', 'b', 'c'], maxDistance: 3 }]);
    const strict = new ProfileAccumulator({ nearDuplicateMaxBits: 2 });
    chain.forEach((img, i) => strict.add(img, stats({ dhash: hashes[i]! })));
    expect(strict.finish().duplicates).toEqual([]);
  });

  it('rejects hash-near pairs whose object sits elsewhere or is turned, unless geometry checks are off', () => {
    const pair = (over: Partial<ImageStats>, options = {}) => {
      const acc = new ProfileAccumulator(options);
      acc.add(image('a', 'good', 'train'), stats({ dhash: hex(0, 0) }));
      acc.add(image('b', 'good', 'test'), stats({ dhash: hex(0, 1), ...over }));
      return acc.finish().duplicates.length;
    };
    expect(pair({})).toBe(1);
    expect(pair({ centroidX: 0.53 })).toBe(0);
    expect(pair({ orientationDeg: 33 })).toBe(0);
    expect(pair({ orientationDeg: 31.5, centroidY: 0.51, foregroundFraction: 0.18 })).toBe(1);
    expect(pair({ foregroundFraction: 0.1 })).toBe(0);
    expect(pair({ orientationDeg: 80, elongation: 1.2 })).toBe(1); // round objects have no meaningful angle
    expect(pair({ centroidX: 0.9 }, { nearDuplicateGeometry: false })).toBe(1);
  });

  it('finds every planted near pair among 10,000 random hashes, and no other', () => {
    const rng = createRng('bench');
    const n = 10_000;
    const acc = new ProfileAccumulator();
    const planted = 50;
    for (let i = 0; i < n; i++) {
      const hi = rng.uint32();
      const lo = rng.uint32();
      acc.add(
        image(`r${i}`, i % 2 ? 'good' : 'bad', 'train'),
        stats({ dhash: hex(hi, lo), mean: rng.normal(120, 10) }),
      );
      if (i < planted)
        acc.add(image(`p${i}`, 'good', 'test'), stats({ dhash: hex(hi ^ (1 << (i % 32)), lo ^ 1) }));
    }
    const p = acc.finish();
    // Random 64-bit hashes fall within 4 bits of each other with probability ~1e-12 per pair.
    const near = p.duplicates.filter((d) => d.kind === 'near');
    expect(near.length).toBe(planted);
    expect(p.leaks.length).toBe(planted);
  });
});

describe('ProfileAccumulator outliers and serialisation', () => {
  it('flags robust-z outliers per class, not against the pooled data', () => {
    const rng = createRng('outliers');
    const acc = new ProfileAccumulator();
    for (let i = 0; i < 40; i++)
      acc.add(image(`g${i}`, 'good', 'train'), stats({ mean: rng.normal(150, 4), dhash: farHash(i) }));
    for (let i = 0; i < 12; i++)
      acc.add(image(`b${i}`, 'bad', 'train'), stats({ mean: rng.normal(60, 4), dhash: farHash(100 + i) }));
    acc.add(image('odd', 'good', 'train'), stats({ mean: 60, dhash: farHash(999) }));
    const p = acc.finish();
    const meanOutliers = p.outliers.filter((o) => o.stat === 'mean');
    expect(meanOutliers.map((o) => o.id)).toEqual(['odd']);
    expect(meanOutliers[0]!.z).toBeLessThan(-3.5);
    expect(meanOutliers[0]!.value).toBe(60);
  });

  it('falls back to the mean absolute deviation when most values are identical', () => {
    const acc = new ProfileAccumulator();
    for (let i = 0; i < MIN_OUTLIER_GROUP + 4; i++)
      acc.add(image(`s${i}`, 'good', 'train'), stats({ dhash: farHash(i) }));
    acc.add(image('blurry', 'good', 'train'), stats({ sharpness: 2, dhash: farHash(50) }));
    expect(acc.finish().outliers.map((o) => [o.id, o.stat])).toEqual([['blurry', 'sharpness']]);
  });

  it('skips outlier screening for classes too small to estimate a spread', () => {
    const acc = new ProfileAccumulator();
    for (let i = 0; i < MIN_OUTLIER_GROUP - 1; i++)
      acc.add(image(`s${i}`, 'good', 'train'), stats({ mean: i === 0 ? 250 : 100, dhash: farHash(i) }));
    expect(acc.finish().outliers).toEqual([]);
  });

  it('survives a JSON round trip unchanged (no Maps, Sets, NaN or Infinity)', () => {
    const acc = new ProfileAccumulator();
    acc.add(image('a', 'good', 'train', { sha256: 'X' }), stats({ dhash: farHash(1) }));
    acc.add(image('b', 'good', 'test', { sha256: 'X' }), stats({ dhash: farHash(1) }));
    acc.add(image('c', 'bad', 'train'), null);
    const p = acc.finish();
    expect(JSON.parse(JSON.stringify(p))).toEqual(p);
    expect(p.overall.find((s) => s.stat === 'mean')).toMatchObject({ n: 2, median: 120 });
  });
});
