/**
 * The slotted cheese head seen from the side: a rounded box in the (u, |v|)
 * half-plane, with the slot cut in by ray-casting down through the slot slab.
 */
import type { ScrewGeom } from './geometry.ts';

/** Probes the head; results land in fields to avoid allocations. */
export class HeadProbe {
  /** Signed distance to the head's silhouette (px), with see-through slot parts removed. */
  sdf = 0;
  /** Radius of the head's profile at u (px) and its slope dr/du, for the surface normal. */
  r = 0;
  slope = 0;
  /** Depth (0..1 of the diameter) of the slot wall seen at this point, or -1 when not in the slot. */
  wallDepth = -1;

  constructor(private readonly g: ScrewGeom) {}

  /** Evaluates the head at (u, v) px of the canonical frame. */
  probe(u: number, v: number): void {
    const g = this.g;
    const av = v < 0 ? -v : v;
    const px = u - g.hL * 0.5;
    const cr = px < 0 ? g.rEnd : g.rBear;
    const qx = (px < 0 ? -px : px) - g.hL * 0.5 + cr;
    const qy = av - g.hR + cr;
    const mx = qx > 0 ? qx : 0;
    const my = qy > 0 ? qy : 0;
    let sd = Math.sqrt(mx * mx + my * my) + Math.min(Math.max(qx, qy), 0) - cr;
    // Profile radius follows the rounded corners, so edges shade like turned steel.
    let rr = g.hR;
    let rp = 0;
    if (u < g.rEnd) {
      const du = g.rEnd - u;
      const k = Math.sqrt(Math.max(1e-6, g.rEnd * g.rEnd - du * du));
      rr = g.hR - g.rEnd + k;
      rp = Math.min(8, du / k);
    } else if (u > g.hL - g.rBear) {
      const du = u - (g.hL - g.rBear);
      const k = Math.sqrt(Math.max(1e-6, g.rBear * g.rBear - du * du));
      rr = g.hR - g.rBear + k;
      rp = -Math.min(8, du / k);
    }
    let wallDepth = -1;
    if (u < g.slotDepth && sd < 1) {
      // The slot is a slab |v·cos + z·sin| < w/2 through the head's end; follow the
      // camera ray down from the top surface until it leaves the slab.
      const zTop = Math.sqrt(Math.max(0, rr * rr - v * v));
      const half = g.slotW * 0.5;
      const q = v * g.slotCos + zTop * g.slotSin;
      if (q > -half && q < half) {
        let through = true;
        if (g.slotSin > 1e-3 || g.slotSin < -1e-3) {
          const z1 = (half - v * g.slotCos) / g.slotSin;
          const z2 = (-half - v * g.slotCos) / g.slotSin;
          const zl = z1 < z2 ? z1 : z2;
          if (zl > -zTop) {
            through = false;
            wallDepth = (zTop - zl) / (2 * rr);
          }
        }
        if (through) sd = Math.max(sd, Math.min(half - Math.abs(q), g.slotDepth - u));
      }
    }
    this.sdf = sd;
    this.r = rr;
    this.slope = rp;
    this.wallDepth = wallDepth;
  }

  /** Signed distance (px) to the head's rounded box without corner rounding or slot (for soft shadows). */
  coarse(u: number, v: number): number {
    const g = this.g;
    const px = Math.abs(u - g.hL * 0.5) - g.hL * 0.5;
    const py = Math.abs(v) - g.hR;
    const mx = px > 0 ? px : 0;
    const my = py > 0 ? py : 0;
    return Math.sqrt(mx * mx + my * my) + Math.min(Math.max(px, py), 0);
  }
}
