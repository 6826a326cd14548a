import { BUNDLE_FORMAT_VERSION, type ModelBundle, type ModelCard } from '../bundle.ts';
import { frameResizeSpec, type ModelPreprocessSpec } from '../preprocess/spec.ts';
import { BundleRejectedError } from './errors.ts';
import { checkBundle, parseJsonFile, readModelJson, structural, type ModelJson } from './structure.ts';
import { readTopology } from './topology.ts';
import { checkWeightSpecs } from './weights.ts';

/** What a foreign model lacks that ScrewOps needs, for the caller to ask the user. */
export type ForeignMissing = 'labels' | 'goodLabel' | 'preprocess';

/** A foreign model read and checked as far as its files allow, before the user fills in the rest. */
export interface ForeignImport {
  source: 'tfjs-layers' | 'teachable-machine';
  /** the model's name, from its files */
  name: string;
  model: Pick<ModelBundle, 'modelTopology' | 'weightSpecs' | 'weightData'>;
  /** [height, width, channels] */
  inputShape: [number, number, number];
  /** outputs of the model, where the topology declares them */
  outputCount: number | null;
  /** one label per output, in output order, where the files name them */
  labels: string[] | null;
  /** the preprocessing the files imply; a guess (to confirm) where 'preprocess' is missing */
  preprocess: ModelPreprocessSpec | null;
  /** what the user must still answer */
  missing: ForeignMissing[];
}

/** The user's answers that complete a foreign model into a bundle. */
export interface ForeignAnswers {
  name?: string;
  /** one label per output, in output order */
  labels?: string[];
  /** the label of good parts; it becomes the first class */
  goodLabel: string;
  /** fold every other label into one class of this name (a good/bad project), else keep each as a class */
  badClass?: string;
  preprocess?: ModelPreprocessSpec;
  modelCard?: ModelCard;
}

const baseName = (path: string) => path.split('/').pop() ?? path;

/** Joins the weight shards model.json names, in order, once their total fits the specs. */
function readShards(model: ModelJson, files: Record<string, Uint8Array | undefined>): Uint8Array {
  const shards = model.paths.map((path) => {
    const name = Object.hasOwn(files, path) ? path : baseName(path);
    const bytes = Object.hasOwn(files, name) ? files[name] : undefined;
    if (!(bytes instanceof Uint8Array))
      throw new BundleRejectedError('file', `model.json names the weight file ${path}, which was not given.`);
    return bytes;
  });
  const total = shards.reduce((sum, s) => sum + s.byteLength, 0);
  checkWeightSpecs(model.weightSpecs, total, model.paths.join(' + ') || 'the weight files');
  const out = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    out.set(shard, offset);
    offset += shard.byteLength;
  }
  return out;
}

function readForeignModel(files: Record<string, Uint8Array | undefined>) {
  const model = readModelJson(parseJsonFile('model.json', files['model.json']));
  const weights = readShards(model, files);
  const facts = structural('model.json', () => readTopology(model.modelTopology));
  const shape = facts.inputShape;
  if (!shape || shape.length !== 3 || !shape.every((d) => Number.isInteger(d) && d > 0))
    throw new BundleRejectedError(
      'metadata',
      `model.json declares the input shape ${JSON.stringify(shape)}; ScrewOps runs models of one [height, width, channels] image input.`,
    );
  return {
    model: {
      modelTopology: model.modelTopology,
      weightSpecs: model.weightSpecs.map(({ name, shape: s, dtype }) => ({ name, shape: s, dtype })),
      weightData: weights.buffer as ArrayBuffer,
    },
    inputShape: shape as [number, number, number],
    outputCount: facts.outputUnits,
  };
}

/**
 * Reads a plain tfjs layers model (model.json and the weight shards it names, by file name) and
 * checks its structure. It says nothing of labels or preprocessing: those come back as missing,
 * with a whole-frame [-1, 1] guess for RGB inputs.
 */
export function importLayersModel(files: Record<string, Uint8Array | undefined>): ForeignImport {
  const read = readForeignModel(files);
  const [height, width, channels] = read.inputShape;
  return {
    source: 'tfjs-layers',
    name: 'imported model',
    ...read,
    labels: null,
    preprocess: channels === 3 && height === width ? frameResizeSpec(height) : null,
    missing: ['labels', 'goodLabel', 'preprocess'],
  };
}

