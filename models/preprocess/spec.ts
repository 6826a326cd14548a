/** The preprocessing spec: stored with every model, so training, evaluation and inference agree. */

/** Version of the preprocessing implementation; raise it whenever the pixels it produces change. */
export const PREPROCESS_VERSION = 1;

/** How an image becomes the model's input tensor. */
export interface PreprocessSpec {
  version: number;
  /** output side, pixels (square, one channel) */
  inputSize: number;
  /** 'part': crop around the part found by an Otsu threshold; 'full': use the whole image */
  crop: 'part' | 'full';
  /** rotate so the part's long axis is horizontal, heavier end (the head) on the left */
  canonicalRotation: boolean;
  /** crop side as a multiple of the part's length */
  margin: number;
}

/** The default spec for a scope's input size. */
export function defaultPreprocessSpec(inputSize: number): PreprocessSpec {
  return { version: PREPROCESS_VERSION, inputSize, crop: 'part', canonicalRotation: true, margin: 1.15 };
}

/** A short stable id of a spec (FNV-1a over its canonical JSON), used to key cached tensors. */
export function specKey(spec: PreprocessSpec): string {
  const text = JSON.stringify([spec.version, spec.inputSize, spec.crop, spec.canonicalRotation, spec.margin]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `pp${spec.version}-${hash.toString(16).padStart(8, '0')}`;
}

/** Type guard for a spec read from storage or a model bundle. */
export function isPreprocessSpec(value: unknown): value is PreprocessSpec {
  const v = value as Partial<PreprocessSpec> | null;
  return (
    !!v &&
    typeof v.version === 'number' &&
    typeof v.inputSize === 'number' &&
    (v.crop === 'part' || v.crop === 'full') &&
    typeof v.canonicalRotation === 'boolean' &&
    typeof v.margin === 'number'
  );
}
