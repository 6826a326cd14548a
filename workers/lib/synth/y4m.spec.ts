import { describe, expect, it } from 'vitest';
import { planCameraSequence, renderCameraFrame } from './camera.ts';
import { DEFECT_TYPES } from './defects.ts';
import { concat } from '../bytes.ts';
import {
  bytesSource,
  encodeY4mHeader,
  grayOfLuma,
  grayToI420Frame,
  lumaOfGray,
  parseY4mHeader,
  Y4mFormatError,
  y4mFrameBytes,
  y4mGrayFrames,
} from './y4m.ts';

const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('y4m', () => {
  it('writes the exact stream header', () => {
    expect(text(encodeY4mHeader(640, 480, 30))).toBe('YUV4MPEG2 W640 H480 F30:1 Ip A1:1 C420\n');
    expect(text(encodeY4mHeader(320, 240, 10))).toBe('YUV4MPEG2 W320 H240 F10:1 Ip A1:1 C420\n');
  });

  it('lays out a frame as FRAME tag, Y = gray in the video range, U = V = 128', () => {
    const w = 6;
    const h = 4;
    const gray = Uint8Array.from({ length: w * h }, (_, i) => i * 7);
    const f = grayToI420Frame(gray, w, h);
    expect(f.length).toBe(6 + w * h + 2 * (w / 2) * (h / 2));
    expect(f.length).toBe(y4mFrameBytes(w, h));
    expect(text(f.subarray(0, 6))).toBe('FRAME\n');
    expect([...f.subarray(6, 6 + w * h)]).toEqual([...gray].map((g) => Math.round(16 + (g * 219) / 255)));
    expect(lumaOfGray(0)).toBe(16);
    expect(lumaOfGray(255)).toBe(235);
    expect(f.subarray(6 + w * h).every((b) => b === 128)).toBe(true);
  });

  it('rejects odd or non-integer sizes, wrong buffers and bad fps', () => {
    expect(() => encodeY4mHeader(641, 480, 30)).toThrow(RangeError);
    expect(() => encodeY4mHeader(640, 479, 30)).toThrow(RangeError);
    expect(() => encodeY4mHeader(640, 480, 0)).toThrow(RangeError);
    expect(() => encodeY4mHeader(640, 480, 29.97)).toThrow(RangeError);
    expect(() => grayToI420Frame(new Uint8Array(10), 4, 4)).toThrow(RangeError);
    expect(() => grayToI420Frame(new Uint8Array(9), 3, 3)).toThrow(RangeError);
  });
});

describe('camera sequence', () => {
  it('holds each screw for holdFrames frames with consistent labels', () => {
    const frames = planCameraSequence({ frames: 47, seed: 3, defectRatio: 0.4, holdFrames: 5 });
    expect(frames.map((f) => f.frame)).toEqual(Array.from({ length: 47 }, (_, i) => i));
    for (const f of frames) {
      expect(f.screw).toBe(Math.floor(f.frame / 5));
      expect(f.label).toBe(f.kind === 'good' ? 'good' : 'bad');
      const first = frames[f.screw * 5]!;
      expect([f.seed, f.kind]).toEqual([first.seed, first.kind]);
    }
    const screws = 10;
    const bad = new Set(frames.filter((f) => f.label === 'bad').map((f) => f.screw));
    expect(bad.size).toBe(Math.round(screws * 0.4));
  });

  it('cycles through every defect type when there are enough bad screws', () => {
    const frames = planCameraSequence({ frames: 100, seed: 1, defectRatio: 0.5, holdFrames: 2 });
    const kinds = new Set(frames.map((f) => f.kind));
    for (const t of DEFECT_TYPES) expect(kinds).toContain(t);
  });

  it('is deterministic and jitters consecutive frames of one screw only slightly', () => {
    const a = planCameraSequence({ frames: 10, seed: 8, defectRatio: 0.2 });
    expect(planCameraSequence({ frames: 10, seed: 8, defectRatio: 0.2 })).toEqual(a);
    const f0 = renderCameraFrame(a[0]!, 160, 120);
    const f1 = renderCameraFrame(a[1]!, 160, 120);
    expect([f0.width, f0.height, f0.pixels.length]).toEqual([160, 120, 160 * 120]);
    expect(Math.abs(f0.meta.centerX - f1.meta.centerX)).toBeLessThan(4);
    let diff = 0;
    for (let i = 0; i < f0.pixels.length; i++) diff += Math.abs(f0.pixels[i]! - f1.pixels[i]!);
    // Fresh sensor noise makes frames differ, but only by a few grey levels on average.
    expect(diff).toBeGreaterThan(0);
    expect(diff / f0.pixels.length).toBeLessThan(8);
  });
});

