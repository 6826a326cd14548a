import type * as tfl from '@tensorflow/tfjs-layers';
import { tf } from '../tf/runtime.ts';
import type { RunRecord } from '../lib/db/schema/runs.ts';
import { inputHeight } from '../../models/preprocess/spec.ts';
import { BUNDLE_FORMAT_VERSION, type ModelBundle } from '../../models/bundle.ts';
import { outputsOf } from './trainer.ts';

/** Serialises a trained model with its run's metadata (classes, preprocessing, metrics, lineage) into the bundle format. */
export async function toBundle(model: tfl.LayersModel, run: RunRecord): Promise<ModelBundle> {
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
          lineage: {
            runId: run.id,
            snapshotHash: run.snapshotHash,
            params: { ...run.params },
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
  return bundle!;
}
