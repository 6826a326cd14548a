/**
 * Times the screw generator per style: median milliseconds per image at one size,
 * over a fixed set of seeds and all kinds. Prints one JSON line per style.
 * Usage: npx tsx scripts/bench-styles.ts [--size S] [--images N] [--style NAME]
 */
import { parseArgs } from 'node:util';
import type { ScrewKind } from '../workers/lib/synth/screw-generator.ts';
import { DEFECT_TYPES, generateScrewImage, STYLE_NAMES } from '../workers/lib/synth/screw-generator.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: { size: { type: 'string' }, images: { type: 'string' }, style: { type: 'string' } },
  strict: true,
});
const size = Number(values.size ?? 256);
const images = Number(values.images ?? 12);
if (!Number.isInteger(size) || size < 32 || size > 2048 || !Number.isInteger(images) || images < 1) {
  process.stderr.write('bench-styles: --size must be an integer in [32, 2048] and --images ≥ 1\n');
  process.exit(2);
}
const styles = values.style ? [values.style] : STYLE_NAMES;
const kinds: ScrewKind[] = ['good', ...DEFECT_TYPES];
for (const style of styles) {
  // One untimed render warms the JIT so the first style is not penalised.
  generateScrewImage({ seed: 0, kind: 'good', size, style });
  const ms: number[] = [];
  for (let i = 0; i < images; i++) {
    const t0 = performance.now();
    generateScrewImage({ seed: 1000 + i, kind: kinds[i % kinds.length] as ScrewKind, size, style });
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[ms.length >> 1] as number;
  process.stdout.write(
    `${JSON.stringify({ style, size, images, medianMs: Math.round(median * 10) / 10 })}\n`,
  );
}
