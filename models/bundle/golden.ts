import type { BundleMetadata, GoldenData } from '../bundle.ts';
import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';
import type { GoldenLayout } from './manifest.ts';

/** Largest difference between a golden output and the model's answer that still passes. */
export const GOLDEN_TOLERANCE = 1e-5;

/** Runs a model on a batch of `shape` ([count, ...inputShape]); resolves its outputs, row-major. */
export type BundlePredict = (inputs: Float32Array, shape: number[]) => Promise<Float32Array>;

/** Options of golden data recording. */
export interface GoldenOptions {
  /** golden inputs, count × inputShape (real preprocessed crops test the model best); else seeded noise */
  goldenInputs?: Float32Array;
  /** golden examples when none are given */
  goldenCount?: number;
  /** seed of the noise inputs */
  seed?: number;
}

const product = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** golden.bin's bytes for golden data. */
export function encodeGolden(golden: GoldenData): Uint8Array {
  const out = new Float32Array(golden.inputs.length + golden.outputs.length);
  out.set(golden.inputs);
  out.set(golden.outputs, golden.inputs.length);
  return new Uint8Array(out.buffer);
}

/** Reads golden.bin by its layout; refuses a layout that does not fit the bytes. */
export function decodeGolden(bytes: Uint8Array, layout: GoldenLayout): GoldenData {
  const { count, inputShape, outputShape } = layout;
  const wellFormed = (shape: unknown) =>
    Array.isArray(shape) &&
    shape.every((d) => Number.isInteger(d) && d > 0 && d <= BUNDLE_LIMITS.maxInputSide * 4);
  if (!Number.isInteger(count) || count < 1 || count > BUNDLE_LIMITS.maxGolden)
    throw new BundleRejectedError(
      'golden',
      `manifest.json declares ${String(count)} golden examples; from 1 to ${BUNDLE_LIMITS.maxGolden} are expected.`,
    );
  if (!wellFormed(inputShape) || !wellFormed(outputShape) || layout.dtype !== 'float32')
    throw new BundleRejectedError(
      'golden',
      `manifest.json declares golden data of input shape ${JSON.stringify(inputShape)} and output shape ${JSON.stringify(outputShape)} as ${String(layout.dtype)}; float32 data of positive shapes is expected.`,
    );
  const inputLength = count * product(inputShape);
  const outputLength = count * product(outputShape);
  if (bytes.byteLength !== 4 * (inputLength + outputLength))
    throw new BundleRejectedError(
      'golden',
      `golden.bin holds ${bytes.byteLength} bytes; its layout in manifest.json needs ${4 * (inputLength + outputLength)}.`,
    );
  // A copy: the bytes may sit at any offset of their buffer, and a Float32Array view needs a multiple of 4.
  const values = new Float32Array(bytes.slice().buffer);
  return {
    count,
    inputShape,
    outputShape,
    inputs: values.subarray(0, inputLength),
    outputs: values.subarray(inputLength),
  };
}

/** Seeded golden inputs: standard-normal noise (mulberry32 + Box-Muller), for bundles given none. */
export function noiseInputs(count: number, inputShape: readonly number[], seed: number): Float32Array {
  let state = seed >>> 0;
  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
  const out = new Float32Array(count * product(inputShape));
  for (let i = 0; i < out.length; i++)
    out[i] = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  return out;
}

/** Records golden data: the given inputs (or seeded noise) and what `predict` answers for them. */
export async function recordGolden(
  metadata: BundleMetadata,
  predict: BundlePredict,
  options: GoldenOptions = {},
): Promise<GoldenData> {
  const inputShape = [...metadata.inputShape];
  const perInput = product(inputShape);
  const count = options.goldenInputs ? options.goldenInputs.length / perInput : (options.goldenCount ?? 3);
  if (!Number.isInteger(count) || count < 1 || count > BUNDLE_LIMITS.maxGolden)
    throw new RangeError(
      `Golden inputs must be 1 to ${BUNDLE_LIMITS.maxGolden} tensors of shape ${JSON.stringify(inputShape)}.`,
    );
  const inputs = options.goldenInputs?.slice() ?? noiseInputs(count, inputShape, options.seed ?? 1);
  const outputs = await predict(inputs, [count, ...inputShape]);
  const k = metadata.outputs.names.length;
  if (outputs.length !== count * k)
    throw new RangeError(
      `The model answered ${outputs.length} values for ${count} golden inputs; ${count} × ${k} outputs were expected.`,
    );
  if (!outputs.every(Number.isFinite))
    throw new BundleRejectedError(
      'golden',
      `The model "${metadata.name}" answers NaN or infinity for its golden inputs: its weights are damaged.`,
    );
  return { count, inputShape, outputShape: [k], inputs, outputs: Float32Array.from(outputs) };
}

/**
 * Refuses a model whose `answers` to the golden inputs differ from the recorded outputs by more than
 * `tolerance` (or are NaN); returns the largest difference.
 */
export function compareGolden(
  name: string,
  golden: GoldenData,
  answers: ArrayLike<number>,
  tolerance: number,
): number {
  if (answers.length !== golden.outputs.length)
    throw new BundleRejectedError(
      'golden',
      `The model "${name}" answers ${answers.length} values for its golden inputs; ${golden.outputs.length} are recorded.`,
    );
  let worst = 0;
  for (let i = 0; i < golden.outputs.length; i++) {
    const difference = Math.abs(answers[i]! - golden.outputs[i]!);
    if (Number.isNaN(difference))
      throw new BundleRejectedError(
        'golden',
        `The model "${name}" answers NaN for its golden inputs: its weights are damaged.`,
      );
    worst = Math.max(worst, difference);
  }
  if (worst > tolerance)
    throw new BundleRejectedError(
      'golden',
      `The model "${name}" answers its golden inputs up to ${worst.toExponential(2)} away from the outputs recorded when it was made (tolerance ${tolerance}): its weights or topology were changed.`,
    );
  return worst;
}
