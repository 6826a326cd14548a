/** Formatting and parameter helpers shared by the check families. */
import type { ParamValue } from './assertion-types.ts';
import type { ParamSpec } from './check-types.ts';

/** A number as text: integers whole, others to `digits` decimals. */
export const fmt = (x: number, digits = 1) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
/** A 0..1 share as a percentage with one decimal. */
export const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** `n` with the singular or plural noun. */
export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
/** A numeric parameter, or `fallback` when it is not given. */
export const num = (params: Record<string, ParamValue>, key: string, fallback: number) =>
  typeof params[key] === 'number' ? (params[key] as number) : fallback;

/** The optional `max_fraction` parameter of per-image checks. */
export const FRACTION: ParamSpec = {
  type: 'number',
  required: false,
  lo: 0,
  hi: 1,
  doc: 'share of images allowed outside (0..1, default 0)',
};
