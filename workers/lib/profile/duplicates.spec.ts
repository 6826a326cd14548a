import { describe, expect, it } from 'vitest';
import { createRng } from '../rng.ts';
import { dHash64, hamming } from '../image/dhash.ts';
import { groupDuplicates } from '../splits/duplicate-groups.ts';
import { SPLITS } from '../splits/split.ts';
import { generateScrewImage } from '../synth/screw-generator.ts';
import { ProfileAccumulator } from './dataset-profile.ts';
import { imageStats } from './image-stats.ts';

interface Picture {
  id: string;
  gray: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/**
 * The groups of two or more images each side forms from the same pixels: the profile through
 * imageStats and its leak check, the split through dHash64 (what ingest stores) and groupDuplicates.
 * Every image sits in another split than the one before it, so every profile group is also a leak.
 */
function bothSides(pictures: readonly Picture[]): { profile: string[][]; split: string[][] } {
  const acc = new ProfileAccumulator();
  pictures.forEach(({ id, gray, width, height }, i) =>
    acc.add(
      {
        id,
        sha256: `sha-${id}`,
        label: 'good',
        split: SPLITS[i % SPLITS.length]!,
        width,
        height,
        channels: 1,
        format: 'png',
        byteSize: gray.length,
      },
      imageStats(gray, width, height, 1),
    ),
  );
  const profile = acc.finish();
  expect(profile.leaks).toEqual(profile.duplicates);
  const groups = groupDuplicates(
    pictures.map(({ id, gray, width, height }) => ({
      id,
      sha256: `sha-${id}`,
      phash: dHash64(gray, width, height),
    })),
  );
  const members = new Map<string, string[]>();
  for (const [id, group] of groups) members.set(group, [...(members.get(group) ?? []), id]);
  const sorted = (lists: string[][]) => lists.map((ids) => [...ids].sort()).sort();
  return {
    profile: sorted(profile.leaks.map((g) => g.ids)),
    split: sorted([...members.values()].filter((ids) => ids.length > 1)),
  };
}

// A 72×64 frame whose 9×8 hash cells are exactly 8×8 pixels: a flat background (every cell pair an
// exact tie) around a dark block filling cell columns 3–5 of rows 2–5.
const W = 72;
const H = 64;
function block(): Uint8Array {
  const gray = new Uint8Array(W * H).fill(200);
  for (let y = 16; y < 48; y++) gray.fill(40, y * W + 24, y * W + 48);
  return gray;
}

/** `base` with one background pixel in each listed cell [row, col] one gray level brighter. */
function lifted(base: Uint8Array, cells: ReadonlyArray<readonly [number, number]>): Uint8Array {
  const gray = base.slice();
  for (const [r, c] of cells) gray[(r * 8 + 3) * W + c * 8 + 3]! += 1;
  return gray;
}

describe('profile leak check and split near-duplicate groups', () => {
  it('agree on near-ties: a one-level lift of a tied cell is one bit on both sides', () => {
    const base = block();
    // Each lifted cell's left neighbour is tied background, so each lift flips exactly one bit.
    const four = lifted(base, [
      [0, 1],
      [1, 4],
      [6, 8],
      [2, 7],
    ]);
    const five = lifted(base, [
      [0, 5],
      [1, 2],
      [7, 3],
      [3, 1],
      [5, 8],
    ]);
    expect(hamming(dHash64(base, W, H), dHash64(four, W, H))).toBe(4);
    expect(hamming(dHash64(base, W, H), dHash64(five, W, H))).toBe(5);
    expect(hamming(dHash64(four, W, H), dHash64(five, W, H))).toBe(9);
    const sides = bothSides([
      { id: 'base', gray: base, width: W, height: H },
      { id: 'four-lifted', gray: four, width: W, height: H },
      { id: 'five-lifted', gray: five, width: W, height: H },
    ]);
    expect(sides.profile).toEqual([['base', 'four-lifted']]);
    expect(sides.split).toEqual(sides.profile);
  });

  it('agree on every pair of rendered screws and their noisy and brightened copies', () => {
    const size = 128;
    const rng = createRng('agree');
    const pictures: Picture[] = [];
    for (const seed of [3, 4, 5, 6]) {
      const { pixels } = generateScrewImage({ seed, kind: 'good', size });
      const gray = Uint8ClampedArray.from(pixels);
      const copy = (id: string, f: (v: number) => number) =>
        pictures.push({ id: `s${seed}${id}`, gray: gray.map(f), width: size, height: size });
      copy('', (v) => v);
      copy('-noisy', (v) => v + rng.int(-3, 3));
      copy('-bright', (v) => v + 12);
    }
    const sides = bothSides(pictures);
    // Some copies group and some (the noisiest) stay apart, so the radius is exercised both ways.
    expect(sides.profile.length).toBeGreaterThan(0);
    expect(sides.profile.flat().length).toBeLessThan(pictures.length);
    expect(sides.split).toEqual(sides.profile);
  });
});
