import { BUNDLE_FORMAT_VERSION, type BundleMetadata, type OneClassMetadata } from '../bundle.ts';
import { implementedVersion, isModelPreprocessSpec, specInputShape } from '../preprocess/spec.ts';
import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';
import type { TopologyFacts } from './topology.ts';

const FILE = 'screwops.json';

function reject(problem: 'metadata' | 'format-version' | 'preprocess', message: string): never {
  throw new BundleRejectedError(problem, message);
}

const sameShape = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Checks parsed screwops.json field by field and returns it typed; each refusal names the field.
 * Format versions from 1 up to this app's are read; newer ones come from a newer ScrewOps.
 */
export function checkMetadata(value: unknown): BundleMetadata {
  const v = value as Partial<BundleMetadata> | null;
  if (!v || typeof v !== 'object' || v.format !== 'screwops-model')
    reject('metadata', `${FILE} is not ScrewOps model metadata (its "format" is not "screwops-model").`);
  const version = v.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    reject('format-version', `${FILE} has format version ${String(version)}, which no ScrewOps ever wrote.`);
  if (version > BUNDLE_FORMAT_VERSION)
    reject(
      'format-version',
      `The bundle has format version ${version}; this ScrewOps reads up to version ${BUNDLE_FORMAT_VERSION}. Update the app to import it.`,
    );
  if (typeof v.name !== 'string' || !v.name.trim()) reject('metadata', `${FILE} has no model name.`);
  const classes = v.classes;
  if (!Array.isArray(classes) || classes.length < 2)
    reject(
      'metadata',
      `${FILE} must list at least two classes (the good one first); it lists ${JSON.stringify(classes)}.`,
    );
  if (classes.some((c) => typeof c !== 'string' || !c.trim()))
    reject('metadata', `${FILE} lists an empty or non-text class name: ${JSON.stringify(classes)}.`);
  if (new Set(classes).size !== classes.length)
    reject('metadata', `${FILE} lists a class twice: ${JSON.stringify(classes)}.`);
  const outputs = v.outputs;
  if (!outputs || !Array.isArray(outputs.names) || !Array.isArray(outputs.classOf))
    reject('metadata', `${FILE} has no outputs.names and outputs.classOf lists.`);
  if (outputs.names.length !== outputs.classOf.length || outputs.names.length < 2)
    reject(
      'metadata',
      `${FILE} names ${outputs.names.length} outputs but maps ${outputs.classOf.length} to classes; both must list the same two or more outputs.`,
    );
  if (outputs.names.some((n) => typeof n !== 'string' || !n.trim()))
    reject(
      'metadata',
      `${FILE} names an output with an empty or non-text name: ${JSON.stringify(outputs.names)}.`,
    );
  if (outputs.names.length > BUNDLE_LIMITS.maxOutputs)
    reject(
      'metadata',
      `${FILE} names ${outputs.names.length} outputs; at most ${BUNDLE_LIMITS.maxOutputs} are accepted.`,
    );
  outputs.classOf.forEach((c, i) => {
    if (!Number.isInteger(c) || c < 0 || c >= classes.length)
      reject(
        'metadata',
        `${FILE}: output "${String(outputs.names[i])}" stands for class index ${String(c)}, but there are only ${classes.length} classes.`,
      );
  });
  classes.forEach((name, c) => {
    if (!outputs.classOf.includes(c))
      reject(
        'metadata',
        `${FILE}: no output stands for the class "${name}", so the model can never answer it.`,
      );
  });
  if (!isModelPreprocessSpec(v.preprocess))
    reject(
      'preprocess',
      `${FILE} describes a preprocessing this ScrewOps does not know: ${JSON.stringify(v.preprocess)}.`,
    );
  const spec = v.preprocess;
  // Other preprocessing would feed the model pictures unlike those it learned from: quietly wrong outputs.
  if (spec.version !== implementedVersion(spec))
    reject(
      'preprocess',
      `The model "${v.name}" was trained on preprocessing version ${spec.version}; this version of ScrewOps implements version ${implementedVersion(spec)}. Retrain it on this version.`,
    );
  const shape = v.inputShape;
  if (!Array.isArray(shape) || shape.length !== 3 || !sameShape(shape, specInputShape(spec)))
    reject(
      'metadata',
      `${FILE} declares the input shape ${JSON.stringify(shape)}, but its preprocessing produces ${JSON.stringify(specInputShape(spec))}.`,
    );
  if (shape[0] > BUNDLE_LIMITS.maxInputSide || shape[1] > BUNDLE_LIMITS.maxInputSide)
    reject(
      'metadata',
      `${FILE} declares the input shape ${JSON.stringify(shape)}; sides over ${BUNDLE_LIMITS.maxInputSide} pixels are refused.`,
    );
  if (v.threshold != null && !(typeof v.threshold === 'number' && v.threshold >= 0 && v.threshold <= 1))
    reject(
      'metadata',
      `${FILE} has the threshold ${String(v.threshold)}; a probability from 0 to 1 was expected.`,
    );
  const lineage = v.lineage as Partial<BundleMetadata['lineage']> | null | undefined;
  if (
    !lineage ||
    typeof lineage !== 'object' ||
    ![lineage.runId, lineage.snapshotHash].every((x) => x === null || typeof x === 'string')
  )
    reject('metadata', `${FILE} has no lineage (runId and snapshotHash, each text or null).`);
  if (v.metrics !== null && (typeof v.metrics !== 'object' || Array.isArray(v.metrics)))
    reject('metadata', `${FILE} has metrics that are neither an object nor null.`);
  if (typeof v.createdAt !== 'number' || !Number.isFinite(v.createdAt))
    reject('metadata', `${FILE} has no creation time (createdAt, ms since epoch).`);
  if (v.modelCard != null && (typeof v.modelCard !== 'object' || Array.isArray(v.modelCard)))
    reject('metadata', `${FILE} has a model card that is not an object.`);
  if (v.oneClass !== undefined) checkOneClass(v.oneClass);
  return v as BundleMetadata;
}

