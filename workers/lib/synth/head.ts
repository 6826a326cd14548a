/**
 * The head seen from the side. The demo's cheese head is a rounded box in the
 * (u, |v|) half-plane; styled heads (pan, button, hex, countersunk) are surfaces
 * of revolution or a hex prism. Slot and cross drives are cut in by ray-casting
 * down through the slot slab; socket drives show only where a domed end is
 * narrower than the recess.
 */
import { PI, cos, sin } from './detmath.ts';
import type { ScrewGeom } from './geometry.ts';

const COS30 = 0.8660254037844387;

/** Probes the head; results land in fields to avoid allocations. */
export class HeadProbe {
  /** Signed distance to the head's silhouette (px), with see-through slot parts removed. */
  sdf = 0;
  /** Radius of the head's profile at u (px) and its slope dr/du, for the surface normal. */
  r = 0;
  slope = 0;
  /** Depth (0..1 of the diameter) of the slot wall seen at this point, or -1 when not in the slot. */
  wallDepth = -1;
  /** Roll (cos, sin) of the slot wall seen at this point; its normal faces up out of the slot. */
  wallCos = 0;
  wallSin = 0;
  /** true where a hex face is seen; `faceNv`/`faceNz` then hold its normal across the axis. */
  faceSet = false;
  faceNv = 0;
  faceNz = 1;
  private readonly hexW: number;
  private readonly faceC = new Float64Array(6);
  private readonly faceS = new Float64Array(6);

  constructor(private readonly g: ScrewGeom) {
    let w = 0;
    for (let k = 0; k < 6; k++) {
      const a = g.hexRoll + (k * PI) / 3;
      this.faceC[k] = cos(a);
      this.faceS[k] = sin(a);
      w = Math.max(w, Math.abs(g.hR * cos(a + PI / 6)));
    }
    this.hexW = w;
  }

  /** Evaluates the head at (u, v) px of the canonical frame. */
  probe(u: number, v: number): void {
    const g = this.g;
    const av = v < 0 ? -v : v;
    let sd: number;
    let rr = g.hR;
    let rp = 0;
    this.faceSet = false;
    if (g.headShape === 0) {
      const px = u - g.hL * 0.5;
      const cr = px < 0 ? g.rEnd : g.rBear;
      const qx = (px < 0 ? -px : px) - g.hL * 0.5 + cr;
      const qy = av - g.hR + cr;
      const mx = qx > 0 ? qx : 0;
      const my = qy > 0 ? qy : 0;
      sd = Math.sqrt(mx * mx + my * my) + Math.min(Math.max(qx, qy), 0) - cr;
      // Profile radius follows the rounded corners, so edges shade like turned steel.
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
    } else {
      this.profile(u);
      rr = this.r;
      rp = this.slope;
      sd = Math.max((av - rr) / Math.sqrt(1 + rp * rp), -u, u - g.hL);
    }
    let zTop = -1;
    if (g.headShape === 3 && av < rr) zTop = this.hexTop(v);
    this.wallDepth = -1;
    this.wallCos = g.slotCos;
    this.wallSin = g.slotSin;
    if (g.drive <= 1) {
      sd = this.slab(u, v, rr, zTop, sd, g.slotCos, g.slotSin);
      // A cross recess is a second slot turned a quarter about the axis.
      if (g.drive === 1 && this.wallDepth < 0) sd = this.slab(u, v, rr, zTop, sd, -g.slotSin, g.slotCos);
    } else if (u < g.socketDepth && rr < g.socketR && sd < 1) {
      // Looking into the socket through the dome's end: its far wall, darker further in.
      this.wallDepth = 0.25 + 0.5 * (u / g.socketDepth);
      this.wallCos = 0;
      this.wallSin = 1;
    }
    this.sdf = sd;
    this.r = rr;
    this.slope = rp;
  }

  /** Cuts one slot slab (roll cos/sin) into `sd`; may set the wall fields; returns the new distance. */
  private slab(u: number, v: number, rr: number, zHex: number, sd: number, sc: number, ss: number): number {
    const g = this.g;
    if (!(u < g.slotDepth && sd < 1)) return sd;
    // Follow the camera ray down from the top surface until it leaves the slab.
    const zTop = zHex >= 0 ? zHex : Math.sqrt(Math.max(0, rr * rr - v * v));
    const half = g.slotW * 0.5;
    const q = v * sc + zTop * ss;
    if (!(q > -half && q < half)) return sd;
    if (ss > 1e-3 || ss < -1e-3) {
      const z1 = (half - v * sc) / ss;
      const z2 = (-half - v * sc) / ss;
      const zl = z1 < z2 ? z1 : z2;
      if (zl > -zTop) {
        this.wallDepth = (zTop - zl) / (2 * rr);
        this.wallCos = sc;
        this.wallSin = ss;
        return sd;
      }
    }
    return Math.max(sd, Math.min(half - Math.abs(q), g.slotDepth - u));
  }

  /** Height of the hex prism's top at v (px) and, in the face fields, the normal of the face seen. */
  private hexTop(v: number): number {
    const a = this.g.hR * COS30;
    let z = 1e9;
    for (let k = 0; k < 6; k++) {
      const s = this.faceS[k] as number;
      if (s < 1e-3) continue;
      const c = this.faceC[k] as number;
      const zk = (a - v * c) / s;
      if (zk < z) {
        z = zk;
        this.faceNv = c;
        this.faceNz = s;
      }
    }
    this.faceSet = true;
    return Math.max(0, z);
  }

  /** Radius `r` (px) and slope of the styled heads' side profile at u. */
  private profile(u0: number): void {
    const g = this.g;
    const u = u0 < 0 ? 0 : u0 > g.hL ? g.hL : u0;
    let rr = g.hR;
    let rp = 0;
    if (g.headShape === 4) {
      // Countersunk: a thin cylindrical rim, then a cone down to the neck.
      const rim = g.hL * 0.1;
      const k = (g.hR - g.rNeck) / (g.hL - rim);
      if (u > rim) {
        rr = g.hR - (u - rim) * k;
        rp = -k;
      }
    } else if (g.headShape === 3) {
      rr = this.hexW;
      const ch = g.hL * 0.12;
      if (u < ch) {
        rr -= (ch - u) * 0.6;
        rp = 0.6;
      }
    } else {
      if (u < g.cornerA) {
        // Pan and button: an elliptical dome from the end face to the full radius.
        const t = (g.cornerA - u) / g.cornerA;
        const k = Math.sqrt(Math.max(1e-4, 1 - t * t));
        rr = g.hR - g.cornerR + g.cornerR * k;
        rp = Math.min(8, (g.cornerR * t) / (g.cornerA * k));
      } else if (u > g.hL - g.rBear) {
        const du = u - (g.hL - g.rBear);
        const k = Math.sqrt(Math.max(1e-6, g.rBear * g.rBear - du * du));
        rr = g.hR - g.rBear + k;
        rp = -Math.min(8, du / k);
      }
    }
    this.r = rr;
    this.slope = rp;
  }

  /** Signed distance (px) to the head without slot or fine rounding (for soft shadows). */
  coarse(u: number, v: number): number {
    const g = this.g;
    if (g.headShape !== 0) {
      this.profile(u);
      return Math.max(Math.abs(v) - this.r, -u, u - g.hL);
    }
    const px = Math.abs(u - g.hL * 0.5) - g.hL * 0.5;
    const py = Math.abs(v) - g.hR;
    const mx = px > 0 ? px : 0;
    const my = py > 0 ? py : 0;
    return Math.sqrt(mx * mx + my * my) + Math.min(Math.max(px, py), 0);
  }
}
