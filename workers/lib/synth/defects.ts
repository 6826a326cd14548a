/**
 * Defect parameters, drawn per image in the canonical screw frame. One flat
 * class (every field always present) keeps the per-pixel shape code monomorphic.
 */
import type { Rng } from '../rng.ts';
import { cos, degToRad, sin } from './detmath.ts';
import type { ScrewGeom } from './geometry.ts';
import type { DefectVariation } from './look.ts';

/** Defect categories of the MVTec AD "screw" class. */
export const DEFECT_TYPES = [
  'scratch_head',
  'scratch_neck',
  'thread_side',
  'thread_top',
  'manipulated_front',
] as const;
/** One defect category. */
export type DefectType = (typeof DEFECT_TYPES)[number];
/** What an image shows: a good screw or one defect category. */
export type ScrewKind = 'good' | DefectType;

/** Front (tip) manipulation modes: 0 none, 1 bent, 2 chopped, 3 crushed. */
export type FrontMode = 0 | 1 | 2 | 3;

/** All defect knobs for one image; lengths in px of the canonical frame. */
export class DefectParams {
  /** Scratch segments as [ax, ay, bx, by, gain] quintuples (px, px, px, px, ±intensity). */
  scratch = new Float64Array(0);
  /** Scratch half-width (px). */
  scratchW = 0;
  /** Scratch bounding box (px) for a cheap reject. */
  sU0 = 0;
  sU1 = -1;
  sV0 = 0;
  sV1 = -1;
  /** Side damage: side (+1 / -1, 0 = none), u range (px), depth (0..1). */
  sideSign = 0;
  sideU0 = 0;
  sideU1 = 0;
  sideDepth = 0;
  /** Extra dent into the core at full side damage (px). */
  sideGouge = 0;
  /** Top flattening: ellipse centre/radii (px), crest cut level (0..1 of thread height). */
  topU = 0;
  topV = 0;
  topAu = 0;
  topAv = 0;
  topFlat = 1;
  /** Streak direction of the scuff marks (unit vector in u, v). */
  streakCu = 1;
  streakCv = 0;
  /** Tip manipulation. */
  front: FrontMode = 0;
  /** Bend: start u (px), bend radius (px), angle (rad, signed), arc end point/frame. */
  bendU = 0;
  bendR = 1;
  bendAngle = 0;
  bendCos = 1;
  bendSin = 0;
  /** Chop/crush: cut position u (px), cut slope (dv per du), mushrooming burr (px). */
  cutU = 0;
  cutSlope = 0;
  burr = 0;
  /** Smooth 1-D noise table (values -1..1) for irregular edges. */
  noise = new Float64Array(1);
}

/** Adds one wavy scratch (4 segments) from (u, v) along `angleDeg`, `len` px long, to `out`. */
function addScratch(
  rng: Rng,
  out: number[],
  u: number,
  v: number,
  angleDeg: number,
  len: number,
  gain: number,
  bowK: number,
): void {
  const a = degToRad(angleDeg);
  const du = cos(a);
  const dv = sin(a);
  const bow = rng.range(-0.08, 0.08) * len * bowK;
  let pu = u - (du * len) / 2;
  let pv = v - (dv * len) / 2;
  for (let k = 1; k <= 4; k++) {
    const t = k / 4;
    // A slight parabolic bow: tool scratches are rarely dead straight.
    const off = bow * 4 * t * (1 - t);
    const qu = u + du * len * (t - 0.5) - dv * off;
    const qv = v + dv * len * (t - 0.5) + du * off;
    // Fade the ends so the scratch starts and stops like a real one.
    const g = gain * (k === 1 || k === 4 ? 0.65 : 1) * rng.range(0.75, 1.1);
    out.push(pu, pv, qu, qv, g);
    pu = qu;
    pv = qv;
  }
}

function finishScratches(d: DefectParams, segs: number[], w: number): void {
  d.scratch = new Float64Array(segs);
  d.scratchW = w;
  let u0 = Infinity;
  let u1 = -Infinity;
  let v0 = Infinity;
  let v1 = -Infinity;
  for (let i = 0; i < segs.length; i += 5) {
    for (const [u, v] of [
      [segs[i] as number, segs[i + 1] as number],
      [segs[i + 2] as number, segs[i + 3] as number],
    ] as const) {
      u0 = Math.min(u0, u);
      u1 = Math.max(u1, u);
      v0 = Math.min(v0, v);
      v1 = Math.max(v1, v);
    }
  }
  const m = 4 * w;
  d.sU0 = u0 - m;
  d.sU1 = u1 + m;
  d.sV0 = v0 - m;
  d.sV1 = v1 + m;
}

/** Multipliers that reproduce the demo drawing exactly. */
const DEMO_VARIATION: DefectVariation = { size: 1, contrast: 1, shift: 0, shape: 1 };

/**
 * Draws the defect of `kind` for screw `g`; 'good' gives an inert parameter set.
 * `vary` (styled images only) scales size, contrast, position and shape.
 */
