/**
 * Public entry point of the synthetic screw photo generator (MVTec-AD-"screw"-like
 * 8-bit images, grey or, for colour styles, RGB). DOM- and Node-free: runs in a Web
 * Worker or in Node and produces byte-identical pixels for equal options.
 */
import type { ScrewKind } from './defects.ts';
import type { ScrewMeta } from './render.ts';
import { renderScene } from './render.ts';

// Re-exports, documented at their definitions, so callers need this one module only.
export { DEFECT_TYPES } from './defects.ts';
export type { DefectType, ScrewKind } from './defects.ts';
export { planDataset } from './plan.ts';
export type { PlanItem, PlanOptions } from './plan.ts';
export { renderScene } from './render.ts';
export type { FrameJitter, SceneOptions, SceneResult, ScrewMeta } from './render.ts';
export { DEMO_STYLE, STYLE_NAMES, UnknownStyleError, describeStyles, getStyle } from './styles.ts';
export type { StyleSpec } from './style-types.ts';
export { toGray } from './photo.ts';

/** Square image request: `size` in px (64..1024 supported; 256 is the usual choice); `style` defaults to 'demo'. */
export interface ScrewImageOptions {
  seed: number;
  kind: ScrewKind;
  size: number;
  style?: string;
}

/** A size×size photo (row-major; one grey byte per pixel, or RGB triples when `channels` is 3) with where the screw lies. */
export interface ScrewImage {
  pixels: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  channels: 1 | 3;
  meta: ScrewMeta;
}

/** Smallest accepted `size` (px); below 64 px the defects are no longer recognisable. */
export const MIN_SIZE = 32;
/** Largest accepted `size` (px); 1024 px takes about half a second in Node. */
export const MAX_SIZE = 2048;

/**
 * Renders one screw. The seed fixes geometry, placement, lighting and noise; `kind`
 * only adds the defect, so (seed, 'good') and (seed, defect) differ just around it.
 * An unknown style throws UnknownStyleError.
 */
export function generateScrewImage(opts: ScrewImageOptions): ScrewImage {
  const { size } = opts;
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE) {
    throw new RangeError(
      `generateScrewImage: size must be an integer in [${MIN_SIZE}, ${MAX_SIZE}], got ${size}`,
    );
  }
  return renderScene({ seed: opts.seed, kind: opts.kind, width: size, height: size, style: opts.style });
}
