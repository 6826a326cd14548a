import type { ModelBundle } from '../bundle.ts';
import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';

/** One entry of a tfjs weights manifest. */
export type WeightSpec = ModelBundle['weightSpecs'][number];

/** Bytes per element of the weight dtypes ScrewOps loads. */
const DTYPE_BYTES: Record<string, number> = { float32: 4, int32: 4 };

/**
 * Checks a weights manifest against the bytes it describes: known dtypes, sane shapes, a bounded
 * total, and an exact byte count, so tfjs never allocates for a shape that the file cannot fill.
 * `file` names the weight file(s) in messages. Returns the total number of elements.
 */
export function checkWeightSpecs(specs: unknown, byteLength: number, file: string): number {
  if (!Array.isArray(specs) || specs.length === 0)
    throw new BundleRejectedError('weights', `model.json lists no weights for ${file}.`);
  if (specs.length > BUNDLE_LIMITS.maxWeights)
    throw new BundleRejectedError(
      'size',
      `model.json lists ${specs.length} weights; at most ${BUNDLE_LIMITS.maxWeights} are accepted.`,
    );
  const names = new Set<string>();
  let params = 0;
  let bytes = 0;
  for (const spec of specs as Array<Partial<WeightSpec> & { quantization?: unknown }>) {
    const name = typeof spec?.name === 'string' ? spec.name : '';
    if (!name) throw new BundleRejectedError('weights', 'model.json lists a weight without a name.');
    if (names.has(name))
      throw new BundleRejectedError('weights', `model.json lists the weight "${name}" twice.`);
    names.add(name);
    if (spec.quantization !== undefined)
      throw new BundleRejectedError(
        'dtype',
        `The weight "${name}" is quantized; ScrewOps loads float32 and int32 weights only. Export the model unquantized.`,
      );
    const size = DTYPE_BYTES[spec.dtype as string];
    if (!size)
      throw new BundleRejectedError(
        'dtype',
        `The weight "${name}" has dtype ${String(spec.dtype)}; ScrewOps loads float32 and int32 weights only. Export the model as float32.`,
      );
    const shape = spec.shape;
    if (!Array.isArray(shape) || shape.length > BUNDLE_LIMITS.maxRank)
      throw new BundleRejectedError(
        'size',
        `The weight "${name}" has shape ${JSON.stringify(shape)}; a list of at most ${BUNDLE_LIMITS.maxRank} dimensions was expected.`,
      );
    let elements = 1;
    for (const dim of shape) {
      if (!Number.isInteger(dim) || dim < 0 || dim > BUNDLE_LIMITS.maxDim)
        throw new BundleRejectedError(
          'size',
          `The weight "${name}" has shape ${JSON.stringify(shape)}: each dimension must be a whole number from 0 to ${BUNDLE_LIMITS.maxDim}.`,
        );
      elements *= dim as number;
    }
    params += elements;
    if (params > BUNDLE_LIMITS.maxParams)
      throw new BundleRejectedError(
        'size',
        `The model's weights hold over ${BUNDLE_LIMITS.maxParams} values (the weight "${name}" alone holds ${elements}); ScrewOps refuses models this large.`,
      );
    bytes += elements * size;
  }
  if (bytes !== byteLength)
    throw new BundleRejectedError(
      'weights',
      `${file} holds ${byteLength} bytes, but the shapes and dtypes in model.json need ${bytes}. The weights do not belong to this model.json, or were cut short or padded.`,
    );
  return params;
}
