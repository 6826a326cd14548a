import { describe, expect, it } from 'vitest';
import { augmentCrop } from './augment.ts';
import { createRng } from '../lib/rng.ts';
import { defaultTrainParams } from './train-params.ts';

const W = 32;
const H = 16;
const crop = Uint8Array.from({ length: W * H }, (_, i) => ((i * 37) % 251) & 255);

describe('augmentCrop', () => {
  const options = defaultTrainParams(128).augment;

  it('is deterministic by seed and differs between seeds', () => {
    const a = augmentCrop(crop, W, H, options, createRng('aug-1'));
    const b = augmentCrop(crop, W, H, options, createRng('aug-1'));
    const c = augmentCrop(crop, W, H, options, createRng('aug-2'));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('is the identity when every augmentation is switched off', () => {
    const none = {
      rotateDeg: 0,
      shiftPx: 0,
      scale: 0,
      brightness: 0,
      contrast: 0,
      noise: 0,
      blurChance: 0,
      flip: false,
    };
    const out = augmentCrop(crop, W, H, none, createRng(3));
    for (let i = 0; i < out.length; i++) expect(out[i]).toBeCloseTo(crop[i]!, 4);
  });
});
