import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';

/**
 * Layer classes a bundle may use: those of ScrewOps' own architectures, and the common ones of
 * MobileNet-style image models (Teachable Machine exports among them). Anything else is refused
 * before tfjs deserialises it, so a bundle cannot reach a layer this app has never run.
 */
export const ALLOWED_LAYER_CLASSES: ReadonlySet<string> = new Set([
  // containers
  'Sequential',
  'Model',
  'Functional',
  // ScrewOps' architectures
  'InputLayer',
  'Conv2D',
  'BatchNormalization',
  'Activation',
  'MaxPooling2D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'Concatenate',
  'Dense',
  'Permute',
  'Average',
  // one-class models: patch features brought to one grid
  'UpSampling2D',
  // MobileNet-style models
  'DepthwiseConv2D',
  'SeparableConv2D',
  'ReLU',
  'LeakyReLU',
  'Softmax',
  'ZeroPadding2D',
  'AveragePooling2D',
  'Add',
  'Multiply',
  'Dropout',
  'Flatten',
  'Reshape',
  'Rescaling',
]);

/** Layers whose output keeps the last dimension of their (first) input. */
const KEEPS_LAST_DIM = new Set([
  'Activation',
  'Softmax',
  'ReLU',
  'LeakyReLU',
  'Dropout',
  'BatchNormalization',
  'Average',
  'Add',
  'Multiply',
  'Rescaling',
]);
const CONTAINERS = new Set(['Sequential', 'Model', 'Functional']);

type Json = Record<string, unknown>;

/** A layer entry of a tfjs layers topology. */
interface LayerEntry {
  class_name?: unknown;
  name?: unknown;
  config?: unknown;
  inbound_nodes?: unknown;
}

/** What the structural pass learns from a topology without building it. */
export interface TopologyFacts {
  /** every layer class used, nested models included */
  layerClasses: string[];
  /** the input shape without the batch dimension, or null where the topology does not declare it */
  inputShape: number[] | null;
  /** units of the output, or null where it cannot be read without building the model */
  outputUnits: number | null;
}

const asObject = (value: unknown): Json | null =>
  value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : null;

/** The model entry of model.json's modelTopology (Keras files wrap it in model_config). */
function modelEntry(topology: unknown): LayerEntry {
  const t = asObject(topology);
  const entry = asObject(t?.['model_config']) ?? t;
  if (!entry || typeof entry['class_name'] !== 'string')
    throw new BundleRejectedError('layer', 'model.json has no model topology (modelTopology.class_name).');
  return entry;
}

/** The layers of a container entry; Sequential configs of old Keras files are a bare list. */
function layersOf(entry: LayerEntry): LayerEntry[] {
  const config = entry.config;
  const layers = Array.isArray(config) ? config : asObject(config)?.['layers'];
  if (!Array.isArray(layers))
    throw new BundleRejectedError('layer', `model.json: the ${String(entry.class_name)} has no layer list.`);
  return layers as LayerEntry[];
}

function layerName(entry: LayerEntry): string {
  return String(entry.name ?? asObject(entry.config)?.['name'] ?? '');
}

/** Names of a functional model's input or output layers (config.input_layers / output_layers). */
function endpoints(entry: LayerEntry, key: 'input_layers' | 'output_layers'): string[] {
  const list = asObject(entry.config)?.[key];
  if (!Array.isArray(list)) return [];
  return list.map((item) => (Array.isArray(item) ? String(item[0]) : ''));
}

/** The names of the layers feeding a functional layer (tfjs's inbound_nodes form). */
function inboundNames(entry: LayerEntry): string[] {
  const nodes = entry.inbound_nodes;
  if (!Array.isArray(nodes) || !Array.isArray(nodes[0])) return [];
  return (nodes[0] as unknown[]).map((n) => (Array.isArray(n) ? String(n[0]) : ''));
}

/**
 * Refuses a layer config holding a number past the per-dimension limit (a padding, size or unit
 * count that would make tfjs allocate without bound once the model runs). Seeds are exempt.
 */
