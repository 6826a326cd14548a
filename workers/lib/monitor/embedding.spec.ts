import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { embeddingCentre, embeddingDistance } from './embedding.ts';

describe('embedding distance', () => {
  const rng = createRng('embedding');
  const train = Array.from({ length: 400 }, () => [rng.normal(5, 2), rng.normal(-1, 0.5), rng.normal(0, 1)]);
  const centre = embeddingCentre(train);

  it("finds the training features' mean and spread", () => {
    expect(centre.mean[0]).toBeCloseTo(5, 0);
    expect(centre.scale[1]).toBeCloseTo(0.5, 1);
  });

  it('puts training images about 1 from the centre and a far frame much further', () => {
    const distances = train.map((f) => embeddingDistance(f, centre));
    const mean = distances.reduce((a, b) => a + b, 0) / distances.length;
    expect(mean).toBeGreaterThan(0.8);
    expect(mean).toBeLessThan(1.05);
    expect(embeddingDistance(centre.mean, centre)).toBe(0);
    expect(embeddingDistance([5 + 8 * 2, -1, 0], centre)).toBeGreaterThan(4);
  });

  it('floors the spread of a feature that never varied in training', () => {
    const flat = embeddingCentre([
      [1, 0],
      [3, 0],
      [5, 0],
    ]);
    expect(flat.scale[1]).toBeGreaterThan(0);
    expect(Number.isFinite(embeddingDistance([3, 0.01], flat))).toBe(true);
  });

  it('refuses features of the wrong length with both lengths named', () => {
    expect(() => embeddingDistance([1, 2], centre)).toThrow(/gave 2 features; its reference has 3/);
    expect(() => embeddingCentre([[1]])).toThrow(/at least 2 images/);
  });
});
