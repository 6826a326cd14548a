import { backend_util } from '@tensorflow/tfjs-core';
import type { NamedAttrMap } from '@tensorflow/tfjs-core';

type Shape4 = [number, number, number, number];

/** The padding forms tfjs conv/pool attributes may carry. */
export type PadAttr = 'valid' | 'same' | number | backend_util.ExplicitPadding;

/** Geometry of one 2-D conv (or pool) window sweep, NHWC, with explicit per-side padding. */
export type ConvGeometry = backend_util.Conv2DInfo;

/** Rows/cols [top, bottom, left, right] to add (positive) or remove (negative) on each side. */
export type Sides = [number, number, number, number];

/** Throws a clear error unless `dataFormat` is NHWC (or absent); the wasm conv kernels are NHWC-only. */
export function assertNhwc(kernel: string, dataFormat: unknown): void {
  if (dataFormat == null || dataFormat === 'NHWC' || dataFormat === 'channelsLast') return;
  throw new Error(`wasm-grad ${kernel}: dataFormat '${String(dataFormat)}' is not supported; use 'NHWC'.`);
}

/** Reads a shape attribute (`filterShape`, `inputShape`) as a rank-4 tuple, failing loudly otherwise. */
export function shape4(kernel: string, name: string, value: unknown): Shape4 {
  if (!Array.isArray(value) || value.length !== 4 || !value.every((v) => Number.isInteger(v))) {
    throw new Error(`wasm-grad ${kernel}: attribute '${name}' must be a rank-4 shape, got ${String(value)}.`);
  }
  return value as Shape4;
}

/** Builds the forward-conv geometry a gradient kernel's attributes describe (shared by conv and depthwise). */
export function convGeometry(
  kernel: string,
  xShape: Shape4,
  filterShape: Shape4,
  attrs: NamedAttrMap,
  depthwise: boolean,
): ConvGeometry {
  assertNhwc(kernel, attrs['dataFormat']);
  const dilations = (attrs['dilations'] as number | [number, number] | null | undefined) ?? 1;
  return backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs['strides'] as number | [number, number],
    dilations,
    attrs['pad'] as PadAttr,
    attrs['dimRoundingMode'] as 'floor' | 'round' | 'ceil' | undefined,
    depthwise,
    'channelsLast',
  );
}

/** Span (in input pixels) that `count` outputs with `stride` and a `filter`-tap kernel of `dilation` cover. */
function span(count: number, stride: number, filter: number, dilation: number): number {
  return (count - 1) * stride + (filter - 1) * dilation + 1;
}

/**
 * Padding of the input for the filter-gradient convolution: top/left as in the forward pass,
 * bottom/right exactly what the last output window needs (negative: trailing rows never read).
 */
export function filterGradSides(g: ConvGeometry): Sides {
  const { top, left } = g.padInfo;
  const needH = span(g.outHeight, g.strideHeight, g.filterHeight, g.dilationHeight);
  const needW = span(g.outWidth, g.strideWidth, g.filterWidth, g.dilationWidth);
  return [top, needH - g.inHeight - top, left, needW - g.inWidth - left];
}

/**
 * Padding of the zero-dilated dy (`outHeight*strideHeight` rows, trailing zeros included) so that a
 * stride-1 convolution with the flipped filter yields exactly `inHeight x inWidth` pixels.
 */
export function inputGradSides(g: ConvGeometry): Sides {
  const { top, left } = g.padInfo;
  const lh = (g.outHeight - 1) * g.strideHeight + 1;
  const lw = (g.outWidth - 1) * g.strideWidth + 1;
  const qt = (g.filterHeight - 1) * g.dilationHeight - top;
  const ql = (g.filterWidth - 1) * g.dilationWidth - left;
  const qb = g.inHeight - lh + top - (g.strideHeight - 1);
  const qr = g.inWidth - lw + left - (g.strideWidth - 1);
  return [qt, qb, ql, qr];
}
