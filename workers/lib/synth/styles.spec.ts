import { describe, expect, it } from 'vitest';
import { planCameraSequence, renderCameraFrame } from './camera.ts';
import { cos, degToRad, sin } from './detmath.ts';
import { grayToI420Frame, lumaOfGray } from './y4m.ts';
import type { DefectType, ScrewImage, ScrewKind } from './screw-generator.ts';
import {
  DEFECT_TYPES,
  generateScrewImage,
  getStyle,
  STYLE_NAMES,
  toGray,
  UnknownStyleError,
} from './screw-generator.ts';

/** FNV-1a over the pixels: a compact fingerprint. */
function fnv1a(px: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of px) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** Fingerprints of the demo look, recorded with the generator as it was before styles existed. */
const DEMO_PINS: [number, ScrewKind, number, string][] = [
  [1, 'good', 64, 'fa73dabc'],
  [2, 'scratch_head', 128, 'a3407cea'],
  [3, 'scratch_neck', 256, '538671ee'],
  [4, 'thread_side', 96, '7782a66f'],
  [5, 'thread_top', 200, 'd077e874'],
  [6, 'manipulated_front', 256, '471be564'],
  [9, 'manipulated_front', 48, '91737eb4'],
];
/** Frames 0, 4 and 11 of camera plan {frames 12, seed 3, ratio 0.5, hold 3} at 160×120, recorded likewise. */
const DEMO_CAMERA_PINS: [number, string][] = [
  [0, '9ba05e1f'],
  [4, 'd8742722'],
  [11, 'bf89dc02'],
];

const STYLED = STYLE_NAMES.filter((s) => s !== 'demo');

/** Batch statistics of a style's good images: grey mean, grey standard deviation, mean gradient, chroma. */
function batchStats(style: string, size = 96, n = 6) {
  let sum = 0;
  let sum2 = 0;
  let edge = 0;
  let chroma = 0;
  let count = 0;
  for (let s = 0; s < n; s++) {
    const img = generateScrewImage({ seed: 500 + s, kind: 'good', size, style });
    const g = toGray(img.pixels, img.channels);
    for (let y = 0; y < size - 1; y++) {
      for (let x = 0; x < size - 1; x++) {
        const i = y * size + x;
        const v = g[i]!;
        sum += v;
        sum2 += v * v;
        edge += Math.abs(g[i + 1]! - v) + Math.abs(g[i + size]! - v);
        if (img.channels === 3) {
          const [r, gg, b] = [img.pixels[3 * i]!, img.pixels[3 * i + 1]!, img.pixels[3 * i + 2]!];
          chroma += Math.abs(r - gg) + Math.abs(gg - b);
        }
        count++;
      }
    }
  }
  const mean = sum / count;
  return { mean, sd: Math.sqrt(sum2 / count - mean * mean), edge: edge / count, chroma: chroma / count };
}

/** Grey-level change between two renders, summed over channels, per pixel. */
function diff(a: ScrewImage, b: ScrewImage): Float64Array {
  const out = new Float64Array(a.width * a.height);
  for (let i = 0; i < a.pixels.length; i++)
    out[Math.floor(i / a.channels)]! += Math.abs(a.pixels[i]! - b.pixels[i]!);
  return out;
}

/** Where along the screw (fraction of its length from the head end) each defect type lies. */
const DEFECT_BAND: Record<DefectType, [number, number]> = {
  scratch_head: [-0.08, 0.3],
  scratch_neck: [0, 0.5],
  thread_side: [0.2, 1],
  thread_top: [0.3, 1.02],
  manipulated_front: [0.5, 1.15],
};