function checkConfigNumbers(entry: LayerEntry, value: unknown, depth = 0): void {
  if (typeof value === 'number' && Math.abs(value) > BUNDLE_LIMITS.maxDim)
    throw new BundleRejectedError(
      'size',
      `model.json: the layer "${layerName(entry)}" is configured with ${value}; values over ${BUNDLE_LIMITS.maxDim} are refused.`,
    );
  if (!value || typeof value !== 'object') return;
  if (depth > 8)
    throw new BundleRejectedError(
      'layer',
      `model.json: the layer "${layerName(entry)}" has a config nested too deeply.`,
    );
  for (const [key, item] of Object.entries(value))
    if (key !== 'seed' && key !== 'layers') checkConfigNumbers(entry, item, depth + 1);
}

function collectClasses(entry: LayerEntry, into: Set<string>, counter: { layers: number }): void {
  const name = String(entry.class_name);
  if (++counter.layers > BUNDLE_LIMITS.maxLayers)
    throw new BundleRejectedError('size', `model.json has over ${BUNDLE_LIMITS.maxLayers} layers.`);
  if (!ALLOWED_LAYER_CLASSES.has(name))
    throw new BundleRejectedError(
      'layer',
      `model.json uses the layer class "${name}" (layer "${layerName(entry)}"), which ScrewOps does not run. Supported: ${[...ALLOWED_LAYER_CLASSES].join(', ')}.`,
    );
  into.add(name);
  checkConfigNumbers(entry, entry.config);
  if (CONTAINERS.has(name)) for (const layer of layersOf(entry)) collectClasses(layer, into, counter);
}

function declaredShape(entry: LayerEntry): number[] | null {
  const config = asObject(entry.config);
  const batch = config?.['batch_input_shape'] ?? config?.['batchInputShape'] ?? config?.['batch_shape'];
  if (Array.isArray(batch)) return batch.slice(1) as number[];
  const shape = config?.['input_shape'] ?? config?.['inputShape'];
  return Array.isArray(shape) ? (shape as number[]) : null;
}

function inputShapeOf(entry: LayerEntry): number[] | null {
  const name = String(entry.class_name);
  if (name === 'Sequential') {
    const first = layersOf(entry)[0];
    return first ? inputShapeOf(first) : null;
  }
  if (CONTAINERS.has(name)) {
    const inputs = endpoints(entry, 'input_layers');
    if (inputs.length !== 1)
      throw new BundleRejectedError(
        'layer',
        `model.json: the model has ${inputs.length} inputs; ScrewOps runs models of one image input.`,
      );
    const layer = layersOf(entry).find((l) => layerName(l) === inputs[0]);
    return layer ? declaredShape(layer) : null;
  }
  return declaredShape(entry);
}

/** Units of a layer's output, following shape-keeping layers back to a Dense or a nested model. */
function unitsOf(layers: LayerEntry[], index: number, sequential: boolean, depth = 0): number | null {
  const entry = layers[index];
  if (!entry || depth > BUNDLE_LIMITS.maxLayers) return null;
  const name = String(entry.class_name);
  if (name === 'Dense') {
    const units = asObject(entry.config)?.['units'];
    return typeof units === 'number' ? units : null;
  }
  if (CONTAINERS.has(name)) return outputUnitsOf(entry);
  if (!KEEPS_LAST_DIM.has(name)) return null;
  if (sequential) return unitsOf(layers, index - 1, true, depth + 1);
  const from = inboundNames(entry)[0];
  return unitsOf(
    layers,
    layers.findIndex((l) => layerName(l) === from),
    false,
    depth + 1,
  );
}

function outputUnitsOf(entry: LayerEntry): number | null {
  const layers = layersOf(entry);
  if (String(entry.class_name) === 'Sequential') return unitsOf(layers, layers.length - 1, true);
  const outputs = endpoints(entry, 'output_layers');
  if (outputs.length !== 1)
    throw new BundleRejectedError(
      'layer',
      `model.json: the model has ${outputs.length} outputs; ScrewOps runs models of one output.`,
    );
  return unitsOf(
    layers,
    layers.findIndex((l) => layerName(l) === outputs[0]),
    false,
  );
}

/**
 * Reads a topology without building it: refuses layer classes outside the allow-list and models of
 * several inputs or outputs, and reports the input shape and output units where they are declared.
 */
export function readTopology(topology: unknown): TopologyFacts {
  const entry = modelEntry(topology);
  const classes = new Set<string>();
  collectClasses(entry, classes, { layers: 0 });
  return { layerClasses: [...classes], inputShape: inputShapeOf(entry), outputUnits: outputUnitsOf(entry) };
}
