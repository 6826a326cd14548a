/** Byte helpers shared by the header sniffers, the zip reader and the PNG encoder; readers are bounds-tolerant. */

/** Byte at `i`, or 0 past the end (callers have already checked the length they need). */
export function byteAt(b: Uint8Array, i: number): number {
  return b[i] ?? 0;
}

/** Big-endian unsigned 16-bit integer at `i`. */
export function u16be(b: Uint8Array, i: number): number {
  return (byteAt(b, i) << 8) | byteAt(b, i + 1);
}

/** Little-endian unsigned 16-bit integer at `i`. */
export function u16le(b: Uint8Array, i: number): number {
  return byteAt(b, i) | (byteAt(b, i + 1) << 8);
}

/** Little-endian unsigned 24-bit integer at `i`. */
export function u24le(b: Uint8Array, i: number): number {
  return byteAt(b, i) | (byteAt(b, i + 1) << 8) | (byteAt(b, i + 2) << 16);
}

/** Big-endian unsigned 32-bit integer at `i`. */
export function u32be(b: Uint8Array, i: number): number {
  // `>>> 0` keeps values ≥ 2^31 positive instead of wrapping to negative.
  return ((byteAt(b, i) << 24) | (byteAt(b, i + 1) << 16) | (byteAt(b, i + 2) << 8) | byteAt(b, i + 3)) >>> 0;
}

/** Little-endian unsigned 32-bit integer at `i`. */
export function u32le(b: Uint8Array, i: number): number {
  return (byteAt(b, i) | (byteAt(b, i + 1) << 8) | (byteAt(b, i + 2) << 16) | (byteAt(b, i + 3) << 24)) >>> 0;
}

/** Little-endian signed 32-bit integer at `i`. */
export function i32le(b: Uint8Array, i: number): number {
  return u32le(b, i) | 0;
}

/** Latin-1 text of `n` bytes at `i` (for magic numbers and chunk types). */
export function ascii(b: Uint8Array, i: number, n: number): string {
  let s = '';
  for (let k = i; k < i + n && k < b.length; k++) s += String.fromCharCode(byteAt(b, k));
  return s;
}

/** True when `b` starts with `prefix` at offset `at`. */
export function startsWith(b: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (b.length < at + prefix.length) return false;
  return prefix.every((v, k) => b[at + k] === v);
}

let crcTable: Uint32Array | undefined;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

/** CRC-32 (the PNG/zip polynomial) of `b[start, end)`. */
export function crc32(b: Uint8Array, start = 0, end = b.length): number {
  const t = table();
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = (t[(c ^ byteAt(b, i)) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Joins byte chunks into one new array (never a view of the inputs). */
export function concat(parts: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
