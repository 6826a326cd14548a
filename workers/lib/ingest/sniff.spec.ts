import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc32 } from '../bytes.ts';
import { checkImageLimits, sniffImage } from './sniff.ts';

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  for (let i = 0; i < image.data.length; i++) image.data[i] = (i * 37) & 255;
  return new Uint8Array(PNG.sync.write(image));
}

function setU32be(b: Uint8Array, at: number, v: number): void {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, v);
}

function withIhdrSize(bytes: Uint8Array, width: number, height: number): Uint8Array {
  const b = bytes.slice();
  setU32be(b, 16, width);
  setU32be(b, 20, height);
  setU32be(b, 29, crc32(b, 12, 29));
  return b;
}

const seg = (m: number, p: number[]): number[] => [0xff, m, (p.length + 2) >> 8, (p.length + 2) & 255, ...p];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

// A complete baseline greyscale JPEG: every 8x8 block is "DC diff 0, EOB", each coded as a 1-bit '0'.
function jpeg(
  width: number,
  height: number,
  opts: { sof?: number; eoi?: boolean; app1?: number[] } = {},
): Uint8Array {
  const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
  const data = new Array<number>(Math.ceil((2 * blocks) / 8)).fill(0);
  const pad = data.length * 8 - 2 * blocks;
  data[data.length - 1] = (1 << pad) - 1;
  return new Uint8Array([
    0xff,
    0xd8,
    ...seg(0xe0, [...ascii('JFIF'), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...(opts.app1 ? seg(0xe1, opts.app1) : []),
    ...seg(0xdb, [0, ...new Array<number>(64).fill(1)]),
    // DHT (C4) sits in the SOF range; its bytes must not be read as a frame size.
    ...seg(0xc4, [0x00, 1, ...new Array<number>(15).fill(0), 0]),
    // Fill bytes before a marker are legal.
    ...[0xff, 0xff],
    ...seg(opts.sof ?? 0xc0, [8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0]),
    ...seg(0xc4, [0x10, 1, ...new Array<number>(15).fill(0), 0]),
    ...seg(0xda, [1, 1, 0, 0, 63, 0]),
    ...data,
    ...(opts.eoi === false ? [] : [0xff, 0xd9]),
  ]);
}

describe('sniffImage: PNG', () => {
  it('reads width and height from a real PNG', () => {
    expect(sniffImage(png(7, 5))).toEqual({ format: 'png', width: 7, height: 5 });
  });

  it('reports every truncation point as truncated, never as a valid image', () => {
    const full = png(32, 32);
    for (const cut of [2, 5, 20, 33, 40, full.length - 30, full.length - 12, full.length - 1]) {
      const r = sniffImage(full.subarray(0, cut));
      expect(r.format, `cut at ${cut}`).toBe('truncated');
      if (r.format === 'truncated') expect(r.reason).toMatch(/incomplete/);
    }
  });

  it('tolerates bytes after IEND', () => {
    const full = png(3, 3);
    const padded = new Uint8Array([...full, 1, 2, 3, 4]);
    expect(sniffImage(padded)).toEqual({ format: 'png', width: 3, height: 3 });
  });

  it('rejects a PNG whose IHDR checksum is wrong', () => {
    const b = png(4, 4);
    b[17] = (b[17] ?? 0) ^ 0xff;
    const r = sniffImage(b);
    expect(r.format).toBe('unknown');
    expect('reason' in r && r.reason).toMatch(/CRC/);
  });

  it('rejects an IHDR that is not 13 bytes long', () => {
    const b = png(4, 4);
    setU32be(b, 8, 14);
    expect(sniffImage(b)).toMatchObject({ format: 'unknown', reason: expect.stringMatching(/IHDR/) });
  });

  it('rejects an invalid colour type / bit depth pair', () => {
    const b = png(4, 4);
    b[24] = 3; // RGBA (colour type 6) at 3 bits does not exist
    setU32be(b, 29, crc32(b, 12, 29));
    expect(sniffImage(b)).toMatchObject({ format: 'unknown', reason: expect.stringMatching(/bit depth 3/) });
  });

  it('reports a chunk whose declared length runs past the end as truncated', () => {
    const b = png(4, 4);
    setU32be(b, 33, 1_000_000); // the first chunk after IHDR
    expect(sniffImage(b).format).toBe('truncated');
  });

  it('reports a broken chunk chain as corrupt', () => {
    const b = png(4, 4);
    b.set([0, 0, 0, 0], 37); // type field of the chunk after IHDR
    expect(sniffImage(b)).toMatchObject({ format: 'unknown', reason: expect.stringMatching(/chunk #1/) });
  });

  it('reads a decompression-bomb size from IHDR without decoding', () => {
    const r = sniffImage(withIhdrSize(png(2, 2), 60000, 60000));
    expect(r).toEqual({ format: 'png', width: 60000, height: 60000 });
  });

  it('rejects a zero width', () => {
    expect(sniffImage(withIhdrSize(png(2, 2), 0, 10)).format).toBe('unknown');
  });
});

describe('sniffImage: JPEG', () => {
  it('finds the frame size past APP0, DQT, a DHT and fill bytes', () => {
    expect(sniffImage(jpeg(640, 480))).toEqual({ format: 'jpeg', width: 640, height: 480 });
  });

  it('reads a tiny complete 1x1 JPEG', () => {
    const tiny = jpeg(1, 1);
    expect(tiny.length).toBeLessThan(200);
    expect(sniffImage(tiny)).toEqual({ format: 'jpeg', width: 1, height: 1 });
  });

  it('reads progressive (SOF2) frames', () => {
    expect(sniffImage(jpeg(33, 17, { sof: 0xc2 }))).toEqual({ format: 'jpeg', width: 33, height: 17 });
  });

  it('reports a stream without EOI as truncated', () => {
    expect(sniffImage(jpeg(64, 64, { eoi: false })).format).toBe('truncated');
    const full = jpeg(64, 64);
    expect(sniffImage(full.subarray(0, full.length - 10)).format).toBe('truncated');
  });

  it('does not accept an embedded thumbnail EOI for a truncated main image', () => {
    const thumb = [...ascii('Exif'), 0, 0, ...jpeg(8, 8)];
    const full = jpeg(64, 64, { app1: thumb });
    expect(sniffImage(full).format).toBe('jpeg');
    expect(sniffImage(full.subarray(0, full.length - 4)).format).toBe('truncated');
  });

  it('reports a stream cut before the frame header as truncated', () => {
    for (const cut of [3, 4, 10, 25, 100]) {
      const r = sniffImage(jpeg(64, 64).subarray(0, cut));
      expect(r.format, `cut at ${cut}`).toBe('truncated');
    }
  });

  it('rejects garbage where a marker should be', () => {
    const b = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0x12, 0x34, 0, 0]);
    expect(sniffImage(b)).toMatchObject({
      format: 'unknown',
      reason: expect.stringMatching(/marker at byte 8/),
    });
  });

  it('rejects image data before any frame header', () => {
    const b = new Uint8Array([0xff, 0xd8, ...seg(0xda, [1, 1, 0, 0, 63, 0]), 0, 0xff, 0xd9]);
    expect(sniffImage(b)).toMatchObject({
      format: 'unknown',
      reason: expect.stringMatching(/before the size/),
    });
  });
});

describe('sniffImage: not images', () => {
  it('rejects an empty file', () => {
    expect(sniffImage(new Uint8Array(0))).toMatchObject({
      format: 'unknown',
      reason: expect.stringMatching(/empty/),
    });
  });

  it('says a text file renamed to .png looks like text', () => {
    const r = sniffImage(new TextEncoder().encode('hello, this is not a picture\n'));
    expect(r).toMatchObject({ format: 'unknown', reason: expect.stringMatching(/text file.*hello/) });
  });

  it('names formats people confuse with images', () => {
    const reason = (s: string | number[]): string => {
      const r = sniffImage(new Uint8Array(typeof s === 'string' ? ascii(s) : s));
      return 'reason' in r ? r.reason : '';
    };
    expect(reason('<!DOCTYPE html><html>')).toMatch(/HTML/);
    expect(reason([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0])).toMatch(/TIFF/);
    expect(reason([0, 0, 0, 0x18, ...ascii('ftypheic'), 0, 0])).toMatch(/HEIC/);
    expect(reason([0x50, 0x4b, 3, 4, 20, 0])).toMatch(/zip archive/);
    expect(reason([0x00, 0x01, 0x02, 0xfe])).toMatch(/first bytes 00 01 02 fe/);
  });

  it('reports the first bytes of a known signature as truncated', () => {
    expect(sniffImage(new Uint8Array([0x89, 0x50, 0x4e])).format).toBe('truncated');
    expect(sniffImage(new Uint8Array([0xff, 0xd8])).format).toBe('truncated');
  });
});

describe('checkImageLimits', () => {
  const limits = { maxPixels: 40_000_000, maxBytes: 50_000_000 };

  it('flags a declared size over the pixel limit as a possible decompression bomb', () => {
    expect(checkImageLimits({ width: 50000, height: 50000 }, limits, 1234)).toMatch(
      /declared 50000x50000 = 2\.5 Gpx exceeds the 40 Mpx limit \(decompression bomb\?\)/i,
    );
  });

  it('flags a file over the byte limit with both sizes', () => {
    expect(checkImageLimits({ width: 10, height: 10 }, limits, 62_100_000)).toMatch(/62\.1 MB.*50 MB/);
  });

  it('accepts sizes exactly at the limits', () => {
    expect(checkImageLimits({ width: 8000, height: 5000 }, limits, 50_000_000)).toBeNull();
    expect(checkImageLimits({ width: 8000, height: 5001 }, limits, 10)).not.toBeNull();
  });
});

describe('crc32', () => {
  it('matches the standard check value', () => {
    expect(crc32(new Uint8Array(ascii('123456789')))).toBe(0xcbf43926);
  });
});
