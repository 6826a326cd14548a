/**
 * Deterministic 8-bit PNG encoder (gray / RGB / RGBA, no interlace). The same
 * pixels always give the same bytes: filters are picked by a fixed heuristic
 * and fflate's zlib runs at a fixed level, so encoded files can be hashed.
 */
import { zlibSync } from 'fflate';
import { concat, crc32 } from '../bytes.ts';

/** PNG scanline filter types (PNG spec §9.2). */
export const PNG_FILTER = { none: 0, sub: 1, up: 2, average: 3, paeth: 4 } as const;
/** One PNG filter type number (0..4). */
export type PngFilter = (typeof PNG_FILTER)[keyof typeof PNG_FILTER];

/** Encoder knobs; the defaults are what every caller should normally use. */
export interface EncodePngOptions {
  /** 'auto' (default) picks per row by minimum sum of absolute filtered bytes; a number forces one filter. */
  filter?: 'auto' | PngFilter;
  /** zlib level 0..9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export { crc32 };

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 0xff;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeU32(out, 0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  // The CRC covers the type and the data, not the length.
  writeU32(out, 8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

/** Writes row `y` filtered with `type` into `dst` (without the type byte); returns the sum of |signed bytes|. */
function filterRow(
  px: Uint8Array,
  y: number,
  stride: number,
  bpp: number,
  type: PngFilter,
  dst: Uint8Array,
): number {
  const row = y * stride;
  const prev = row - stride;
  let cost = 0;
  for (let i = 0; i < stride; i++) {
    const x = px[row + i] as number;
    const a = i >= bpp ? (px[row + i - bpp] as number) : 0;
    const b = y > 0 ? (px[prev + i] as number) : 0;
    const c = i >= bpp && y > 0 ? (px[prev + i - bpp] as number) : 0;
    let pred = 0;
    if (type === 1) pred = a;
    else if (type === 2) pred = b;
    else if (type === 3) pred = (a + b) >>> 1;
    else if (type === 4) pred = paeth(a, b, c);
    const f = (x - pred) & 0xff;
    dst[i] = f;
    cost += f < 128 ? f : 256 - f;
  }
  return cost;
}

/** Encodes 8-bit pixels (row-major, `channels` bytes per pixel) into a complete PNG file. */
export function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  options: EncodePngOptions = {},
): Uint8Array<ArrayBuffer> {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`encodePng: bad size ${width}x${height}`);
  }
  const stride = width * channels;
  if (pixels.length !== stride * height) {
    throw new RangeError(`encodePng: expected ${stride * height} bytes, got ${pixels.length}`);
  }
  const forced = options.filter ?? 'auto';
  const raw = new Uint8Array((stride + 1) * height);
  const best = new Uint8Array(stride);
  const trial = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    let bestType: PngFilter = forced === 'auto' ? 0 : forced;
    if (forced !== 'auto') {
      filterRow(pixels, y, stride, channels, forced, best);
    } else {
      let bestCost = filterRow(pixels, y, stride, channels, 0, best);
      for (let t = 1 as PngFilter; t <= 4; t = (t + 1) as PngFilter) {
        const cost = filterRow(pixels, y, stride, channels, t, trial);
        // Strict < keeps the lowest type on ties, so the choice is fully determined.
        if (cost < bestCost) {
          bestCost = cost;
          bestType = t;
          best.set(trial);
        }
      }
    }
    raw[y * (stride + 1)] = bestType;
    raw.set(best, y * (stride + 1) + 1);
  }
  const ihdr = new Uint8Array(13);
  writeU32(ihdr, 0, width);
  writeU32(ihdr, 4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : channels === 3 ? 2 : 6; // colour type
  // ihdr[10..12] = compression 0, filter method 0, no interlace.
  const idat = zlibSync(raw, { level: options.level ?? 6 });
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  return concat(parts);
}
