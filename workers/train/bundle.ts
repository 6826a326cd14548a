import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import { inputHeight } from '../../models/preprocess/spec.ts';
import { BUNDLE_FORMAT_VERSION, type ModelBundle } from '../../models/bundle.ts';
import { recordGolden } from '../../models/bundle/golden.ts';
import { modelPredictor } from '../../models/bundle/bundle-model.ts';
import type { Example } from './dataset.ts';
import { batchTensor, outputsOf, type TrainContext } from './trainer.ts';

/**
 * The held-out images whose crops become a bundle's golden inputs: one good, one defective, then the
 * next in order. Real crops exercise the weights far better than noise does.
 */
export function goldenExamples(examples: readonly Example[], count = 3): Example[] {
  const picked = [examples.find((e) => e.label === 0), examples.find((e) => e.label !== 0)].filter(
    (e): e is Example => !!e,
  );
  for (const e of examples) if (picked.length < count && !picked.includes(e)) picked.push(e);
  return picked;
}

/**
 * Serialises a trained model with its run's metadata (classes, preprocessing, metrics, threshold,
 * lineage) into the bundle format, with golden data recorded on real held-out crops.
 */
export async function toBundle(
  ctx: TrainContext,
  model: tfl.LayersModel,
  run: RunRecord,
  held: readonly Example[],
): Promise<ModelBundle> {
  const spec = run.preprocess;
  let bundle: ModelBundle | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      bundle = {
        metadata: {
          format: 'screwops-model',
          formatVersion: BUNDLE_FORMAT_VERSION,
          name: run.name,
          classes: run.classes,
          outputs: outputsOf(run),
          preprocess: spec,
          inputShape: [inputHeight(spec), spec.inputSize, 1],
          metrics: run.evaluation && { ...run.evaluation },
          threshold: run.evaluation?.threshold ?? null,
          lineage: {
            runId: run.id,
            snapshotHash: run.snapshotHash,
            params: { ...run.params },
            backbone: run.backbone ?? null,
          },
          createdAt: Date.now(),
        },
        modelTopology: artifacts.modelTopology as object,
        weightSpecs: artifacts.weightSpecs as ModelBundle['weightSpecs'],
        weightData: artifacts.weightData as ArrayBuffer,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const golden = goldenExamples(held);
  if (golden.length) {
    const inputs = await batchTensor(ctx, golden, null);
    try {
      bundle!.golden = await recordGolden(bundle!.metadata, modelPredictor(model), {
        goldenInputs: (await inputs.data()) as Float32Array,
      });
    } finally {
      inputs.dispose();
    }
  }
  return bundle!;
}
