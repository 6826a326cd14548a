/** The preprocessing spec: stored with every model, so training, evaluation and inference agree. */

/** Version of the preprocessing implementation; raise it whenever the pixels it produces change. */
export const PREPROCESS_VERSION = 2;

/** How an image becomes the model's input tensor. */
export interface PreprocessSpec {
  version: number;
  /** output width along the part's axis, pixels (one channel) */
  inputSize: number;
  /** output height ÷ width; a screw is long and thin, so a band around its axis holds all of it */
  aspect: number;
  /** 'part': crop around the part found by an Otsu threshold; 'full': use the whole image */
  crop: 'part' | 'full';
  /** rotate so the part's long axis is horizontal, wider end (the head) on the right */
  canonicalRotation: boolean;
  /** crop side as a multiple of the part's length */
  margin: number;
}

/** The default spec for a scope's input size. */
export function defaultPreprocessSpec(inputSize: number): PreprocessSpec {
  return {
    version: PREPROCESS_VERSION,
    inputSize,
    aspect: 0.375,
    crop: 'part',
    canonicalRotation: true,
    margin: 1.15,
  };
}

/** Output height, pixels: a multiple of 8 so three 2x poolings divide it evenly. */
export function inputHeight(spec: PreprocessSpec): number {
  return Math.max(8, Math.round((spec.inputSize * spec.aspect) / 8) * 8);
}

/**
 * Revision of the part search within a preprocessing version. It changes when crops of some images
 * change while the spec (and every crop a shipped model was trained on) stays the same, e.g. the second
 * search under uneven light: cached crops made before are then dropped and cut again.
 */
export const PART_SEARCH_REVISION = 2;

/** What the keys of every spec of a preprocessing version start with (with the part search's revision). */
export function specKeyPrefix(version = PREPROCESS_VERSION): string {
  return `pp${version}r${PART_SEARCH_REVISION}-`;
}

/** A short stable id of a spec (FNV-1a over its canonical JSON), used to key cached tensors. */
export function specKey(spec: PreprocessSpec): string {
  const text = JSON.stringify([
    spec.version,
    spec.inputSize,
    spec.aspect,
    spec.crop,
    spec.canonicalRotation,
    spec.margin,
  ]);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${specKeyPrefix(spec.version)}${hash.toString(16).padStart(8, '0')}`;
}

/** Type guard for a spec read from storage or a model bundle. */
export function isPreprocessSpec(value: unknown): value is PreprocessSpec {
  const v = value as Partial<PreprocessSpec> | null;
  return (
    !!v &&
    typeof v.version === 'number' &&
    typeof v.inputSize === 'number' &&
    typeof v.aspect === 'number' &&
    (v.crop === 'part' || v.crop === 'full') &&
    typeof v.canonicalRotation === 'boolean' &&
    typeof v.margin === 'number'
  );
}

/**
 * Version of the whole-frame resize implementation. It is counted apart from PREPROCESS_VERSION: the
 * canonical crop and the whole-frame resize are different pipelines, and changing one must not
 * retire the models of the other.
 */
export const FRAME_RESIZE_VERSION = 1;

/**
 * The preprocessing of foreign models such as Teachable Machine's: no part search and no crop, the
 * whole frame resized (stretched) to width × height in RGB, each channel mapped linearly from 0..255
 * onto `range`.
 */
export interface FrameResizeSpec {
  kind: 'frame-resize';
  version: number;
  /** output size, pixels */
  width: number;
  height: number;
  channels: 3;
  /** the values 0 and 255 map to: [-1, 1] for Teachable Machine, [0, 1] for plain scaling */
  range: [number, number];
}

/** Any preprocessing a model bundle may name: the canonical crop or the whole-frame resize. */
export type ModelPreprocessSpec = PreprocessSpec | FrameResizeSpec;

/** The whole-frame spec of a Teachable Machine image model of `imageSize` pixels square (224 by default). */
export function frameResizeSpec(imageSize = 224, range: [number, number] = [-1, 1]): FrameResizeSpec {
  return {
    kind: 'frame-resize',
    version: FRAME_RESIZE_VERSION,
    width: imageSize,
    height: imageSize,
    channels: 3,
    range,
  };
}

/** Type guard for a whole-frame resize spec read from storage or a model bundle. */
export function isFrameResizeSpec(value: unknown): value is FrameResizeSpec {
  const v = value as Partial<FrameResizeSpec> | null;
  return (
    !!v &&
    v.kind === 'frame-resize' &&
    typeof v.version === 'number' &&
    Number.isInteger(v.width) &&
    Number.isInteger(v.height) &&
    v.channels === 3 &&
    Array.isArray(v.range) &&
    v.range.length === 2 &&
    v.range.every((x) => typeof x === 'number' && Number.isFinite(x))
  );
}

/** Type guard for either kind of spec a model bundle may carry. */
export function isModelPreprocessSpec(value: unknown): value is ModelPreprocessSpec {
  return isPreprocessSpec(value) || isFrameResizeSpec(value);
}

/** The input tensor shape [height, width, channels] a spec produces. */
export function specInputShape(spec: ModelPreprocessSpec): [number, number, number] {
  return isFrameResizeSpec(spec)
    ? [spec.height, spec.width, spec.channels]
    : [inputHeight(spec), spec.inputSize, 1];
}

/** The version of its pipeline this app implements for a spec's kind. */
export function implementedVersion(spec: ModelPreprocessSpec): number {
  return isFrameResizeSpec(spec) ? FRAME_RESIZE_VERSION : PREPROCESS_VERSION;
}