describe('y4m reader', () => {
  const ascii = (s: string) => new TextEncoder().encode(s);
  const collect = async (bytes: Uint8Array) => {
    const frames = [];
    for await (const f of y4mGrayFrames(bytesSource(bytes))) frames.push(f);
    return frames;
  };

  it('reads back what the writer wrote: header and every frame as gray', async () => {
    const plan = planCameraSequence({ frames: 3, seed: 2, defectRatio: 0.5 });
    const grays = plan.map((f) => renderCameraFrame(f, 64, 48).pixels);
    const bytes = concat([encodeY4mHeader(64, 48, 10), ...grays.map((g) => grayToI420Frame(g, 64, 48))]);
    const header = parseY4mHeader(bytes);
    expect(header).toMatchObject({ width: 64, height: 48, fpsNumerator: 10, fpsDenominator: 1 });
    expect(header.colorspace).toBe('420');
    expect(header.planeBytes + 6).toBe(y4mFrameBytes(64, 48));
    const frames = await collect(bytes);
    expect(frames.map((f) => f.index)).toEqual([0, 1, 2]);
    // 220 luma levels carry 256 gray levels: each comes back within one level.
    frames.forEach((f, i) =>
      f.gray.forEach((g, j) => expect(Math.abs(g - grays[i]![j]!)).toBeLessThanOrEqual(1)),
    );
    expect(grayOfLuma(16)).toBe(0);
    expect(grayOfLuma(235)).toBe(255);
    expect(grayOfLuma(250)).toBe(255);
  });

  it('reads mono video, odd sizes under 4:2:0 and frame lines with parameters', async () => {
    const mono = concat([
      ascii('YUV4MPEG2 W3 H2 F25:1 Cmono\n'),
      ascii('FRAME\n'),
      Uint8Array.of(16, 20, 100, 200, 235, 240),
    ]);
    expect((await collect(mono)).map((f) => [...f.gray])).toEqual([
      [16, 20, 100, 200, 235, 240].map(grayOfLuma),
    ]);
    // 3×3 under 4:2:0: 9 luma bytes, then 2×2 bytes for each chroma plane.
    const odd = concat([
      ascii('YUV4MPEG2 W3 H3 C420jpeg\n'),
      ascii('FRAME Ixyz\n'),
      Uint8Array.from({ length: 9 + 8 }, (_, i) => i),
      ascii('FRAME\n'),
      Uint8Array.from({ length: 9 + 8 }, (_, i) => 100 + i),
    ]);
    const frames = await collect(odd);
    expect(frames.map((f) => [...f.gray])).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map(grayOfLuma),
      [100, 101, 102, 103, 104, 105, 106, 107, 108].map(grayOfLuma),
    ]);
    expect(parseY4mHeader(odd).fpsNumerator).toBe(0);
  });

  it('refuses what it cannot read with a reason', async () => {
    expect(() => parseY4mHeader(ascii('RIFF....'))).toThrow(/not a YUV4MPEG2/);
    expect(() => parseY4mHeader(ascii('YUV4MPEG2 W640 H480 C420p10\n'))).toThrow(/colourspace C420p10/);
    expect(() => parseY4mHeader(ascii('YUV4MPEG2 H480\n'))).toThrow(Y4mFormatError);
    const cut = concat([encodeY4mHeader(4, 2, 1), ascii('FRAME\n'), Uint8Array.of(1, 2, 3)]);
    await expect(collect(cut)).rejects.toThrow(/cut short/);
    const damaged = concat([encodeY4mHeader(4, 2, 1), ascii('FRAMX\n'), new Uint8Array(12)]);
    await expect(collect(damaged)).rejects.toThrow(/does not start with "FRAME"/);
  });
});