const isCount = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 1;

/** Checks a one-class model's block of screwops.json field by field. */
function checkOneClass(block: unknown): void {
  const o = block as Partial<OneClassMetadata> | null;
  const bad = (field: string, expected: string, value: unknown): never =>
    reject('metadata', `${FILE}: oneClass.${field} is ${JSON.stringify(value)}; ${expected} was expected.`);
  if (!o || typeof o !== 'object' || Array.isArray(o)) return bad('', 'an object', o);
  if (!isCount(o.bankSize)) bad('bankSize', 'a whole number ≥ 1', o.bankSize);
  if (!isCount(o.dims)) bad('dims', 'a whole number ≥ 1', o.dims);
  if (
    !Array.isArray(o.featureLayers) ||
    !o.featureLayers.length ||
    o.featureLayers.some((l) => typeof l !== 'string')
  )
    bad('featureLayers', 'a list of layer names', o.featureLayers);
  if (!Array.isArray(o.patchGrid) || o.patchGrid.length !== 2 || !o.patchGrid.every(isCount))
    bad('patchGrid', '[rows, columns]', o.patchGrid);
  const rate = o.targetFalseRejectRate;
  if (!(typeof rate === 'number' && rate >= 0 && rate < 1))
    bad('targetFalseRejectRate', 'a share from 0 up to 1', rate);
  const c = o.calibration;
  if (!c || !Number.isFinite(c.center) || !(Number.isFinite(c.scale) && c.scale > 0))
    bad('calibration', 'a finite center and a positive scale', c);
}

/** Checks that the metadata describes the model it travels with: its input shape and number of outputs. */
export function checkMetadataMatchesModel(metadata: BundleMetadata, facts: TopologyFacts): void {
  if (facts.inputShape && !sameShape(facts.inputShape, metadata.inputShape))
    reject(
      'metadata',
      `model.json takes inputs of shape ${JSON.stringify(facts.inputShape)}, but screwops.json declares ${JSON.stringify(metadata.inputShape)}.`,
    );
  const k = metadata.outputs.names.length;
  if (facts.outputUnits !== null && facts.outputUnits !== k)
    reject(
      'metadata',
      `model.json answers ${facts.outputUnits} outputs, but screwops.json names ${k} (${metadata.outputs.names.join(', ')}).`,
    );
}
