import { describe, expect, it } from 'vitest';
import { encodePng } from '../png/encode-png.ts';
import type { DefectType, ScrewKind } from './screw-generator.ts';
import { DEFECT_TYPES, generateScrewImage, planDataset } from './screw-generator.ts';

const KINDS: ScrewKind[] = ['good', ...DEFECT_TYPES];

/** Pixel fingerprint of {seed 7, thread_top, 96 px}, recorded from this renderer. */
const GOLDEN_SEED7_THREAD_TOP_96 = 'b49f4580';

/** FNV-1a over the pixels: a compact fingerprint for the golden test. */
function fnv1a(px: Uint8Array): string {
  let h = 0x811c9dc5;
  for (const b of px) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

function median(px: Uint8Array): number {
  return [...px].sort((a, b) => a - b)[px.length >> 1]!;
}

describe('generateScrewImage', () => {
  it('is byte-identical for the same seed and differs for another seed', () => {
    const a = generateScrewImage({ seed: 5, kind: 'good', size: 256 });
    const b = generateScrewImage({ seed: 5, kind: 'good', size: 256 });
    expect(encodePng(a.pixels, 256, 256, 1)).toEqual(encodePng(b.pixels, 256, 256, 1));
    expect(a.meta).toEqual(b.meta);
    const c = generateScrewImage({ seed: 6, kind: 'good', size: 256 });
    expect(fnv1a(c.pixels)).not.toBe(fnv1a(a.pixels));
  });

  it('matches the recorded fingerprint (catches accidental changes to the look or to determinism)', () => {
    // Update deliberately when the renderer is meant to change; datasets made earlier will differ.
    const img = generateScrewImage({ seed: 7, kind: 'thread_top', size: 96 });
    expect(fnv1a(img.pixels)).toBe(GOLDEN_SEED7_THREAD_TOP_96);
  });

  it.each(KINDS)('renders %s at 64 and 256 px with sane metadata', (kind) => {
    for (const size of [64, 256]) {
      const img = generateScrewImage({ seed: 11, kind, size });
      expect([img.width, img.height, img.pixels.length]).toEqual([size, size, size * size]);
      expect(img.meta.kind).toBe(kind);
      expect(img.meta.lengthPx / size).toBeGreaterThan(0.45);
      expect(img.meta.lengthPx / size).toBeLessThan(0.75);
      expect(img.meta.angleDeg).toBeGreaterThanOrEqual(0);
      expect(img.meta.angleDeg).toBeLessThan(360);
    }
  });

  it('draws a screw of plausible area around meta.center, fully inside the frame', () => {
    for (let seed = 1; seed <= 12; seed++) {
      const size = 256;
      const { pixels, meta } = generateScrewImage({ seed, kind: 'good', size });
      const bg = median(pixels);
      let dark = 0;
      let n = 0;
      let sx = 0;
      let sy = 0;
      let border = Infinity;
      for (let i = 0; i < pixels.length; i++) {
        const v = pixels[i]!;
        if (v < bg - 40) dark++;
        if (Math.abs(v - bg) <= 40) continue;
        const x = i % size;
        const y = Math.floor(i / size);
        n++;
        sx += x;
        sy += y;
        border = Math.min(border, x, y, size - 1 - x, size - 1 - y);
      }
      // A ~150 px long, ~20 px thick screw covers a few percent of a 256² image.
      expect(dark / pixels.length).toBeGreaterThan(0.02);
      expect(dark / pixels.length).toBeLessThan(0.1);
      expect(Math.hypot(sx / n - meta.centerX, sy / n - meta.centerY)).toBeLessThan(0.08 * size);
      expect(border).toBeGreaterThanOrEqual(3);
    }
  });

  it('spreads rotations over the full circle and blurs only some images', () => {
    const quadrants = [0, 0, 0, 0];
    let blurred = 0;
    for (let seed = 0; seed < 80; seed++) {
      const { meta } = generateScrewImage({ seed, kind: 'good', size: 64 });
      quadrants[Math.floor(meta.angleDeg / 90)]! += 1;
      if (meta.blurred) blurred++;
    }
    for (const q of quadrants) expect(q).toBeGreaterThan(8);
    expect(blurred).toBeGreaterThan(1);
    expect(blurred).toBeLessThan(20);
  });

  // Where along the screw (0 = head end, 1 = tip) each defect must show up.
  const WHERE: Record<DefectType, [number, number]> = {
    scratch_head: [-0.02, 0.2],
    scratch_neck: [0.1, 0.32],
    thread_side: [0.28, 0.92],
    thread_top: [0.5, 0.97],
    manipulated_front: [0.6, 1.15],
  };

  it.each(DEFECT_TYPES)('adds %s onto the same base screw, visibly and only where it belongs', (kind) => {
    const size = 256;
    for (let seed = 1; seed <= 4; seed++) {
      const good = generateScrewImage({ seed, kind: 'good', size });
      const bad = generateScrewImage({ seed, kind, size });
      expect({ ...bad.meta, kind: 'good' }).toEqual(good.meta);
      const th = (good.meta.angleDeg * Math.PI) / 180;
      let changed = 0;
      let tw = 0;
      let wsum = 0;
      for (let i = 0; i < good.pixels.length; i++) {
        const d = Math.abs(good.pixels[i]! - bad.pixels[i]!);
        if (d <= 12) continue;
        changed++;
        const x = (i % size) + 0.5 - good.meta.centerX;
        const y = Math.floor(i / size) + 0.5 - good.meta.centerY;
        const t = (x * Math.cos(th) + y * Math.sin(th)) / good.meta.lengthPx + 0.5;
        expect(t).toBeGreaterThan(WHERE[kind][0] - 0.05);
        expect(t).toBeLessThan(WHERE[kind][1] + 0.05);
        tw += t * d;
        wsum += d;
      }
      expect(changed).toBeGreaterThan(12);
      expect(changed).toBeLessThan(0.06 * size * size);
      const centroid = tw / wsum;
      expect(centroid).toBeGreaterThan(WHERE[kind][0]);
      expect(centroid).toBeLessThan(WHERE[kind][1]);
    }
  });

  it('rejects unsupported sizes', () => {
    expect(() => generateScrewImage({ seed: 1, kind: 'good', size: 8 })).toThrow(RangeError);
    expect(() => generateScrewImage({ seed: 1, kind: 'good', size: 100.5 })).toThrow(RangeError);
  });
});

describe('planDataset', () => {
  it('honours count and ratio and spreads defects evenly over all five types', () => {
    const plan = planDataset({ count: 103, defectRatio: 0.3, seed: 4 });
    expect(plan).toHaveLength(103);
    expect(plan.map((p) => p.index)).toEqual(plan.map((_, i) => i));
    const bad = plan.filter((p) => p.kind !== 'good');
    expect(bad).toHaveLength(31);
    const perType = DEFECT_TYPES.map((t) => plan.filter((p) => p.kind === t).length);
    expect(Math.max(...perType) - Math.min(...perType)).toBeLessThanOrEqual(1);
    expect(Math.min(...perType)).toBeGreaterThan(0);
  });

  it('names files per kind, with unique seeds, deterministically, and shuffled', () => {
    const plan = planDataset({ count: 40, defectRatio: 0.5, seed: 1 });
    for (const p of plan) expect(p.name).toMatch(new RegExp(`^${p.kind}_\\d{4}$`));
    expect(new Set(plan.map((p) => p.name)).size).toBe(40);
    expect(new Set(plan.map((p) => p.seed)).size).toBe(40);
    expect(plan.filter((p) => p.kind === 'good').map((p) => p.name)[0]).toBe('good_0001');
    expect(planDataset({ count: 40, defectRatio: 0.5, seed: 1 })).toEqual(plan);
    const other = planDataset({ count: 40, defectRatio: 0.5, seed: 2 });
    expect(other.map((p) => p.kind)).not.toEqual(plan.map((p) => p.kind));
    // Not simply all goods first: the first half holds some defects.
    expect(plan.slice(0, 20).some((p) => p.kind !== 'good')).toBe(true);
  });

  it('follows a defect mix, leaving unlisted types out', () => {
    const plan = planDataset({
      count: 50,
      defectRatio: 0.4,
      seed: 3,
      defectMix: { scratch_head: 3, thread_top: 1 },
    });
    const count = (k: ScrewKind) => plan.filter((p) => p.kind === k).length;
    expect([count('scratch_head'), count('thread_top'), count('thread_side'), count('good')]).toEqual([
      15, 5, 0, 30,
    ]);
  });

  it('handles the edges and rejects bad input', () => {
    expect(planDataset({ count: 0, defectRatio: 0.5, seed: 1 })).toEqual([]);
    expect(planDataset({ count: 5, defectRatio: 0, seed: 1 }).every((p) => p.kind === 'good')).toBe(true);
    expect(planDataset({ count: 5, defectRatio: 1, seed: 1 }).every((p) => p.kind !== 'good')).toBe(true);
    expect(() => planDataset({ count: -1, defectRatio: 0.5, seed: 1 })).toThrow(RangeError);
    expect(() => planDataset({ count: 10, defectRatio: 1.2, seed: 1 })).toThrow(RangeError);
    expect(() => planDataset({ count: 10, defectRatio: 0.5, seed: 1, defectMix: {} })).toThrow(RangeError);
  });
});