describe('generator styles', () => {
  it('keeps the demo look byte-identical to the pre-style renderer, with or without the style named', () => {
    for (const [seed, kind, size, hash] of DEMO_PINS) {
      const plain = generateScrewImage({ seed, kind, size });
      expect([seed, kind, size, fnv1a(plain.pixels)]).toEqual([seed, kind, size, hash]);
      expect(plain.channels).toBe(1);
      expect(fnv1a(generateScrewImage({ seed, kind, size, style: 'demo' }).pixels)).toBe(hash);
    }
    const frames = planCameraSequence({ frames: 12, seed: 3, defectRatio: 0.5, holdFrames: 3 });
    for (const [i, hash] of DEMO_CAMERA_PINS) {
      expect(fnv1a(renderCameraFrame(frames[i]!, 160, 120).pixels)).toBe(hash);
      expect(fnv1a(renderCameraFrame(frames[i]!, 160, 120, 'demo').pixels)).toBe(hash);
    }
  });

  it('offers at least eight named styles besides demo and rejects unknown names', () => {
    expect(STYLED.length).toBeGreaterThanOrEqual(8);
    expect(() => generateScrewImage({ seed: 1, kind: 'good', size: 64, style: 'nope' })).toThrow(
      UnknownStyleError,
    );
  });

  it.each(STYLED)('%s is deterministic per seed, kind and size, and the seed matters', (style) => {
    const a = generateScrewImage({ seed: 42, kind: 'thread_side', size: 80, style });
    const b = generateScrewImage({ seed: 42, kind: 'thread_side', size: 80, style });
    expect(fnv1a(a.pixels)).toBe(fnv1a(b.pixels));
    expect(a.meta).toEqual(b.meta);
    expect(a.meta.style).toBe(style);
    expect(fnv1a(generateScrewImage({ seed: 43, kind: 'thread_side', size: 80, style }).pixels)).not.toBe(
      fnv1a(a.pixels),
    );
    const frame = planCameraSequence({ frames: 1, seed: 2, defectRatio: 0 })[0]!;
    expect(fnv1a(renderCameraFrame(frame, 96, 64, style).pixels)).toBe(
      fnv1a(renderCameraFrame(frame, 96, 64, style).pixels),
    );
  });

  it('gives every style batch statistics measurably apart from demo and from each other', () => {
    const stats = STYLE_NAMES.map((s) => ({ s, ...batchStats(s) }));
    // Normalised differences: 8 grey levels of mean, 4 of contrast, 15% of edge energy, 6 levels of chroma.
    const apart = (a: (typeof stats)[number], b: (typeof stats)[number]) =>
      Math.max(
        Math.abs(a.mean - b.mean) / 8,
        Math.abs(a.sd - b.sd) / 4,
        Math.abs(a.edge - b.edge) / (0.15 * Math.max(a.edge, b.edge)),
        Math.abs(a.chroma - b.chroma) / 6,
      );
    for (let i = 0; i < stats.length; i++) {
      for (let j = i + 1; j < stats.length; j++) {
        expect({ pair: [stats[i]!.s, stats[j]!.s], apart: apart(stats[i]!, stats[j]!) > 1 }).toEqual({
          pair: [stats[i]!.s, stats[j]!.s],
          apart: true,
        });
      }
    }
  });

  it('writes RGB for colour styles (not grey) and one grey byte per pixel otherwise', () => {
    for (const style of STYLED) {
      const colour = getStyle(style)!.colour;
      const img = generateScrewImage({ seed: 9, kind: 'good', size: 64, style });
      expect(img.channels).toBe(colour ? 3 : 1);
      expect(img.pixels.length).toBe(64 * 64 * img.channels);
      if (colour) expect(batchStats(style, 64, 3).chroma).toBeGreaterThan(6);
    }
  });

  it('turns colour camera frames into the luma plane a .y4m carries, and the style shows in it', () => {
    expect([...toGray(Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 200, 200]), 3)]).toEqual([
      76, 150, 29, 200,
    ]);
    const frame = planCameraSequence({ frames: 1, seed: 4, defectRatio: 0 })[0]!;
    const demo = renderCameraFrame(frame, 96, 64);
    const styled = renderCameraFrame(frame, 96, 64, 'brass-conveyor');
    expect(styled.channels).toBe(3);
    const luma = toGray(styled.pixels, styled.channels);
    expect(luma.length).toBe(96 * 64);
    const i420 = grayToI420Frame(luma, 96, 64);
    // The .y4m carries the luma in the video range; its reader maps it back.
    expect(i420.subarray(6, 6 + 96 * 64)).toEqual(luma.map(lumaOfGray));
    const meanAbs = luma.reduce((a, v, i) => a + Math.abs(v - demo.pixels[i]!), 0) / luma.length;
    expect(meanAbs).toBeGreaterThan(20);
  });

  it.each(STYLED)('%s: every defect type changes pixels where that defect belongs', (style) => {
    const size = 128;
    for (const kind of DEFECT_TYPES) {
      for (const seed of [21, 22]) {
        const good = generateScrewImage({ seed, kind: 'good', size, style });
        const bad = generateScrewImage({ seed, kind, size, style });
        const d = diff(good, bad);
        const { centerX, centerY, angleDeg, lengthPx } = bad.meta;
        const c = cos(degToRad(angleDeg));
        const s = sin(degToRad(angleDeg));
        let changed = 0;
        let along = 0;
        for (let i = 0; i < d.length; i++) {
          if (d[i]! < 24 * good.channels) continue;
          const x = (i % size) + 0.5 - centerX;
          const y = Math.floor(i / size) + 0.5 - centerY;
          changed++;
          along += (x * c + y * s) / lengthPx + 0.5;
        }
        const where = along / Math.max(1, changed);
        const [lo, hi] = DEFECT_BAND[kind];
        expect({ style, kind, seed, visible: changed >= 6, placed: where >= lo && where <= hi }).toEqual({
          style,
          kind,
          seed,
          visible: true,
          placed: true,
        });
      }
    }
  });
});
