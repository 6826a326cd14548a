import { BundleRejectedError } from './errors.ts';
import { BUNDLE_LIMITS } from './limits.ts';

/** manifest.json: the SHA-256 of every other file of a bundle, and the layout of golden.bin. */
export interface BundleManifest {
  format: 'screwops-bundle-manifest';
  algorithm: 'SHA-256';
  /** file name -> lowercase hex SHA-256 of its bytes */
  files: Record<string, string>;
  golden: GoldenLayout;
}

/**
 * golden.bin: `count` inputs of `inputShape` then the `count` outputs of `outputShape` the model
 * answered for them, all float32 little-endian, row-major.
 */
export interface GoldenLayout {
  file: 'golden.bin';
  dtype: 'float32';
  count: number;
  inputShape: number[];
  outputShape: number[];
}

/** Golden inputs and the outputs the model must answer for them. */
export interface GoldenData {
  count: number;
  inputShape: number[];
  outputShape: number[];
  /** count × inputShape, row-major */
  inputs: Float32Array;
  /** count × outputShape, row-major */
  outputs: Float32Array;
}

/** Lowercase hex SHA-256 of bytes (WebCrypto: in browsers, workers and Node 20). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The manifest of a bundle's files (manifest.json itself excluded) and its golden layout. */
export async function buildManifest(
  files: Record<string, Uint8Array>,
  golden: Omit<GoldenLayout, 'file' | 'dtype'>,
): Promise<BundleManifest> {
  const names = Object.keys(files).sort();
  const digests = await Promise.all(names.map((name) => sha256Hex(files[name]!)));
  return {
    format: 'screwops-bundle-manifest',
    algorithm: 'SHA-256',
    files: Object.fromEntries(names.map((name, i) => [name, digests[i]!])),
    golden: { file: 'golden.bin', dtype: 'float32', ...golden },
  };
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
