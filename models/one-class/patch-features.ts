/**
 * Patch features from a classifier backbone, PatchCore-style: mid-level blocks see local structure
 * (threads, edges, a dent) without being tuned to the classifier's own classes, and each grid cell
 * of their output describes one patch of the crop. The backbone's layers up to the deepest chosen
 * block are rebuilt as fresh, frozen layers with the weights copied, so the one-class model built on
 * them owns every weight it uses and saves as one plain tfjs model.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { OneClassFitError } from './errors.ts';

/** Default feature layers of the screw CNN: block 3 (12 × 32 patches) with block 4 brought to its grid. */
export const DEFAULT_FEATURE_LAYERS: readonly string[] = ['relu3', 'relu4'];

/** Side of the neighbourhood each patch feature is averaged over, grid cells. */
export const PATCH_NEIGHBOURHOOD = 3;

/** The patch-feature part of a graph: its input, features [n, h, w, dims] and grid. */
export interface PatchFeatureGraph {
  input: tfl.SymbolicTensor;
  features: tfl.SymbolicTensor;
  patchGrid: [number, number];
  dims: number;
}

/** The model whose layers hold the features: a nested classifier under a mirror-averaging output. */
export function classifierOf(model: tfl.LayersModel): tfl.LayersModel {
  const last = model.layers[model.layers.length - 1];
  if (last && last.getClassName() === 'Average') {
    const nested = model.layers.find((l): l is tfl.LayersModel => l instanceof tfl.LayersModel);
    if (nested) return nested;
  }
  return model;
}

/** A new, frozen layer of `layer`'s class and configuration (without its weights). */
function cloneLayer(layer: tfl.layers.Layer): tfl.layers.Layer {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
  if (!entry)
    throw new OneClassFitError(
      `The backbone's layer "${layer.name}" is of class ${layer.getClassName()}, which tfjs cannot rebuild here.`,
    );
  const [cls, fromConfig] = entry;
  return fromConfig(cls, { ...layer.getConfig(), trainable: false }) as tfl.layers.Layer;
}

/**
 * Rebuilds `backbone`'s layers from its input up to `featureLayers` on a new input, frozen, with the
 * weights copied, and joins the chosen layers' outputs into patch features: each is averaged over a
 * 3 × 3 neighbourhood and brought to the first layer's grid (repeated up, or averaged down, by whole
 * factors), then they are concatenated. `backbone` is left as it was.
 */
export function patchFeatureGraph(
  backbone: tfl.LayersModel,
  featureLayers: readonly string[] = DEFAULT_FEATURE_LAYERS,
): PatchFeatureGraph {
  const inner = classifierOf(backbone);
  if (featureLayers.length === 0)
    throw new OneClassFitError('Name at least one backbone layer to take features from.');
  const known = inner.layers.map((l) => l.name);
  const chosen = featureLayers.map((name) => {
    const layer = inner.layers.find((l) => l.name === name);
    if (!layer)
      throw new OneClassFitError(
        `The backbone has no layer "${name}" to take patch features from; its layers are ${known.join(', ')}.`,
      );
    if (layer.outputShape.length !== 4)
      throw new OneClassFitError(
        `The backbone's layer "${name}" gives ${JSON.stringify(layer.outputShape)}, not an image-shaped [n, h, w, c] output.`,
      );
    return layer;
  });
  // Every grid is checked before any layer is built, so a refusal leaves no weights behind.
  const [gridH, gridW] = chosen[0]!.outputShape.slice(1, 3) as number[];
  for (const layer of chosen) {
    const [h, w] = layer.outputShape.slice(1, 3) as number[];
    const fits = (a: number, b: number) => a % b === 0 || b % a === 0;
    if (!fits(h!, gridH!) || !fits(w!, gridW!) || h! < gridH! !== w! < gridW!)
      throw new OneClassFitError(
        `The backbone's layer "${layer.name}" has a ${h} × ${w} grid, which is no whole multiple of the first feature layer's ${gridH} × ${gridW}.`,
      );
  }
  const [, height, width] = inner.inputs[0]!.shape;
  const input = tfl.input({ shape: [height!, width!, 1], name: 'image' });
  const built = new Map<tfl.layers.Layer, tfl.SymbolicTensor>();
  const copies: Array<[tfl.layers.Layer, tfl.layers.Layer]> = [];
  const rebuild = (layer: tfl.layers.Layer): tfl.SymbolicTensor => {
    const done = built.get(layer);
    if (done) return done;
    const parents = layer.inboundNodes[0]?.inboundLayers ?? [];
    let out: tfl.SymbolicTensor;
    if (parents.length === 0) out = input;
    else {
      const inputs = parents.map(rebuild);
      const copy = cloneLayer(layer);
      out = copy.apply(inputs.length === 1 ? inputs[0]! : inputs) as tfl.SymbolicTensor;
      copies.push([layer, copy]);
    }
    built.set(layer, out);
    return out;
  };
  const outputs = chosen.map(rebuild);
  for (const [from, to] of copies) to.setWeights(from.getWeights());
  const parts = outputs.map((out, i) => {
    const name = chosen[i]!.name;
    let x = tfl.layers
      .averagePooling2d({ poolSize: PATCH_NEIGHBOURHOOD, strides: 1, padding: 'same', name: `${name}_local` })
      .apply(out) as tfl.SymbolicTensor;
    const [, h, w] = x.shape as number[];
    if (h! < gridH!)
      x = tfl.layers
        .upSampling2d({ size: [gridH! / h!, gridW! / w!], name: `${name}_to_grid` })
        .apply(x) as tfl.SymbolicTensor;
    else if (h! > gridH!)
      x = tfl.layers
        .averagePooling2d({ poolSize: [h! / gridH!, w! / gridW!], name: `${name}_to_grid` })
        .apply(x) as tfl.SymbolicTensor;
    return x;
  });
  const features =
    parts.length === 1
      ? parts[0]!
      : (tfl.layers.concatenate({ name: 'patch_features' }).apply(parts) as tfl.SymbolicTensor);
  const dims = features.shape[3]!;
  return { input, features, patchGrid: [gridH!, gridW!], dims };
}
