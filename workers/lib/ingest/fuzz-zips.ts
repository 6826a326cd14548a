/** Seeded generators of hostile zip archives for the fuzz test. */
import { zipSync } from 'fflate';
import type { Rng } from '../rng.ts';
import { EXTREMES, mutate, randomBytes, text } from './fuzz-inputs.ts';
import { buildStoredZip } from './test-zip.ts';

const NAMES = [
  'good/a.png',
  'bad/b.jpg',
  'screws/train/good/c.png',
  '../evil.png',
  '../../etc/passwd',
  'a/../../b.png',
  '/abs.png',
  'C:\\win.png',
  'good\\x.png',
  'ctl\u0001.png',
  'caf\u00e9.png',
  '\u2603/snow.png',
  '__MACOSX/good/._a.png',
  '.hidden/a.png',
  'folder/',
  'n'.repeat(300) + '.png',
  'labels.csv',
  'export.json',
];

/** A zip case: the archive's bytes, how to chunk it, and whether it is a flood of tiny entries. */
export interface ZipCase {
  bytes: Uint8Array<ArrayBuffer>;
  chunk: number;
  flood: boolean;
}

/** A zip: valid with odd names, with lying header fields, a bomb, a flood of empty entries, or odd name encodings. */
export function zipCase(rng: Rng, maxEntries: number, index: number): ZipCase {
  const chunk = rng.pick([1 << 16, 4096, 997, 1 << 20]);
  // A handful of full-size floods (30,000 entries); the rest just past the limit, which is cheap.
  if (index % 500 === 7) return { bytes: flood(30_000), chunk: 1 << 20, flood: true };
  const kind = rng.int(0, 5);
  if (kind === 0) return { bytes: flood(maxEntries + rng.int(1, 50)), chunk, flood: true };
  if (kind === 1) {
    const files: Record<string, Uint8Array> = {};
    for (let n = rng.int(1, 6); n > 0; n--) files[rng.pick(NAMES)] = randomBytes(rng, rng.int(0, 2000));
    const zip = zipSync(files, { level: rng.pick([0, 6, 9]) as 0 | 6 | 9 });
    return { bytes: rng.chance(0.5) ? mutate(rng, zip) : zip, chunk, flood: false };
  }
  if (kind === 2) {
    // A bomb: zeros compress about 1000:1.
    const zip = zipSync(
      { [`bomb${rng.int(0, 9)}.png`]: new Uint8Array(rng.int(200_000, 3_000_000)) },
      { level: 9 },
    );
    return { bytes: rng.chance(0.3) ? mutate(rng, zip) : zip, chunk, flood: false };
  }
  const entries = Array.from({ length: rng.int(1, 5) }, () => {
    const nameBytes = kind === 3 ? randomBytes(rng, rng.int(1, 40)) : text(rng.pick(NAMES));
    return {
      name: nameBytes,
      data: randomBytes(rng, rng.int(0, 500)),
      flags: rng.pick([0, 0x800, 0x8, 0x1]),
    };
  });
  const { bytes, directory } = buildStoredZip(entries);
  // Lie in a header: a size, a name length or an entry count.
  const view = new DataView(bytes.buffer);
  const lies = [18, 22, 26, 28].map((o) => o).concat(bytes.length - 12, bytes.length - 14, directory + 28);
  for (let n = rng.int(kind === 5 ? 1 : 0, 3); n > 0; n--) {
    const at = rng.pick(lies);
    if (at + 2 <= bytes.length) view.setUint16(at, rng.pick(EXTREMES) & 0xffff, true);
  }
  return { bytes: kind === 4 ? mutate(rng, bytes) : bytes, chunk, flood: false };
}

function flood(count: number): Uint8Array<ArrayBuffer> {
  return buildStoredZip(
    Array.from({ length: count }, (_, i) => ({ name: `e${i}.png`, data: new Uint8Array(0) })),
  ).bytes;
}
