/**
 * Screw geometry in the canonical frame: the axis runs along +u from the head
 * end (u = 0) to the tip (u = L); v is across the axis. All lengths are pixels
 * of the rendered image, so the shape code never needs to know the image size.
 */
import type { Rng } from '../rng.ts';
import { PI, cos, sin } from './detmath.ts';

/** Shape and material of one screw; lengths in px, angles in radians. */
export interface ScrewGeom {
  /** Total length, head end to tip (px). */
  L: number;
  /** Head length along the axis (px). */
  hL: number;
  /** Head radius (px). */
  hR: number;
  /** Corner radius of the head's free end (px); larger reads as a domed cheese head. */
  rEnd: number;
  /** Corner radius where the head meets the neck (px). */
  rBear: number;
  /** Slot depth from the head end (px). */
  slotDepth: number;
  /** Slot width (px). */
  slotW: number;
  /** Cos/sin of the slot's roll about the axis; 0 rad = slot plane contains the view ray, so it shows as a notch. */
  slotCos: number;
  slotSin: number;
  /** u where the threads start (px); head end to here is the plain neck. */
  neckEnd: number;
  /** Neck radius (px). */
  rNeck: number;
  /** Thread major and minor radius (px). */
  rMaj: number;
  rMin: number;
  /** Thread pitch along the axis (px). */
  pitch: number;
  /** Thread phase offset (turns, 0..1). */
  phase0: number;
  /** u where the tip chamfer starts (px). */
  tipStart: number;
  /** Radius of the blunt point at u = L (px). */
  tipR: number;
  /** Diffuse albedo of the metal (0..1). */
  albedo: number;
  /** Specular strength of the metal (0..1). */
  spec: number;
  /** Smooth noise table (-1..1) for the screw's own finish: tarnish and uneven plating. */
  finish: Float64Array;
  /** Head profile: 0 cheese (the demo's rounded box), 1 pan, 2 button, 3 hex, 4 countersunk. */
  headShape: number;
  /** Axial and radial extent of the elliptical top corner of pan and button heads (px). */
  cornerA: number;
  cornerR: number;
  /** Roll of a hex head about the axis (rad). */
  hexRoll: number;
  /** Drive: 0 slot, 1 cross, 2 hex socket, 3 star. */
  drive: number;
  /** Socket recess radius and depth (px), for drives 2 and 3. */
  socketR: number;
  socketDepth: number;
}

/** Draws a plausible M-screw of roughly `lengthPx` px; proportions follow small cheese-head machine screws. */
export function sampleGeometry(rng: Rng, lengthPx: number): ScrewGeom {
  const L = lengthPx;
  const hL = L * rng.range(0.13, 0.16);
  const hR = L * rng.range(0.105, 0.12);
  const rMaj = L * rng.range(0.064, 0.072);
  const pitch = L * rng.range(0.04, 0.046);
  const slotRoll = rng.range(-PI / 2, PI / 2);
  const neckEnd = hL + L * rng.range(0.09, 0.12);
  const tipLen = L * rng.range(0.07, 0.09);
  return {
    L,
    hL,
    hR,
    rEnd: hR * rng.range(0.3, 0.42),
    rBear: hR * rng.range(0.08, 0.14),
    slotDepth: hL * rng.range(0.35, 0.5),
    slotW: hR * rng.range(0.26, 0.34),
    slotCos: cos(slotRoll),
    slotSin: sin(slotRoll),
    neckEnd,
    rNeck: rMaj * rng.range(0.9, 0.95),
    rMaj,
    rMin: rMaj * rng.range(0.7, 0.74),
    pitch,
    phase0: rng.next(),
    tipStart: L - tipLen,
    tipR: rMaj * rng.range(0.18, 0.28),
    albedo: rng.range(0.22, 0.32),
    spec: rng.range(0.8, 1.05),
    finish: Float64Array.from({ length: 64 }, () => rng.range(-1, 1)),
    headShape: 0,
    cornerA: 0,
    cornerR: 0,
    hexRoll: 0,
    drive: 0,
    socketR: 0,
    socketDepth: 0,
  };
}
