/**
 * Whether what the part search found can be a part at all. findPart always splits a frame in two
 * with Otsu's threshold, so an empty plate's lighting gradient or texture comes back as a "part"
 * covering a third to two thirds of the frame; a speck of dust comes back as a few pixels.
 */
import type { PartGeometry } from '../../../models/preprocess/part.ts';

/** The smallest share 0..1 of the frame a part may cover (a screw on the generator's plate covers about 0.04). */
export const MIN_PART_FRACTION = 0.002;
/** The largest share 0..1: above this the "part" is the background split by lighting (an empty plate gives 0.3 and up). */
export const MAX_PART_FRACTION = 0.25;

/** Why a found region is not taken as a part; null when it is plausible. */
export function implausiblePart(part: PartGeometry, width: number, height: number): string | null {
  if (!part.found) return 'nothing stands out from the background';
  if (part.fraction < MIN_PART_FRACTION) return `the region covers only ${pct(part.fraction)} of the frame`;
  if (part.fraction > MAX_PART_FRACTION)
    return `the region covers ${pct(part.fraction)} of the frame: background, not a part`;
  // A real part lies within the frame; a centroid outside it or a length beyond the diagonal is not one.
  if (part.cx < 0 || part.cy < 0 || part.cx > width - 1 || part.cy > height - 1)
    return 'the region lies outside the frame';
  if (part.length > Math.hypot(width, height)) return 'the region is longer than the frame';
  return null;
}

/** The part search's result with `found` cleared when the region cannot be a part. */
export function plausiblePart(part: PartGeometry, width: number, height: number): PartGeometry {
  return implausiblePart(part, width, height) === null ? part : { ...part, found: false };
}

function pct(share: number): string {
  return `${(share * 100).toFixed(share < 0.01 ? 2 : 0)}%`;
}
