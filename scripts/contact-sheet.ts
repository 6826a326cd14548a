/**
 * Renders a grid of synthetic screws, one row per kind (good, then the five
 * defects in DEFECT_TYPES order), for eyeballing the generator. Colour styles give an RGB sheet.
 * Usage: npx tsx scripts/contact-sheet.ts --out FILE.png [--seed K] [--size S] [--cols C] [--style NAME]
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { encodePng } from '../workers/lib/png/encode-png.ts';
import type { ScrewKind } from '../workers/lib/synth/screw-generator.ts';
import {
  DEFECT_TYPES,
  generateScrewImage,
  getStyle,
  STYLE_NAMES,
} from '../workers/lib/synth/screw-generator.ts';

const GAP = 4; // px between tiles
const GAP_VALUE = 32; // dark separators so tiles read as separate photos

/** Parses a positive integer option or exits with a one-line reason. */
function intArg(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(
      `contact-sheet: --${name} must be an integer in [${min}, ${max}], got ${JSON.stringify(raw)}\n`,
    );
    process.exit(2);
  }
  return n;
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === '--') argv.shift();
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        size: { type: 'string' },
        cols: { type: 'string' },
        style: { type: 'string' },
      },
      strict: true,
    }));
  } catch (e) {
    process.stderr.write(`contact-sheet: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (!values.out) {
    process.stderr.write('contact-sheet: --out FILE.png is required\n');
    process.exit(2);
  }
  const seed = intArg('seed', values.seed, 1, 0, 2 ** 32 - 1);
  const size = intArg('size', values.size, 256, 32, 1024);
  const cols = intArg('cols', values.cols, 6, 1, 32);
  const style = values.style ?? 'demo';
  if (!STYLE_NAMES.includes(style)) {
    process.stderr.write(`contact-sheet: --style must be one of ${STYLE_NAMES.join(', ')}\n`);
    process.exit(2);
  }
  const ch = getStyle(style)?.colour ? 3 : 1;
  const kinds: ScrewKind[] = ['good', ...DEFECT_TYPES];
  const W = cols * size + (cols + 1) * GAP;
  const H = kinds.length * size + (kinds.length + 1) * GAP;
  const sheet = new Uint8Array(W * H * ch).fill(GAP_VALUE);
  const t0 = performance.now();
  kinds.forEach((kind, row) => {
    for (let col = 0; col < cols; col++) {
      // Seeds depend on column only, so each column shows the same base screw in every row.
      const img = generateScrewImage({ seed: seed * 1000 + col, kind, size, style });
      const ox = GAP + col * (size + GAP);
      const oy = GAP + row * (size + GAP);
      for (let y = 0; y < size; y++)
        sheet.set(img.pixels.subarray(y * size * ch, (y + 1) * size * ch), ((oy + y) * W + ox) * ch);
    }
  });
  writeFileSync(values.out, encodePng(sheet, W, H, ch));
  const ms = performance.now() - t0;
  process.stdout.write(
    `${JSON.stringify({ out: values.out, width: W, height: H, tiles: kinds.length * cols, ms: Math.round(ms) })}\n`,
  );
}

main();
