/**
 * Draws the app icons (a slotted screw head with a check mark) into public/icons/.
 * Run after changing the design: `npx tsx scripts/make-icons.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

type Rgb = readonly [number, number, number];
const NAVY: Rgb = [31, 42, 55];
const STEEL: Rgb = [214, 221, 229];
const GREEN: Rgb = [34, 197, 94];

/** Coverage 0..1 of a pixel by a disc, with a one-pixel soft edge. */
const disc = (x: number, y: number, cx: number, cy: number, r: number) =>
  Math.min(1, Math.max(0, r - Math.hypot(x - cx, y - cy) + 0.5));

function icon(size: number, safeZone: number): Buffer {
  const png = new PNG({ width: size, height: size });
  const s = size * safeZone;
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let px: Rgb = NAVY;
      const mix = (a: Rgb, b: Rgb, t: number): Rgb =>
        [0, 1, 2].map((i) => a[i]! + (b[i]! - a[i]!) * t) as unknown as Rgb;
      px = mix(px, STEEL, disc(x, y, c, c, s * 0.34));
      const inSlot = Math.abs(x - c) < s * 0.05 && Math.abs(y - c) < s * 0.27 ? 1 : 0;
      px = mix(px, NAVY, inSlot);
      const bx = c + s * 0.26;
      px = mix(px, NAVY, disc(x, y, bx, bx, s * 0.16));
      px = mix(px, GREEN, disc(x, y, bx, bx, s * 0.12));
      const i = (y * size + x) * 4;
      png.data[i] = Math.round(px[0]);
      png.data[i + 1] = Math.round(px[1]);
      png.data[i + 2] = Math.round(px[2]);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

mkdirSync('public/icons', { recursive: true });
writeFileSync('public/icons/icon-192.png', icon(192, 1));
writeFileSync('public/icons/icon-512.png', icon(512, 1));
// Maskable icons are cropped to a circle of 80% diameter, so the artwork shrinks into that zone.
writeFileSync('public/icons/icon-maskable-512.png', icon(512, 0.78));
console.log('wrote public/icons/icon-{192,512,maskable-512}.png');
