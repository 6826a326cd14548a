/**
 * Seeded PRNG (sfc32 seeded by a string hash). Only integer ops, IEEE +-*÷ and
 * Math.sqrt/floor are used, all of which are exactly specified, so a given seed
 * yields the same stream in every JS engine (browser worker and Node alike).
 */

/** A deterministic random stream; every method advances it except `fork`. */
export interface Rng {
  /** Uniform float in [0, 1), 32-bit resolution. */
  next(): number;
  /** Uniform unsigned 32-bit integer in [0, 2^32). */
  uint32(): number;
  /** Uniform float in [a, b). */
  range(a: number, b: number): number;
  /** Uniform integer in [a, b], both ends inclusive. */
  int(a: number, b: number): number;
  /** Normally distributed float (default mean 0, standard deviation 1). */
  normal(mean?: number, sd?: number): number;
  /** One element of a non-empty array, uniformly chosen. */
  pick<T>(arr: readonly T[]): T;
  /** Shuffles `arr` in place (Fisher–Yates) and returns it. */
  shuffle<T>(arr: T[]): T[];
  /** true with probability `p` (0..1). */
  chance(p: number): boolean;
  /**
   * An independent stream derived from this stream's seed and `label`; it does
   * not advance this stream, so adding a fork never shifts other draws.
   */
  fork(label: string): Rng;
  /** The seed key this stream was created from (forks append `/label`). */
  readonly key: string;
}

/** 32-bit mix of a string (murmur3-style finaliser over an FNV-like walk); `salt` decorrelates lanes. */
function hashString(s: string, salt: number): number {
  let h = (0x811c9dc5 ^ Math.imul(salt, 0x9e3779b1)) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h ^= h >>> 13;
  }
  h ^= s.length;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Natural log for x > 0 from arithmetic only, because Math.log is not exactly specified across engines. */
function detLn(x: number): number {
  let e = 0;
  while (x >= 2) {
    x /= 2;
    e++;
  }
  while (x < 1) {
    x *= 2;
    e--;
  }
  // ln(m) = 2·atanh(z) with z = (m-1)/(m+1) ≤ 1/3, so 20 terms reach double precision.
  const z = (x - 1) / (x + 1);
  const z2 = z * z;
  let term = z;
  let sum = 0;
  for (let k = 1; k < 40; k += 2) {
    sum += term / k;
    term *= z2;
  }
  return 2 * sum + e * 0.6931471805599453;
}

class Sfc32 implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  constructor(readonly key: string) {
    this.a = hashString(key, 1);
    this.b = hashString(key, 2);
    this.c = hashString(key, 3);
    this.d = 1;
    // Warm-up so that similar keys diverge before the first visible draw.
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  range(a: number, b: number): number {
    return a + (b - a) * this.next();
  }

  int(a: number, b: number): number {
    const lo = Math.ceil(Math.min(a, b));
    const hi = Math.floor(Math.max(a, b));
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  normal(mean = 0, sd = 1): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    // Marsaglia polar method: needs only sqrt (exact) and ln (our own).
    let x: number;
    let y: number;
    let s: number;
    do {
      x = this.next() * 2 - 1;
      y = this.next() * 2 - 1;
      s = x * x + y * y;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * detLn(s)) / s);
    this.spare = y * f;
    this.hasSpare = true;
    return mean + sd * x * f;
  }

  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new Error('rng.pick: empty array');
    return arr[Math.floor(this.next() * arr.length)] as T;
  }

  shuffle<T>(arr: T[]): T[] {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = arr[i] as T;
      arr[i] = arr[j] as T;
      arr[j] = tmp;
    }
    return arr;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  fork(label: string): Rng {
    return new Sfc32(`${this.key}/${label}`);
  }
}

/** Creates a stream from a number or string seed; equal seeds give equal streams (1 and '1' are the same seed). */
export function createRng(seed: number | string): Rng {
  return new Sfc32(String(seed));
}