/** Teachable Machine's metadata.json, as far as ScrewOps reads it. */
interface TeachableMetadata {
  labels?: unknown;
  imageSize?: unknown;
  modelName?: unknown;
  packageName?: unknown;
}

/**
 * Reads a Teachable Machine image-model export (model.json, metadata.json, weights.bin): labels
 * and input size come from metadata.json, and the preprocessing is Teachable Machine's (the whole
 * frame resized to imageSize square, RGB scaled to [-1, 1]). Only the good label is missing.
 */
export function importTeachableMachine(files: Record<string, Uint8Array | undefined>): ForeignImport {
  const tm = parseJsonFile('metadata.json', files['metadata.json']) as TeachableMetadata | null;
  const labels = tm?.labels;
  if (!Array.isArray(labels) || labels.length < 2 || labels.some((l) => typeof l !== 'string' || !l.trim()))
    throw new BundleRejectedError(
      'metadata',
      `metadata.json is not a Teachable Machine image model's: it must list two or more labels, not ${JSON.stringify(labels)}.`,
    );
  const imageSize = tm?.imageSize ?? 224;
  if (!Number.isInteger(imageSize))
    throw new BundleRejectedError(
      'metadata',
      `metadata.json gives the image size ${JSON.stringify(imageSize)}.`,
    );
  const read = readForeignModel(files);
  const size = imageSize as number;
  if (read.inputShape.join() !== [size, size, 3].join())
    throw new BundleRejectedError(
      'metadata',
      `model.json takes inputs of shape ${JSON.stringify(read.inputShape)}, but metadata.json gives the image size ${size} (RGB).`,
    );
  if (read.outputCount !== null && read.outputCount !== labels.length)
    throw new BundleRejectedError(
      'metadata',
      `model.json answers ${read.outputCount} outputs, but metadata.json lists ${labels.length} labels.`,
    );
  return {
    source: 'teachable-machine',
    name: typeof tm?.modelName === 'string' && tm.modelName.trim() ? tm.modelName : 'Teachable Machine model',
    ...read,
    labels: labels as string[],
    preprocess: frameResizeSpec(size, [-1, 1]),
    missing: ['goodLabel'],
  };
}

/**
 * Completes a foreign model into a bundle with the user's answers: the good label becomes the first
 * class, and every output keeps its own label as its name. The bundle passes the structural checks;
 * writing it with exportBundleZip records its golden outputs, the reference for every later import.
 */
export function completeForeignImport(draft: ForeignImport, answers: ForeignAnswers): ModelBundle {
  const labels = answers.labels ?? draft.labels;
  const preprocess = answers.preprocess ?? (draft.missing.includes('preprocess') ? null : draft.preprocess);
  if (!labels) throw new BundleRejectedError('metadata', 'Name the label of each of the model’s outputs.');
  if (!preprocess)
    throw new BundleRejectedError('preprocess', 'Choose how images are preprocessed for this model.');
  if (!labels.includes(answers.goodLabel))
    throw new BundleRejectedError(
      'metadata',
      `The good label "${answers.goodLabel}" is not one of the model's labels (${labels.join(', ')}).`,
    );
  const others = labels.filter((l) => l !== answers.goodLabel);
  const classes = [answers.goodLabel, ...(answers.badClass ? [answers.badClass] : others)];
  const classOf = labels.map((l) =>
    l === answers.goodLabel ? 0 : answers.badClass ? 1 : classes.indexOf(l),
  );
  const metadata = {
    format: 'screwops-model',
    formatVersion: BUNDLE_FORMAT_VERSION,
    name: answers.name ?? draft.name,
    classes,
    outputs: { names: labels, classOf },
    preprocess,
    inputShape: draft.inputShape,
    metrics: null,
    lineage: { runId: null, snapshotHash: null, params: null },
    createdAt: Date.now(),
    threshold: null,
    modelCard: {
      source: draft.source === 'teachable-machine' ? 'Teachable Machine' : 'tfjs layers model',
      ...answers.modelCard,
    },
  };
  const model = {
    modelTopology: draft.model.modelTopology,
    weightSpecs: draft.model.weightSpecs,
    paths: ['weights.bin'],
  };
  // Through JSON, so the bundle holds exactly what a zip of it will (no undefined fields).
  return checkBundle(
    JSON.parse(JSON.stringify(metadata)) as unknown,
    model,
    new Uint8Array(draft.model.weightData),
  );
}
