/**
 * The backbone a run starts from: the shipped model or a registered version, found, identified by
 * the digest of its weights, and copied layer by layer (by name) into a freshly built screw-cnn.
 */
import * as tfl from '@tensorflow/tfjs-layers';
import type { Db } from '../lib/db/open-db.ts';
import { getVersionBundle, versionId } from '../lib/db/registry-repo.ts';
import { NotFoundError } from '../lib/db/errors.ts';
import type { BackboneIdentity, TrainParams } from '../lib/db/schema/runs.ts';
import type { ModelBundle } from '../../models/bundle.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';
import { sha256Hex } from '../../models/bundle/manifest.ts';
import { buildScrewCnn } from '../../models/architectures/screw-cnn.ts';
import { defaultPreprocessSpec, inputHeight } from '../../models/preprocess/spec.ts';
import { fetchShippedBundle, SHIPPED_BACKBONE_PATH } from '../evaluate/default-model.ts';
import { parseVersionRef, startOf } from './train-params.ts';
import { HEAD_LAYER } from './fine-tune.ts';
import { tf } from '../tf/runtime.ts';

/** A backbone that cannot seed this run: missing, or with layers the run's model cannot take. */
export class BackboneError extends Error {
  override name = 'BackboneError';
}

/** Reads the shipped backbone's bundle (from the app's origin in a worker, from disk in a test). */
export type ShippedSource = () => Promise<ModelBundle>;

/**
 * The shipped backbone as the train worker reads it: from the app's origin, precached for offline use.
 * It is trained on many generator looks, apart from the default model the station runs (demo screws).
 */
export const fetchShippedFromOrigin: ShippedSource = () =>
  fetchShippedBundle(new URL('/', self.location.href), SHIPPED_BACKBONE_PATH);

/** A backbone's bundle and who it is. */
export interface Backbone {
  bundle: ModelBundle;
  identity: BackboneIdentity;
}

/** Layer kinds whose weights a backbone gives; everything else (the head above all) starts fresh. */
const BACKBONE_KINDS = new Set(['Conv2D', 'BatchNormalization']);

/** The backbone a run's `from` names, or null when it starts from scratch. */
export async function findBackbone(
  db: Db,
  projectId: string,
  params: TrainParams,
  shipped: ShippedSource,
): Promise<Backbone | null> {
  const { from } = startOf(params);
  if (from === 'scratch') return null;
  let bundle: ModelBundle;
  let model: string;
  if (from === 'default') {
    bundle = await shipped();
    model = 'shipped';
  } else {
    const ref = parseVersionRef(from);
    if (!ref) throw new BackboneError(`"${from}" names no backbone: use default, scratch or NAME@V.`);
    try {
      bundle = await getVersionBundle(db, versionId(projectId, ref.name, ref.version));
    } catch (error) {
      if (error instanceof NotFoundError)
        throw new BackboneError(
          `No registered version ${from} to start from in this project; pick one on the Registry screen.`,
        );
      throw error;
    }
    model = from;
  }
  return { bundle, identity: { model, weightsSha256: await sha256Hex(new Uint8Array(bundle.weightData)) } };
}

/** The classifier whose layers carry the weights: the one nested in a mirror-averaged wrapper, else the model. */
function classifierOf(model: tfl.LayersModel): tfl.LayersModel {
  return model.layers.find((l): l is tfl.LayersModel => l instanceof tfl.LayersModel) ?? model;
}

/**
 * Copies every conv and batch-norm layer of `target` from the layer of the same name in `source`
 * (or in the classifier nested in it). Throws BackboneError naming the first layer that is missing
 * or differs in shape, before any weight is written. Returns the copied layers' names.
 */
export function copyBackboneWeights(
  target: tfl.LayersModel,
  source: tfl.LayersModel,
  label: string,
): string[] {
  const from = classifierOf(source);
  const pairs = target.layers
    .filter((layer) => BACKBONE_KINDS.has(layer.getClassName()))
    .map((layer) => {
      const match = from.layers.find((l) => l.name === layer.name);
      if (!match)
        throw new BackboneError(
          `The backbone ${label} has no layer "${layer.name}" (${layer.getClassName()}); it cannot seed a screw-cnn. Start from scratch or from a model trained here.`,
        );
      const want = layer.weights.map((w) => w.shape);
      const have = match.weights.map((w) => w.shape);
      if (match.getClassName() !== layer.getClassName() || JSON.stringify(want) !== JSON.stringify(have))
        throw new BackboneError(
          `The backbone ${label}'s layer "${layer.name}" is a ${match.getClassName()} with weights ${JSON.stringify(have)}; this run's needs ${layer.getClassName()} ${JSON.stringify(want)}. Match the base filters and input channels, or start from scratch.`,
        );
      return [layer, match] as const;
    });
  // Shapes match, so values can be written in the layers' own weight order (kernel, gamma, beta, moving stats).
  for (const [layer, match] of pairs) layer.setWeights(match.getWeights());
  return pairs.map(([layer]) => layer.name);
}

/**
 * Builds a backbone's model, copies its layers into `target`, frees it, and zeroes `target`'s head.
 * A randomly initialised head is a random projection of features that already separate the classes,
 * often strongly and the wrong way round, and a few dozen updates do not turn it; a zero head starts
 * neutral (every class equally likely), and its first updates point along what separates the classes.
 * Returns the copied layers' names.
 */
export async function seedFromBackbone(target: tfl.LayersModel, backbone: Backbone): Promise<string[]> {
  const source = await loadBundleModel(backbone.bundle);
  let copied: string[];
  try {
    copied = copyBackboneWeights(target, source, backbone.identity.model);
  } finally {
    disposeModel(source);
  }
  const head = target.getLayer(HEAD_LAYER);
  const zeros = head.getWeights().map((w) => tf.zerosLike(w));
  head.setWeights(zeros);
  tf.dispose(zeros);
  return copied;
}

/**
 * Refuses a backbone that cannot seed a run of these hyperparameters, before the run is recorded:
 * builds the run's model once and copies the backbone into it.
 */
export async function checkBackbone(backbone: Backbone, params: TrainParams, classes: number): Promise<void> {
  const spec = defaultPreprocessSpec(params.inputSize);
  const model = buildScrewCnn({
    width: spec.inputSize,
    height: inputHeight(spec),
    classes,
    baseFilters: params.baseFilters,
    seed: params.seed,
  });
  try {
    await seedFromBackbone(model, backbone);
  } finally {
    model.dispose();
  }
}
