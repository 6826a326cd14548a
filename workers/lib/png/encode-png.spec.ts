import { crc32 as nodeCrc32, inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { crc32, encodePng } from './encode-png.ts';
import type { PngFilter } from './encode-png.ts';

const u32 = (b: Uint8Array, i: number) =>
  ((b[i]! << 24) | (b[i + 1]! << 16) | (b[i + 2]! << 8) | b[i + 3]!) >>> 0;

/** Splits a PNG into chunks (type, data, stored CRC, CRC input range). */
function chunks(png: Uint8Array) {
  const out: { type: string; data: Uint8Array; crc: number; body: Uint8Array }[] = [];
  let at = 8;
  while (at < png.length) {
    const len = u32(png, at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    out.push({
      type,
      data: png.subarray(at + 8, at + 8 + len),
      crc: u32(png, at + 8 + len),
      body: png.subarray(at + 4, at + 8 + len),
    });
    at += 12 + len;
  }
  return out;
}

function randomImage(w: number, h: number, ch: number, seed: number): Uint8Array {
  const r = createRng(seed);
  const px = new Uint8Array(w * h * ch);
  // Half smooth, half noisy rows, so that every filter type wins somewhere.
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w * ch; x++) px[y * w * ch + x] = y % 2 ? r.int(0, 255) : (x * 3 + y * 5) & 0xff;
  }
  return px;
}

function decode(png: Uint8Array) {
  return PNG.sync.read(Buffer.from(png));
}

describe('crc32', () => {
  it('matches the standard check value and zlib', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    const data = randomImage(33, 7, 1, 5);
    expect(crc32(data)).toBe(nodeCrc32(data));
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
});

describe('encodePng', () => {
  it.each([1, 3, 4] as const)('round-trips %i-channel pixels through pngjs', (ch) => {
    const w = 37;
    const h = 23;
    const px = randomImage(w, h, ch, ch);
    const img = decode(encodePng(px, w, h, ch));
    expect([img.width, img.height]).toEqual([w, h]);
    // pngjs always hands back RGBA.
    for (let i = 0; i < w * h; i++) {
      const rgba = [...img.data.subarray(i * 4, i * 4 + 4)];
      const src = [...px.subarray(i * ch, i * ch + ch)];
      const want = ch === 1 ? [src[0], src[0], src[0], 255] : ch === 3 ? [...src, 255] : src;
      expect(rgba).toEqual(want);
    }
  });

  it.each([0, 1, 2, 3, 4] as PngFilter[])('decodes correctly with filter %i forced', (filter) => {
    const px = randomImage(19, 11, 3, 40 + filter);
    const img = decode(encodePng(px, 19, 11, 3, { filter }));
    for (let i = 0; i < 19 * 11; i++) expect(img.data[i * 4 + 1]).toBe(px[i * 3 + 1]);
  });

  it('writes valid chunk CRCs, a correct IHDR and nothing but IHDR/IDAT/IEND', () => {
    const png = encodePng(randomImage(300, 2, 4, 1), 300, 2, 4);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const cs = chunks(png);
    expect(cs.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const c of cs) expect(c.crc).toBe(nodeCrc32(c.body));
    const ihdr = cs[0]!.data;
    expect([u32(ihdr, 0), u32(ihdr, 4), ...ihdr.subarray(8)]).toEqual([300, 2, 8, 6, 0, 0, 0]);
  });

  it('picks Sub on a horizontal ramp and Up on repeated rows', () => {
    const w = 64;
    const px = new Uint8Array(w * 4);
    for (let y = 0; y < 4; y++) for (let x = 0; x < w; x++) px[y * w + x] = x * 4;
    const idat = chunks(encodePng(px, w, 4, 1)).find((c) => c.type === 'IDAT')!.data;
    const raw = inflateSync(idat);
    expect(raw[0]).toBe(1);
    for (let y = 1; y < 4; y++) expect(raw[y * (w + 1)]).toBe(2);
  });

  it('is deterministic byte for byte', () => {
    const px = randomImage(50, 50, 1, 9);
    expect(encodePng(px, 50, 50, 1)).toEqual(encodePng(px.slice(), 50, 50, 1));
  });

  it('rejects mismatched buffers and bad sizes', () => {
    expect(() => encodePng(new Uint8Array(10), 3, 3, 1)).toThrow(RangeError);
    expect(() => encodePng(new Uint8Array(0), 0, 0, 1)).toThrow(RangeError);
    expect(() => encodePng(new Uint8Array(12), 2, 2, 4)).toThrow(RangeError);
  });
});
