/**
 * A frame's drift statistics, measured with the data profile's own per-image code (`imageStats`) on
 * the part's canonical crop. The crop always uses the default crop spec, whatever spec the deployed
 * model has, so frames and training images of any size and framing are measured at one scale.
 */
import type { PartGeometry } from '../../../models/preprocess/part.ts';
import { cropAroundPart } from '../../../models/preprocess/preprocess.ts';
import { defaultPreprocessSpec, inputHeight } from '../../../models/preprocess/spec.ts';
import { imageStats } from '../profile/image-stats.ts';
import type { FrameStats } from './monitor-types.ts';

/**
 * Source pixels per crop sample that drift is measured at: a 256 px dataset image's part is cropped at
 * about 1.6, a 640×480 camera frame's at about 3, so the frame is averaged down by 2 first.
 */
const TARGET_STEP = 2.7;

/** The crop drift is measured on: the default spec at 128 px along the part. */
export const DRIFT_CROP_SPEC = defaultPreprocessSpec(64);

/** Statistics of a canonical gray crop (DRIFT_CROP_SPEC's size), as the profile measures an image. */
export function cropStats(
  crop: Uint8Array,
): Required<Pick<FrameStats, 'brightness' | 'contrast' | 'sharpness' | 'foreground'>> {
  const s = imageStats(crop, DRIFT_CROP_SPEC.inputSize, inputHeight(DRIFT_CROP_SPEC), 1);
  return { brightness: s.mean, contrast: s.std, sharpness: s.sharpness, foreground: s.foregroundFraction };
}

/**
 * A frame's statistics from its gray pixels and the part search's answer for them. A frame without a
 * part has no statistics (an empty object): nothing in it can be compared with the training parts.
 * partLength is the part's length as a share of the frame's short side; partAngle its long axis in
 * degrees, 0..180 (which end is the head does not matter).
 *
 * The crop samples the frame bilinearly, one sample per `step` source pixels. A camera frame shows
 * the part at twice the pixels of a 256 px dataset image, so its crop skips pixels and reads sharper
 * edges and more sensor noise: the Laplacian's variance (sharpness) came out 1.6× higher on the
 * generator's video than on its dataset. Averaging the frame down by a whole factor first brings every
 * crop near TARGET_STEP source pixels per sample, whatever the resolution the part was seen at.
 */
export function frameStats(
  gray: Uint8Array,
  width: number,
  height: number,
  geometry: PartGeometry,
): FrameStats {
  if (!geometry.found) return {};
  const step = (geometry.length * DRIFT_CROP_SPEC.margin) / DRIFT_CROP_SPEC.inputSize;
  const factor = Math.max(1, Math.round(step / TARGET_STEP));
  const crop =
    factor === 1
      ? cropAroundPart(gray, width, height, DRIFT_CROP_SPEC, geometry)
      : reducedCrop(gray, width, height, geometry, factor);
  const deg = (geometry.angle * 180) / Math.PI;
  return {
    ...cropStats(crop),
    partLength: geometry.length / Math.min(width, height),
    partAngle: ((deg % 180) + 180) % 180,
  };
}

/**
 * The crop of the frame averaged down by `factor` in both directions, geometry mapped along. Only the
 * square around the part that the crop band can reach is averaged (the rest of the frame is plate).
 */
function reducedCrop(
  gray: Uint8Array,
  width: number,
  height: number,
  geometry: PartGeometry,
  factor: number,
): Uint8Array {
  // The band is side × side·aspect around the centre; its corners lie within side·0.54 of it.
  const reach = geometry.length * DRIFT_CROP_SPEC.margin * 0.55 + 2 * factor;
  const x0 = Math.max(0, Math.floor((geometry.cx - reach) / factor));
  const y0 = Math.max(0, Math.floor((geometry.cy - reach) / factor));
  const x1 = Math.min(Math.floor(width / factor), Math.ceil((geometry.cx + reach) / factor));
  const y1 = Math.min(Math.floor(height / factor), Math.ceil((geometry.cy + reach) / factor));
  const w = Math.max(1, x1 - x0);
  const h = Math.max(1, y1 - y0);
  const small = new Uint8Array(w * h);
  const area = factor * factor;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = ((y0 + y) * factor + dy) * width + (x0 + x) * factor;
        for (let dx = 0; dx < factor; dx++) sum += gray[row + dx]!;
      }
      small[y * w + x] = Math.round(sum / area);
    }
  }
  // A reduced pixel covers source pixels factor·x .. factor·x + factor − 1: its centre is offset by (factor − 1) / 2.
  const shift = (factor - 1) / 2;
  const part = {
    ...geometry,
    cx: (geometry.cx - shift) / factor - x0,
    cy: (geometry.cy - shift) / factor - y0,
    length: geometry.length / factor,
  };
  return cropAroundPart(small, w, h, DRIFT_CROP_SPEC, part);
}
