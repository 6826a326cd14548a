/** Where a video's frame lands inside its element, for drawing over it. */
export interface FrameMapping {
  /** display px per frame px */
  scale: number;
  /** where the frame's top-left corner lies in the element, display px (negative when cropped) */
  offsetX: number;
  offsetY: number;
}

/** How a video element fits its frame: the CSS object-fit values the station uses. */
export type ObjectFit = 'contain' | 'cover' | 'fill';

/**
 * Maps frame pixels to element pixels the way CSS `object-fit` places a `frameW`×`frameH` video in a
 * `boxW`×`boxH` element, centred (object-position 50% 50%). 'fill' stretches, so it keeps the x scale
 * and is only exact when the aspect ratios agree; the station never uses it.
 */
export function mapFrame(
  frameW: number,
  frameH: number,
  boxW: number,
  boxH: number,
  fit: ObjectFit,
): FrameMapping {
  if (frameW <= 0 || frameH <= 0 || boxW <= 0 || boxH <= 0) return { scale: 0, offsetX: 0, offsetY: 0 };
  const sx = boxW / frameW;
  const sy = boxH / frameH;
  const scale = fit === 'contain' ? Math.min(sx, sy) : fit === 'cover' ? Math.max(sx, sy) : sx;
  return { scale, offsetX: (boxW - frameW * scale) / 2, offsetY: (boxH - frameH * scale) / 2 };
}

/** A part's pose in frame pixels (the worker's `FramePart`). */
export interface PartPose {
  cx: number;
  cy: number;
  /** radians, long axis; the head points towards angle + π */
  angle: number;
  length: number;
  width: number;
}

/** A point in element pixels. */
export interface Point {
  x: number;
  y: number;
}

/**
 * The part's outline in element pixels: the corners of its rotated box (tip side first, clockwise
 * on screen) and the head's end point, so the drawing can mark which end is the head.
 */
export function partOutline(
  part: PartPose,
  map: FrameMapping,
): { corners: Point[]; head: Point; centre: Point } {
  const ux = Math.cos(part.angle);
  const uy = Math.sin(part.angle);
  const hl = part.length / 2;
  const hw = part.width / 2;
  const toBox = (x: number, y: number): Point => ({
    x: map.offsetX + x * map.scale,
    y: map.offsetY + y * map.scale,
  });
  const at = (along: number, across: number) =>
    toBox(part.cx + ux * along - uy * across, part.cy + uy * along + ux * across);
  return {
    corners: [at(hl, -hw), at(hl, hw), at(-hl, hw), at(-hl, -hw)],
    head: at(-hl, 0),
    centre: toBox(part.cx, part.cy),
  };
}
