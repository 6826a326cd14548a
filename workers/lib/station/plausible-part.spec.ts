import { describe, expect, it } from 'vitest';
import { findPart } from '../../../models/preprocess/part.ts';
import { createRng } from '../rng.ts';
import { renderBackground } from '../synth/background.ts';
import { finishToBytes } from '../synth/post.ts';
import { renderScene } from '../synth/render.ts';
import { implausiblePart, plausiblePart } from './plausible-part.ts';

function emptyPlate(seed: number, width: number, height: number): Uint8Array {
  const plate = renderBackground(createRng(seed).fork('background'), width, height);
  return finishToBytes(plate, 1, 0, 3 / 255, createRng(seed).fork('noise'));
}

describe('plausiblePart', () => {
  it('takes a screw on the plate as a part', () => {
    for (const seed of [3, 4]) {
      const scene = renderScene({ seed, kind: 'good', width: 320, height: 240 });
      const part = findPart(scene.pixels, 320, 240);
      expect(implausiblePart(part, 320, 240)).toBeNull();
      expect(plausiblePart(part, 320, 240)).toBe(part);
    }
  });

  it('refuses what the part search finds on an empty plate', () => {
    for (const seed of [1, 2, 3]) {
      const part = findPart(emptyPlate(seed, 320, 240), 320, 240);
      // The search itself reports a region: the check is what keeps it from being inspected.
      expect(part.found).toBe(true);
      expect(implausiblePart(part, 320, 240)).toMatch(/background/);
      expect(plausiblePart(part, 320, 240).found).toBe(false);
    }
  });

  it('refuses a speck and a uniform frame', () => {
    const frame = new Uint8Array(320 * 240).fill(180);
    expect(implausiblePart(findPart(frame, 320, 240), 320, 240)).toMatch(/nothing stands out/);
    for (let y = 100; y < 105; y++) for (let x = 100; x < 105; x++) frame[y * 320 + x] = 20;
    const speck = findPart(frame, 320, 240);
    expect(speck.found).toBe(true);
    expect(implausiblePart(speck, 320, 240)).toMatch(/covers only/);
  });
});
