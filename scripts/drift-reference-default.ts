/**
 * Writes models/default/drift-reference.json: the shipped default model's drift reference, measured
 * on a seeded sample of the generator dataset it was trained on (see workers/station/default-drift-reference.ts).
 * Run it after `npm run train:default`:
 *
 *   npx tsx scripts/drift-reference-default.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { bundleFromFiles, BUNDLE_FILES } from '../models/bundle-files.ts';
import { loadBundleModel } from '../models/bundle/bundle-model.ts';
import { featureModel } from '../models/bundle/features.ts';
import { isPreprocessSpec } from '../models/preprocess/spec.ts';
import { shippedReference, type ShippedDataset } from '../workers/station/default-drift-reference.ts';

const DIR = 'models/default';

await tf.setBackend('cpu');
const bundle = bundleFromFiles(
  Object.fromEntries(Object.values(BUNDLE_FILES).map((name) => [name, readFileSync(join(DIR, name))])),
);
const spec = bundle.metadata.preprocess;
if (!isPreprocessSpec(spec)) throw new Error('The shipped default model should use the canonical crop.');
const metrics = JSON.parse(readFileSync(join(DIR, 'metrics.json'), 'utf8')) as {
  dataset: Omit<ShippedDataset, 'seed'>;
  shipped: { seed: number };
};
const dataset: ShippedDataset = { ...metrics.dataset, seed: metrics.shipped.seed };
const model = await loadBundleModel(bundle);
const started = performance.now();
const file = shippedReference(dataset, spec, featureModel(model));
const seconds = (performance.now() - started) / 1000;
writeFileSync(join(DIR, 'drift-reference.json'), JSON.stringify(file) + '\n');
model.dispose();
console.log(
  `${file.reference.count} images measured in ${seconds.toFixed(1)} s; statistics: ${Object.keys(file.reference.stats).join(', ')}`,
);
