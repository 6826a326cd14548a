import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../workers/tf/runtime.ts';
import { generateScrewImage, toGray } from '../workers/lib/synth/screw-generator.ts';
import { auroc } from '../workers/lib/metrics/classification.ts';
import { HELD_OUT_STYLES, SELECTION_STYLES } from '../workers/lib/synth/style-sets.ts';
import { defaultTrainParams } from '../workers/train/train-params.ts';
import { checkBackbone } from '../workers/train/backbone.ts';
import { SHIPPED_BACKBONE } from '../workers/train/shipped-backbone.ts';
import { badProbabilities, type ModelBundle } from './bundle.ts';
import { disposeModel, loadBundleModel } from './bundle/bundle-model.ts';
import { preprocessGray } from './preprocess/preprocess.ts';
import { isPreprocessSpec } from './preprocess/spec.ts';
import { readShippedBackbone } from '../tests/support/shipped-bundle.ts';
import { useWasmBackend } from '../tests/support/wasm-backend.ts';

let bundle: ModelBundle;

beforeAll(async () => {
  bundle = readShippedBackbone();
  expect(await useWasmBackend()).toBe(true);
});

describe('the shipped backbone', () => {
  it('seeds a run at its own shapes, and records where it learned', async () => {
    const params = defaultTrainParams(SHIPPED_BACKBONE.inputSize);
    expect(params.baseFilters).toBe(SHIPPED_BACKBONE.baseFilters);
    const identity = { model: 'shipped', weightsSha256: 'not checked here' };
    await expect(checkBackbone({ bundle, identity }, params, 2)).resolves.toBeUndefined();
    const metrics = JSON.parse(readFileSync(join('models/backbone', 'metrics.json'), 'utf8')) as {
      training: { styles: Record<string, unknown>; shipped: { runId: string } };
    };
    expect(metrics.training.shipped.runId).toBe(bundle.metadata.lineage.runId);
    // Never a look that the held-out figures or the choice of backbone are measured on.
    for (const style of [...HELD_OUT_STYLES, ...SELECTION_STYLES])
      expect(Object.keys(metrics.training.styles)).not.toContain(style);
  });

  it('tells good from defective screws of a look it learned, on screws it has never seen', async () => {
    const spec = bundle.metadata.preprocess;
    if (!isPreprocessSpec(spec)) throw new Error('the backbone reads the canonical crop');
    const model = await loadBundleModel(bundle);
    const scores: number[] = [];
    const bad: boolean[] = [];
    const kinds = ['good', 'good', 'good', 'thread_side', 'scratch_neck', 'manipulated_front'] as const;
    for (let i = 0; i < 48; i++) {
      const kind = kinds[i % kinds.length]!;
      // Seeds far from the pretraining run's (101 and up, 400 images a look).
      const image = generateScrewImage({ seed: 91_000 + i, kind, size: 256, style: 'zinc-ring' });
      const gray = image.channels === 3 ? toGray(image.pixels, 3) : image.pixels;
      const { tensor } = preprocessGray(gray, image.width, image.height, spec);
      const out = tf.tidy(() =>
        (
          model.predict(tf.tensor4d(tensor, [1, ...bundle.metadata.inputShape] as never)) as tf.Tensor
        ).dataSync(),
      );
      scores.push(badProbabilities(out, bundle.metadata.outputs.classOf)[0]!);
      bad.push(kind !== 'good');
    }
    disposeModel(model);
    expect(auroc(scores, bad)).toBeGreaterThan(0.9);
  }, 60_000);
});
