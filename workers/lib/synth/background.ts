/**
 * The bright, slightly textured support plate the screw lies on: uneven
 * illumination, low-frequency blotches, faint brushing, fine grain and dust.
 * Feature sizes scale with the image so a seed looks alike at every size.
 */
import type { Rng } from '../rng.ts';
import { cos, degToRad, sin, smoothstep } from './detmath.ts';

/** Value-noise lattice: `cells` random values on a (gx+2)×(gy+2) grid. */
interface Lattice {
  gx: number;
  vals: Float64Array;
}

function lattice(rng: Rng, gx: number, gy: number): Lattice {
  const vals = new Float64Array((gx + 2) * (gy + 2));
  for (let i = 0; i < vals.length; i++) vals[i] = rng.range(-1, 1);
  return { gx, vals };
}

/** Smooth value noise at lattice coordinates (x, y); -1..1. */
function sample2(l: Lattice, x: number, y: number): number {
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = x - ix;
  const ty = y - iy;
  const sx = tx * tx * (3 - 2 * tx);
  const sy = ty * ty * (3 - 2 * ty);
  const row = l.gx + 2;
  const i = iy * row + ix;
  const a = l.vals[i] as number;
  const b = l.vals[i + 1] as number;
  const c = l.vals[i + row] as number;
  const d = l.vals[i + row + 1] as number;
  return a + (b - a) * sx + (c - a) * sy + (a - b - c + d) * sx * sy;
}

/** A styled plate: brightness range (0..1) and a texture multiplier (1 = demo). */
export interface PlateLook {
  base: readonly [number, number];
  texture: number;
}

const DEMO_PLATE: PlateLook = { base: [0.68, 0.78], texture: 1 };

/** Renders the plate into a new float image (0..1, row-major, width×height); `plate` defaults to the demo's. */
export function renderBackground(
  rng: Rng,
  width: number,
  height: number,
  plate: PlateLook = DEMO_PLATE,
): Float32Array {
  const out = new Float32Array(width * height);
  const unit = Math.min(width, height);
  const tex = plate.texture;
  const base = rng.range(plate.base[0], plate.base[1]);
  const gradA = degToRad(rng.range(0, 360));
  const gradAmp = rng.range(0.03, 0.08) / unit;
  const gcx = cos(gradA) * gradAmp;
  const gcy = sin(gradA) * gradAmp;
  const vig = rng.range(0.03, 0.07);
  const invDiag2 = 4 / (width * width + height * height);
  // Three octaves of blotches, coarse to fine (cell sizes relative to the image).
  const cells = [unit / 2.5, unit / 7, unit / 18];
  const amps = [rng.range(0.012, 0.025) * tex, rng.range(0.008, 0.014) * tex, rng.range(0.004, 0.008) * tex];
  const lats = cells.map((c) => lattice(rng, Math.ceil(width / c) + 1, Math.ceil(height / c) + 1));
  // Brushing: fine streaks along one direction, modulated along their length.
  const brushA = degToRad(rng.range(0, 180));
  const bcx = cos(brushA);
  const bcy = sin(brushA);
  const brushCell = Math.max(1.2, unit / 200);
  const brushLen = (width + height) / brushCell + 4;
  const brush = lattice(rng, Math.ceil(brushLen), 1);
  const brushAmp = rng.range(0.004, 0.009) * tex;
  const grainAmp = rng.range(0.008, 0.014) * tex;

  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - width / 2;
      const dy = y + 0.5 - height / 2;
      let val = base + dx * gcx + dy * gcy - vig * (dx * dx + dy * dy) * invDiag2;
      for (let k = 0; k < 3; k++) {
        const c = cells[k] as number;
        val += (amps[k] as number) * sample2(lats[k] as Lattice, x / c, y / c);
      }
      const across = (dx * -bcy + dy * bcx) / brushCell + brushLen / 2;
      const mod =
        0.6 + 0.4 * sample2(lats[1] as Lattice, x / (cells[1] as number) + 0.37, y / (cells[1] as number));
      val += brushAmp * sample2(brush, across, 0.5) * mod;
      val += grainAmp * (rng.next() + rng.next() - 1);
      out[y * width + x] = val;
    }
  }

  // Dust and pits: a handful of small soft specks.
  const specks = rng.int(0, 6);
  const pxScale = unit / 256;
  for (let i = 0; i < specks; i++) {
    const sx = rng.range(0, width);
    const sy = rng.range(0, height);
    const rad = rng.range(0.6, 1.8) * pxScale;
    const amt = rng.range(-0.12, 0.05) * tex;
    const ext = Math.ceil(rad * 2 + 1);
    for (let y = Math.max(0, Math.floor(sy - ext)); y < Math.min(height, sy + ext); y++) {
      for (let x = Math.max(0, Math.floor(sx - ext)); x < Math.min(width, sx + ext); x++) {
        const ex = x + 0.5 - sx;
        const ey = y + 0.5 - sy;
        const d = Math.sqrt(ex * ex + ey * ey);
        out[y * width + x] = (out[y * width + x] as number) + amt * (1 - smoothstep(rad * 0.5, rad * 1.5, d));
      }
    }
  }
  return out;
}
