/**
 * A frame's pixels and the model input made from them: the part search on gray pixels, then the
 * canonical crop (or, for whole-frame foreign models, the frame resized). The pixel code is the
 * training pipeline's own (`models/preprocess`); only how pixels are read from a frame lives here.
 */
import { findPart, type PartGeometry } from '../../models/preprocess/part.ts';
import { cropAroundPart, cropPose, rgbaToGray, standardize } from '../../models/preprocess/preprocess.ts';
import { resizeFrame } from '../../models/preprocess/frame-resize.ts';
import { inputHeight, isFrameResizeSpec, type ModelPreprocessSpec } from '../../models/preprocess/spec.ts';
import { implausiblePart } from '../lib/station/plausible-part.ts';
import type { CropPlacement, FramePart } from '../lib/station/station-types.ts';

/** A frame as pixels: gray always, RGBA on demand (whole-frame models need colour). */
export interface FramePixels {
  width: number;
  height: number;
  gray: Uint8Array;
  rgba(): ArrayLike<number>;
}

/** Pixels of a gray image (a .y4m frame's Y plane, a decoded gray file); RGBA is built only if asked for. */
export function grayPixels(gray: Uint8Array, width: number, height: number): FramePixels {
  if (gray.length !== width * height)
    throw new RangeError(
      `A ${width}×${height} gray frame needs ${width * height} bytes, got ${gray.length}.`,
    );
  return {
    width,
    height,
    gray,
    rgba: () => {
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
        rgba[p] = rgba[p + 1] = rgba[p + 2] = gray[i]!;
        rgba[p + 3] = 255;
      }
      return rgba;
    },
  };
}

/**
 * Reads ImageBitmaps and VideoFrames through one OffscreenCanvas, kept between frames so a camera
 * stream does not allocate a canvas per frame. The gray buffer is reused as well: a FramePixels is
 * valid until the next read.
 */
export class FrameReader {
  #context: OffscreenCanvasRenderingContext2D | null = null;
  #gray = new Uint8Array(0);

  /** The frame's pixels at its display size; the frame stays the caller's to close. */
  read(frame: ImageBitmap | VideoFrame): FramePixels {
    const { width, height } = frameSize(frame);
    if (!width || !height) throw new RangeError('The frame is empty (0 pixels); the camera sent no picture.');
    const context = this.#canvas(width, height);
    context.drawImage(frame, 0, 0, width, height);
    const rgba = context.getImageData(0, 0, width, height).data;
    if (this.#gray.length !== width * height) this.#gray = new Uint8Array(width * height);
    const gray = rgbaToGray(rgba, width, height, this.#gray);
    return { width, height, gray, rgba: () => rgba };
  }

  #canvas(width: number, height: number): OffscreenCanvasRenderingContext2D {
    const canvas = this.#context?.canvas;
    if (!this.#context || canvas?.width !== width || canvas.height !== height) {
      const context = new OffscreenCanvas(width, height).getContext('2d', { willReadFrequently: true });
      if (!context) throw new Error('This browser cannot draw camera frames in a worker.');
      this.#context = context;
    }
    return this.#context;
  }
}

/** A frame's size in pixels as drawn (a VideoFrame's display size). */
export function frameSize(frame: ImageBitmap | VideoFrame): { width: number; height: number } {
  return 'displayWidth' in frame
    ? { width: frame.displayWidth, height: frame.displayHeight }
    : { width: frame.width, height: frame.height };
}

/** The located part: findPart's geometry, with `found` cleared (and why) when it cannot be a part. */
export interface LocatedPart {
  geometry: PartGeometry;
  /** why the region was not taken as a part; null when it was */
  rejected: string | null;
}

/** Runs the part search on the frame's gray pixels and checks that the region can be a part. */
export function locatePart(pixels: FramePixels): LocatedPart {
  const geometry = findPart(pixels.gray, pixels.width, pixels.height);
  const rejected = implausiblePart(geometry, pixels.width, pixels.height);
  return { geometry: rejected ? { ...geometry, found: false } : geometry, rejected };
}

/** The part as the station reports it: frame pixels, with the crop band's width for the outline. */
export function framePart(geometry: PartGeometry, spec: ModelPreprocessSpec): FramePart {
  // Whole-frame models have no band of their own: outline the band the default spec would crop.
  const margin = isFrameResizeSpec(spec) ? 1.15 : spec.margin;
  const aspect = isFrameResizeSpec(spec) ? 48 / 128 : inputHeight(spec) / spec.inputSize;
  return {
    found: geometry.found,
    cx: geometry.cx,
    cy: geometry.cy,
    angle: geometry.angle,
    length: geometry.length,
    width: geometry.length * margin * aspect,
    fraction: geometry.fraction,
  };
}

/**
 * Where the canonical crop of `part` lies in a `width`×`height` frame, as cropAroundPart samples it;
 * null for whole-frame models, which take no crop.
 */
export function cropPlacement(
  part: PartGeometry,
  width: number,
  height: number,
  spec: ModelPreprocessSpec,
): CropPlacement | null {
  if (isFrameResizeSpec(spec)) return null;
  const { cx, cy, angle, side } = cropPose(width, height, spec, part);
  return { cx, cy, angle, width: side, height: (side * inputHeight(spec)) / spec.inputSize };
}

/** A model input: its values and the tensor shape [1, height, width, channels]. */
export interface ModelInput {
  data: Float32Array;
  shape: [number, number, number, number];
}

/**
 * The model input of a frame whose part was located: the canonical crop around it, standardised,
 * exactly as preprocessGray makes it in training; or the whole frame resized for foreign models.
 */
export function frameModelInput(
  pixels: FramePixels,
  part: PartGeometry,
  spec: ModelPreprocessSpec,
): ModelInput {
  if (isFrameResizeSpec(spec))
    return {
      data: resizeFrame(pixels.rgba(), pixels.width, pixels.height, spec),
      shape: [1, spec.height, spec.width, 3],
    };
  const crop = cropAroundPart(pixels.gray, pixels.width, pixels.height, spec, part);
  return { data: standardize(crop), shape: [1, inputHeight(spec), spec.inputSize, 1] };
}
