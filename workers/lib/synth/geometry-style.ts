/**
 * Reshapes a demo screw into a styled one: head shape and drive, thread
 * diameter and pitch, threaded length and material. The demo geometry is drawn
 * first (same stream, same placement), then altered with the style's own RNG.
 */
import type { Rng } from '../rng.ts';
import { PI } from './detmath.ts';
import type { ScrewGeom } from './geometry.ts';
import type { Look } from './look.ts';
import type { Drive, HeadShape } from './style-types.ts';

const HEAD_CODE: Record<HeadShape, number> = { cheese: 0, pan: 1, button: 2, hex: 3, countersunk: 4 };
const DRIVE_CODE: Record<Drive, number> = { slot: 0, cross: 1, 'hex-socket': 2, star: 3 };

/** A copy of `g` (length L px) with the look's head, drive, thread proportions and material. */
export function restyleGeometry(g: ScrewGeom, look: Look, rng: Rng): ScrewGeom {
  const L = g.L;
  const dk = look.diameterK;
  const rMaj = g.rMaj * dk;
  const rNeck = g.rNeck * dk;
  const out: ScrewGeom = {
    ...g,
    rMaj,
    rMin: g.rMin * dk,
    rNeck,
    tipR: g.tipR * dk,
    pitch: g.pitch * look.pitchK,
    albedo: look.material.albedo,
    spec: look.material.spec,
    headShape: HEAD_CODE[look.head],
    drive: DRIVE_CODE[look.drive],
  };
  const shape = look.head;
  let hL = g.hL;
  let hR = g.hR * (0.6 + 0.4 * dk);
  if (shape === 'pan') {
    hL = L * rng.range(0.08, 0.1);
    hR = L * rng.range(0.125, 0.145);
    out.cornerA = hL * rng.range(0.55, 0.75);
    out.cornerR = hR * rng.range(0.3, 0.45);
  } else if (shape === 'button') {
    hL = L * rng.range(0.075, 0.095);
    hR = L * rng.range(0.125, 0.145);
    out.cornerA = hL * 0.97;
    out.cornerR = hR * rng.range(0.7, 0.85);
  } else if (shape === 'hex') {
    hL = L * rng.range(0.09, 0.12);
    hR = L * rng.range(0.115, 0.135);
    out.hexRoll = rng.range(0, PI / 3);
  } else if (shape === 'countersunk') {
    hR = L * rng.range(0.12, 0.135);
    // About a 90° countersink: the cone is as long as it is wide.
    hL = (hR - rNeck) * rng.range(0.95, 1.15);
  }
  // Thick threads need a head that still overhangs them.
  hR = Math.max(hR, rMaj * 1.45);
  out.hL = hL;
  out.hR = hR;
  out.rEnd = hR * rng.range(0.3, 0.42);
  out.rBear = hR * rng.range(0.06, 0.12);
  if (shape === 'cheese') out.rEnd = Math.min(out.rEnd, hL * 0.5);
  out.rBear = Math.min(out.rBear, hL * 0.3);
  const cross = look.drive === 'cross';
  out.slotDepth = hL * (shape === 'countersunk' ? rng.range(0.45, 0.6) : rng.range(0.35, 0.5));
  out.slotW = hR * (cross ? rng.range(0.18, 0.24) : rng.range(0.22, 0.32));
  out.socketR = hR * (look.drive === 'star' ? rng.range(0.45, 0.55) : rng.range(0.38, 0.48));
  out.socketDepth = hL * rng.range(0.5, 0.7);
  // A short plain neck under the head, then threads; the neck stays long enough for neck scratches.
  out.neckEnd = hL + Math.max(0.06 * L, (L - hL) * (1 - look.threaded));
  out.tipStart = Math.max(out.neckEnd + 4 * out.pitch, g.tipStart);
  return out;
}
