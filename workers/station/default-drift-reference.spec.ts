import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bundleFromFiles, BUNDLE_FILES } from '../../models/bundle-files.ts';
import { loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { featureModel } from '../../models/bundle/features.ts';
import { isPreprocessSpec, type PreprocessSpec } from '../../models/preprocess/spec.ts';
import {
  featuresOf,
  measureItem,
  round,
  sampledItems,
  type ShippedReferenceFile,
} from './default-drift-reference.ts';
import { statReference } from '../lib/monitor/drift-reference.ts';
import { embeddingDistance } from '../lib/monitor/embedding.ts';
import { DRIFT_STATS } from '../lib/monitor/monitor-types.ts';

const DIR = 'models/default';
const file = JSON.parse(readFileSync(join(DIR, 'drift-reference.json'), 'utf8')) as ShippedReferenceFile;
const bundle = bundleFromFiles(
  Object.fromEntries(Object.values(BUNDLE_FILES).map((name) => [name, readFileSync(join(DIR, name))])),
);
const spec = bundle.metadata.preprocess as PreprocessSpec;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe("the shipped default model's drift reference", () => {
  it('was measured on the dataset the model was trained on, as metrics.json records it', () => {
    const metrics = JSON.parse(readFileSync(join(DIR, 'metrics.json'), 'utf8')) as {
      dataset: { count: number; size: number; defectRatio: number };
      shipped: { seed: number };
    };
    expect(isPreprocessSpec(spec)).toBe(true);
    expect(file.generator).toMatchObject({ ...metrics.dataset, seed: metrics.shipped.seed });
    const planned = sampledItems(file.generator).map((p) => p.index);
    expect(file.generator.sampled.every((i) => planned.includes(i))).toBe(true);
    expect(file.reference.count).toBe(file.generator.sampled.length);
    expect(file.reference.source).toBe('shipped');
  });

  it('holds every statistic, with the out-of-domain ranges the rule gives for its values', () => {
    for (const stat of DRIFT_STATS) {
      const ref = file.reference.stats[stat]!;
      expect(ref.sorted.length).toBeGreaterThan(250);
      const again = statReference(stat, ref.sorted);
      expect(ref.lo).toBeCloseTo(again.lo, 3);
      expect(ref.hi).toBeCloseTo(again.hi, 3);
    }
  });

  it('recomputes the same statistics and embedding distances for a part of its images', async () => {
    const model = await loadBundleModel(bundle);
    const features = featureModel(model)!;
    const plan = new Map(sampledItems(file.generator).map((p) => [p.index, p]));
    for (const index of file.generator.sampled.slice(0, 8)) {
      const measured = measureItem(plan.get(index)!, file.generator.size, spec)!;
      for (const stat of ['brightness', 'contrast', 'sharpness', 'foreground', 'partLength'] as const)
        expect(file.reference.stats[stat]!.sorted).toContain(measured.stats[stat]);
      const distance = round(
        embeddingDistance(featuresOf(features, measured.input), file.reference.embeddingCentre!),
      );
      const nearest = file.reference.stats.embedding!.sorted.reduce((a, b) =>
        Math.abs(b - distance) < Math.abs(a - distance) ? b : a,
      );
      // Float32 kernels may differ in the last bits between backends; 1e-4 relative is far below any drift.
      expect(Math.abs(nearest - distance)).toBeLessThan(1e-4 * distance);
    }
    model.dispose();
  }, 60_000);
});
