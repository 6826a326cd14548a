/**
 * The classifier's own features: the values its last dense layer turns into class scores. Drift
 * monitoring measures how far a frame's features lie from the training images' features, which sees
 * what the model itself "notices" about a frame rather than what a pixel statistic does.
 */
import * as tfl from '@tensorflow/tfjs-layers';

/** Layers that only reshape or squash the class scores after the last dense layer. */
const AFTER_LOGITS = new Set(['Activation', 'Softmax', 'Average', 'Flatten', 'Reshape']);

/**
 * A model from `model`'s input to its penultimate features (the input of its final dense layer), sharing
 * its weights; null when the model's structure has no such layer to find. A model that averages a
 * nested classifier over two looks (the mirror average) gives the nested classifier's features on the
 * direct look. Disposing the feature model does not dispose `model`'s weights: only call `dispose` on
 * `model`, and drop the feature model with it.
 */
export function featureModel(model: tfl.LayersModel): tfl.LayersModel | null {
  try {
    const inner = classifierOf(model);
    const head = finalDense(inner);
    if (!head) return null;
    const features = head.getInputAt(0);
    if (Array.isArray(features)) return null;
    const sub = tfl.model({ inputs: inner.inputs, outputs: features, name: `${inner.name}_features` });
    if (inner === model) return sub;
    // The nested classifier is applied to the outer input directly (its first application).
    const outer = sub.apply(model.inputs[0]!) as tfl.SymbolicTensor;
    return tfl.model({ inputs: model.inputs, outputs: outer, name: `${model.name}_features` });
  } catch {
    return null;
  }
}

/** The model whose last dense layer gives the scores: a nested classifier under an averaging output. */
function classifierOf(model: tfl.LayersModel): tfl.LayersModel {
  const last = model.layers[model.layers.length - 1];
  if (last && last.getClassName() === 'Average') {
    const nested = model.layers.find((l): l is tfl.LayersModel => l instanceof tfl.LayersModel);
    if (nested) return nested;
  }
  return model;
}

function finalDense(model: tfl.LayersModel): tfl.layers.Layer | null {
  for (let i = model.layers.length - 1; i >= 0; i--) {
    const layer = model.layers[i]!;
    const kind = layer.getClassName();
    if (kind === 'Dense') return layer;
    if (!AFTER_LOGITS.has(kind)) return null;
  }
  return null;
}
