/**
 * Trigonometry from + - * / and Math.sqrt/round only. Math.sin & co. are not
 * exactly specified by ECMAScript, so engines may differ in the last bit; these
 * give bit-identical results everywhere, which keeps generated images stable.
 */

const PIO2_HI = 1.5707963267341256; // π/2 split in two so that x - k·π/2 stays accurate
const PIO2_LO = 6.077100506506192e-11;

/** π, as a double. */
export const PI = 3.141592653589793;

/** Degrees → radians. */
export function degToRad(deg: number): number {
  return (deg * PI) / 180;
}

function sinPoly(r: number): number {
  const r2 = r * r;
  // Taylor series to r^17; |r| ≤ π/4 keeps the error below 1e-16.
  let t = r;
  let s = r;
  for (let n = 2; n <= 16; n += 2) {
    t *= -r2 / (n * (n + 1));
    s += t;
  }
  return s;
}

function cosPoly(r: number): number {
  const r2 = r * r;
  let t = 1;
  let s = 1;
  for (let n = 1; n <= 15; n += 2) {
    t *= -r2 / (n * (n + 1));
    s += t;
  }
  return s;
}

/** sin(x), x in radians. */
export function sin(x: number): number {
  const k = Math.round(x / (PI / 2));
  const r = x - k * PIO2_HI - k * PIO2_LO;
  switch (((k % 4) + 4) % 4) {
    case 0:
      return sinPoly(r);
    case 1:
      return cosPoly(r);
    case 2:
      return -sinPoly(r);
    default:
      return -cosPoly(r);
  }
}

/** cos(x), x in radians. */
export function cos(x: number): number {
  return sin(x + PI / 2);
}

/** atan(z) in radians, |result| ≤ π/2. */
export function atan(z: number): number {
  // Fold |z| > 1 onto 1/z so that z·z can never overflow.
  if (z > 1) return PI / 2 - atan(1 / z);
  if (z < -1) return -PI / 2 - atan(1 / z);
  // Three half-angle reductions bring |w| below tan(π/16) ≈ 0.2, where the series converges fast.
  let w = z;
  for (let i = 0; i < 3; i++) w = w / (1 + Math.sqrt(1 + w * w));
  const w2 = w * w;
  let t = w;
  let s = w;
  for (let n = 3; n <= 41; n += 2) {
    t *= -w2;
    s += t / n;
  }
  return 8 * s;
}

/** atan2(y, x) in radians, in (-π, π]. */
export function atan2(y: number, x: number): number {
  if (x > 0) return atan(y / x);
  if (x < 0) return y >= 0 ? atan(y / x) + PI : atan(y / x) - PI;
  if (y > 0) return PI / 2;
  if (y < 0) return -PI / 2;
  return 0;
}

/** Hermite smoothstep from edge0 to edge1 (0 below, 1 above). */
export function smoothstep(edge0: number, edge1: number, x: number): number {
  const t = clamp01((x - edge0) / (edge1 - edge0));
  return t * t * (3 - 2 * t);
}

/** Clamps to [0, 1]. */
export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Smooth 1-D value noise from `table` (values -1..1) at coordinate `x` (table cells, wraps); result in -1..1. */
export function noise1(table: Float64Array, x: number): number {
  const n = table.length;
  const fx = Math.floor(x);
  const t = x - fx;
  const i = ((fx % n) + n) % n;
  const a = table[i] as number;
  const b = table[(i + 1) % n] as number;
  return a + (b - a) * t * t * (3 - 2 * t);
}
