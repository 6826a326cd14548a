import { describe, expect, it } from 'vitest';
import { ProfileAccumulator } from './dataset-profile.ts';
import { imageStats } from './image-stats.ts';
import { generateScrewImage } from '../synth/screw-generator.ts';

/** The stated budget: the profile of 5,000 images may hold at most this much heap, bytes. */
const HEAP_BUDGET_5000 = 32 * 1024 * 1024;

describe('profiling memory', () => {
  it('profiles 5,000 real images one at a time within the stated heap budget', () => {
    // Five distinct screws, each rendered once; statistics are computed per image as the worker does.
    const renders = Array.from({ length: 5 }, (_, k) =>
      generateScrewImage({ seed: 40 + k, kind: 'good', size: 128 }),
    );
    const accumulator = new ProfileAccumulator();
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    for (let i = 0; i < 5000; i++) {
      const image = renders[i % 5]!;
      // A one-pixel change per image keeps every image distinct, as in a real dataset.
      const pixels = Uint8Array.from(image.pixels);
      pixels[i % pixels.length] = (pixels[i % pixels.length]! + 1 + (i % 7)) & 255;
      accumulator.add(
        {
          id: `img-${i}`,
          sha256: i.toString(16).padStart(64, '0'),
          label: i % 4 ? 'good' : 'bad',
          split: (['train', 'validation', 'test'] as const)[i % 3]!,
          width: 128,
          height: 128,
          channels: 1,
          format: 'png',
          byteSize: 20_000,
        },
        imageStats(pixels, 128, 128, 1),
      );
      if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    }
    const profile = accumulator.finish();
    peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    expect(profile.imageCount).toBe(5000);
    console.info(
      `profiling 5,000 images: peak heap growth ${(peak / 1e6).toFixed(1)} MB (budget ${HEAP_BUDGET_5000 / 2 ** 20} MiB)`,
    );
    // Garbage not yet collected counts against the budget too, so this is an upper bound.
    expect(peak).toBeLessThan(HEAP_BUDGET_5000);
  }, 60_000);
});