export function sampleDefect(kind: ScrewKind, g: ScrewGeom, rng: Rng, vary?: DefectVariation): DefectParams {
  const d = new DefectParams();
  const table = new Float64Array(64);
  for (let i = 0; i < table.length; i++) table[i] = rng.range(-1, 1);
  d.noise = table;
  const { size, contrast, shift, shape } = vary ?? DEMO_VARIATION;
  // An extra mark on strongly varied shapes; never for the demo, whose draws must not change.
  const extra = vary && shape > 1.5 ? 1 : 0;
  const w = Math.max(1.1, g.L * rng.range(0.006, 0.008) * size);
  if (kind === 'scratch_head') {
    const segs: number[] = [];
    const n = rng.int(1, 2) + extra;
    for (let i = 0; i < n; i++) {
      const len = g.hR * rng.range(0.9, 1.6) * size;
      // Mostly across the head: handling scratches come from sliding against other parts.
      const ang = rng.chance(0.75) ? rng.range(40, 140) : rng.range(-30, 30);
      // Centre between the slot and the bearing face, so the slot never swallows the scratch.
      const u0 = Math.max(g.slotDepth, g.hL * 0.3) + g.hL * 0.12;
      const u = rng.range(u0, Math.max(u0, g.hL * 0.75)) + shift * g.hL * 0.15;
      const v = rng.range(-0.45, 0.45) * g.hR;
      const gain = rng.range(0.65, 0.85) * (rng.chance(0.5) ? 1 : -1) * contrast;
      addScratch(rng, segs, u, v, ang, len, gain, shape);
    }
    finishScratches(d, segs, w);
  } else if (kind === 'scratch_neck') {
    const segs: number[] = [];
    const n = rng.int(1, 3) + extra;
    const neckLen = g.neckEnd - g.hL;
    for (let i = 0; i < n; i++) {
      const across = i === 0 || rng.chance(0.5);
      const len = (across ? g.rNeck * rng.range(1.3, 1.9) : neckLen * rng.range(0.7, 1.0)) * size;
      const ang = across ? rng.range(55, 125) : rng.range(-25, 25);
      const u = g.hL + neckLen * (rng.range(0.3, 0.75) + shift * 0.2);
      const v = rng.range(-0.35, 0.35) * g.rNeck;
      const gain = rng.range(0.6, 0.8) * (rng.chance(0.5) ? 1 : -1) * contrast;
      addScratch(rng, segs, u, v, ang, len, gain, shape);
    }
    finishScratches(d, segs, w * 1.25);
  } else if (kind === 'thread_side') {
    const span = g.pitch * rng.range(3, 5.5) * size;
    const lo = g.neckEnd + g.pitch;
    const hi = g.tipStart - span - g.pitch * 0.5;
    let u0 = rng.range(lo, hi);
    if (vary) u0 = Math.min(Math.max(lo, u0 + shift * (hi - lo) * 0.5), Math.max(lo, hi));
    d.sideSign = rng.chance(0.5) ? 1 : -1;
    d.sideU0 = u0;
    d.sideU1 = u0 + span;
    d.sideDepth = Math.min(1, rng.range(0.8, 1) * contrast);
    d.sideGouge = g.rMaj * rng.range(0.34, 0.5) * contrast;
  } else if (kind === 'thread_top') {
    const threadLen = g.tipStart - g.neckEnd;
    d.topAu = g.pitch * rng.range(1.6, 2.6) * size * shape;
    d.topAv = g.rMaj * rng.range(0.45, 0.7) * size;
    d.topU = g.tipStart - threadLen * (rng.range(0.08, 0.35) - shift * 0.15);
    d.topV = g.rMaj * rng.range(-0.25, 0.25);
    d.topFlat = Math.min(0.8, rng.range(0.25, 0.45) / contrast);
    const a = degToRad(rng.range(-30, 30));
    d.streakCu = cos(a);
    d.streakCv = sin(a);
  } else if (kind === 'manipulated_front') {
    d.front = rng.pick([1, 1, 2, 3] as const);
    if (d.front === 1) {
      d.bendU = g.L - (g.L - g.neckEnd) * rng.range(0.35, 0.5);
      d.bendR = g.rMaj * rng.range(1.5, 2.5);
      d.bendAngle =
        degToRad(Math.min(40, rng.range(16, 30) * (vary ? Math.sqrt(shape) : 1))) *
        (rng.chance(0.5) ? 1 : -1);
      d.bendCos = cos(d.bendAngle);
      d.bendSin = sin(d.bendAngle);
    } else {
      d.cutU = g.L - (g.L - g.tipStart) * rng.range(1.2, 2.4) * size;
      d.cutSlope = rng.range(-0.6, 0.6) * shape;
      d.burr = g.rMaj * (d.front === 3 ? rng.range(0.15, 0.3) : rng.range(0.04, 0.1)) * contrast;
    }
  }
  return d;
}
