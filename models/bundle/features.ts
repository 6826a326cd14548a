/**
 * The classifier's own features: the values its last dense layer turns into class scores. Drift
 * monitoring measures how far a frame's features lie from the training images' features, which sees
 * what the model itself "notices" about a frame rather than what a pixel statistic does.
 */
import * as tf from '@tensorflow/tfjs-core';
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
    const features = penultimate(inner);
    if (!features) return null;
    const sub = tfl.model({ inputs: inner.inputs, outputs: features, name: `${inner.name}_features` });
    if (inner === model) return sub;
    // The nested classifier is applied to the outer input directly (its first application).
    const outer = sub.apply(model.inputs[0]!) as tfl.SymbolicTensor;
    return tfl.model({ inputs: model.inputs, outputs: outer, name: `${model.name}_features` });
  } catch {
    return null;
  }
}

/** What one pass of a FeatureView answers. */
export interface ViewOutputs {
  /** the model's own outputs, as its predict answers them */
  outputs: tf.Tensor[];
  /** its penultimate features (as featureModel finds them); null when they cannot be found */
  features: tf.Tensor | null;
  /** the values of the extra tensors asked for, in order */
  extra: tf.Tensor[];
}

/** A model's outputs, features and extra tensors from one forward pass. */
export interface FeatureView {
  /** runs `x` through the model once; `x` stays the caller's, and so does what comes back */
  predict(x: tf.Tensor): ViewOutputs;
  /** whether the features were found */
  hasFeatures: boolean;
}

/**
 * One forward pass of `model` that answers its own outputs, its penultimate features and `extra`
 * (tensors of the model's graph, such as a one-class model's anomaly map), where predicting with the
 * model and with featureModel's view would run it twice. Under a mirror average the nested classifier
 * runs once per look, and the direct look's run gives the features. The view shares the model's
 * layers and owns no weights: it is never disposed, only dropped with the model.
 */
export function withFeatures(model: tfl.LayersModel, extra: readonly tfl.SymbolicTensor[] = []): FeatureView {
  let found: FeatureView | null;
  try {
    found = featureViewOf(model, extra);
  } catch {
    found = null;
  }
  if (found) return found;
  const view = tfl.model({ inputs: model.inputs, outputs: [...model.outputs, ...extra] });
  const count = model.outputs.length;
  return {
    hasFeatures: false,
    predict: (x) => {
      const all = asList(view.predict(x));
      return { outputs: all.slice(0, count), features: null, extra: all.slice(count) };
    },
  };
}

function asList(out: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(out) ? out : [out];
}

/** `pass` inside tf.tidy: only the tensors it answers outlive it. */
function tidyPass(pass: () => ViewOutputs): ViewOutputs {
  let counts = { outputs: 0, features: 0 };
  const kept = tf.tidy(() => {
    const { outputs, features, extra } = pass();
    counts = { outputs: outputs.length, features: features ? 1 : 0 };
    return [...outputs, ...(features ? [features] : []), ...extra];
  });
  const extraAt = counts.outputs + counts.features;
  return {
    outputs: kept.slice(0, counts.outputs),
    features: counts.features ? kept[counts.outputs]! : null,
    extra: kept.slice(extraAt),
  };
}

/** withFeatures' view where the features can be found; null where they cannot. */
function featureViewOf(model: tfl.LayersModel, extra: readonly tfl.SymbolicTensor[]): FeatureView | null {
  const inner = classifierOf(model);
  const features = penultimate(inner);
  if (!features) return null;
  if (inner === model) {
    const view = tfl.model({ inputs: model.inputs, outputs: [...model.outputs, features, ...extra] });
    const count = model.outputs.length;
    return {
      hasFeatures: true,
      predict: (x) => {
        const all = asList(view.predict(x));
        return { outputs: all.slice(0, count), features: all[count]!, extra: all.slice(count + 1) };
      },
    };
  }
  // A mirror average. The layers' executor runs a layer once for each of its outputs a pass needs, so
  // a nested view with two outputs would run twice on the direct look: the nested classifier's scores
  // and features travel joined in one output instead, and are split after the pass.
  const [scores] = inner.outputs;
  const mean = model.layers[model.layers.length - 1]!;
  const looks = mean.getInputAt(0);
  if (inner.outputs.length !== 1 || model.outputs.length !== 1 || model.outputs[0]!.sourceLayer !== mean)
    return null;
  if (!Array.isArray(looks) || scores!.shape.length !== 2 || features.shape.length !== 2) return null;
  const classes = scores!.shape[1]!;
  const joined = tfl.layers
    .concatenate({ name: `${inner.name}_scores_features` })
    .apply([scores!, features]) as tfl.SymbolicTensor;
  const both = tfl.model({ inputs: inner.inputs, outputs: joined, name: `${inner.name}_with_features` });
  let direct: tfl.SymbolicTensor | null = null;
  const answers: tfl.SymbolicTensor[] = [];
  for (const look of looks) {
    if (look.sourceLayer !== inner) return null;
    const input = inner.getInputAt(look.nodeIndex);
    if (Array.isArray(input)) return null;
    const answer = both.apply(input) as tfl.SymbolicTensor;
    if (input === model.inputs[0]) direct = answer;
    answers.push(answer);
  }
  if (!direct) return null;
  // A fresh averaging layer (it has no weights); the features' columns of its answer go unread.
  const averaged = tfl.layers
    .average({ name: `${mean.name}_with_features` })
    .apply(answers) as tfl.SymbolicTensor;
  const view = tfl.model({ inputs: model.inputs, outputs: [averaged, direct, ...extra] });
  return {
    hasFeatures: true,
    predict: (x) =>
      tidyPass(() => {
        const [mirrored, look, ...rest] = asList(view.predict(x));
        return {
          outputs: [tf.slice(mirrored!, [0, 0], [-1, classes])],
          features: tf.slice(look!, [0, classes], [-1, -1]),
          extra: rest,
        };
      }),
  };
}

/** The input of the final dense layer of `model`: its penultimate features; null when there is none. */
function penultimate(model: tfl.LayersModel): tfl.SymbolicTensor | null {
  const head = finalDense(model);
  if (!head) return null;
  const features = head.getInputAt(0);
  return Array.isArray(features) ? null : features;
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
