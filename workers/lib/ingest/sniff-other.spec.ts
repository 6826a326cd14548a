import { describe, expect, it } from 'vitest';
import { checkImageLimits, sniffImage } from './sniff.ts';
import type { SniffedImage } from './sniff.ts';

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

describe('sniffImage: WebP, GIF, BMP', () => {
  function riff(chunk: string, payload: number[]): Uint8Array {
    const body = [
      ...ascii('WEBP'),
      ...ascii(chunk),
      payload.length & 255,
      payload.length >> 8,
      0,
      0,
      ...payload,
    ];
    const n = body.length;
    return new Uint8Array([...ascii('RIFF'), n & 255, (n >> 8) & 255, 0, 0, ...body]);
  }

  it('reads lossy VP8 sizes and ignores the scale bits', () => {
    const w = 300 | (1 << 14);
    const b = riff('VP8 ', [0, 0, 0, 0x9d, 0x01, 0x2a, w & 255, w >> 8, 200 & 255, 200 >> 8, 0, 0]);
    expect(sniffImage(b)).toEqual({ format: 'webp', width: 300, height: 200 });
  });

  it('reads lossless VP8L sizes (14-bit fields, minus one)', () => {
    const bits = (1023 - 1) | ((77 - 1) << 14);
    const b = riff('VP8L', [
      0x2f,
      bits & 255,
      (bits >> 8) & 255,
      (bits >> 16) & 255,
      bits >>> 24,
      0,
      0,
      0,
      0,
      0,
    ]);
    expect(sniffImage(b)).toEqual({ format: 'webp', width: 1023, height: 77 });
  });

  it('reads extended VP8X canvas sizes (24-bit, minus one)', () => {
    const w = 70000 - 1;
    const h = 5 - 1;
    const b = riff('VP8X', [0, 0, 0, 0, w & 255, (w >> 8) & 255, w >> 16, h, 0, 0]);
    expect(sniffImage(b)).toEqual({ format: 'webp', width: 70000, height: 5 });
  });

  it('reports a WebP shorter than its RIFF size as truncated', () => {
    const b = riff('VP8X', [0, 0, 0, 0, 9, 0, 0, 9, 0, 0, 1, 2, 3, 4, 5, 6]);
    expect(sniffImage(b.subarray(0, b.length - 3)).format).toBe('truncated');
  });

  it('reads the GIF logical screen size', () => {
    const b = new Uint8Array([...ascii('GIF89a'), 0x2c, 0x01, 0x10, 0x00, 0, 0, 0, 0x3b]);
    expect(sniffImage(b)).toEqual({ format: 'gif', width: 300, height: 16 });
  });

  // A GIF with a 1x1 screen, a global colour table of two entries and one frame of the given size.
  function gif(frameWidth: number, frameHeight: number, left = 0): Uint8Array {
    const u16 = (n: number) => [n & 0xff, n >> 8];
    return new Uint8Array([
      ...ascii('GIF89a'),
      ...u16(1),
      ...u16(1),
      0x80,
      0,
      0,
      ...[0, 0, 0, 255, 255, 255],
      ...[0x21, 0xf9, 4, 0, 0, 0, 0, 0],
      0x2c,
      ...u16(left),
      ...u16(0),
      ...u16(frameWidth),
      ...u16(frameHeight),
      0,
      2,
      ...[2, 0x4c, 0x01, 0],
      0x3b,
    ]);
  }

  it('grows a GIF to cover every frame, so a huge frame on a tiny screen hits the pixel limit', () => {
    expect(sniffImage(gif(1, 1))).toEqual({ format: 'gif', width: 1, height: 1 });
    const bomb = sniffImage(gif(65535, 65535));
    expect(bomb).toEqual({ format: 'gif', width: 65535, height: 65535 });
    expect(checkImageLimits(bomb as SniffedImage, { maxPixels: 40_000_000, maxBytes: 1e9 }, 40)).toMatch(
      /exceeds the .* limit/,
    );
    expect(sniffImage(gif(10, 4, 100))).toEqual({ format: 'gif', width: 110, height: 4 });
    expect(sniffImage(gif(0, 4)).format).toBe('unknown');
  });

  function bmp(dib: number, width: number, height: number, fileSize?: number): Uint8Array {
    const b = new Uint8Array(14 + dib + 16);
    const v = new DataView(b.buffer);
    b.set(ascii('BM'));
    v.setUint32(2, fileSize ?? b.length, true);
    v.setUint32(10, 14 + dib, true);
    v.setUint32(14, dib, true);
    if (dib === 12) {
      v.setUint16(18, width, true);
      v.setUint16(20, height, true);
    } else {
      v.setInt32(18, width, true);
      v.setInt32(22, height, true);
    }
    return b;
  }

  it('reads BMP sizes, including top-down (negative height) and OS/2 core headers', () => {
    expect(sniffImage(bmp(40, 640, -480))).toEqual({ format: 'bmp', width: 640, height: 480 });
    expect(sniffImage(bmp(124, 10, 20))).toEqual({ format: 'bmp', width: 10, height: 20 });
    expect(sniffImage(bmp(12, 9, 8))).toEqual({ format: 'bmp', width: 9, height: 8 });
  });

  it('reports a BMP shorter than its declared file size as truncated', () => {
    expect(sniffImage(bmp(40, 64, 64, 12_345)).format).toBe('truncated');
  });

  it('does not mistake text starting with "BM" for a bitmap', () => {
    const r = sniffImage(new TextEncoder().encode('BMW service record, 2024-01-01, all good\n'));
    expect(r.format).toBe('unknown');
  });
});
