/**
 * Per-sample evaluation of one screw in its canonical frame (axis along +u from
 * the head end at u = 0): a signed distance (px, negative inside) for anti-aliased
 * coverage and shadows, plus a shaded metal intensity (0..1).
 */
import { BendWarp } from './bend.ts';
import type { DefectParams } from './defects.ts';
import { clamp01, noise1, smoothstep } from './detmath.ts';
import type { ScrewGeom } from './geometry.ts';
import { HeadProbe } from './head.ts';
import type { Light, Surface } from './lighting.ts';
import { LightRig } from './lighting.ts';
import { ScratchProbe } from './scratch.ts';

/** Evaluates the screw at canonical points; results land in `sdf` and `shade` to avoid allocations. */
export class ScrewSampler {
  /** Signed distance to the silhouette at the last evaluated point (px). */
  sdf = 0;
  /** Metal intensity at the last evaluated point (0..1; meaningful where sdf < 1). */
  shade = 0;
  private readonly rig: LightRig;
  private readonly bend: BendWarp;
  private readonly head: HeadProbe;
  private readonly scratch: ScratchProbe;

  /** `cosT`/`sinT`: rotation of the canonical u axis in the image (for the lights); `surface` defaults to the demo's. */
  constructor(
    private readonly g: ScrewGeom,
    private readonly d: DefectParams,
    lights: readonly Light[],
    cosT: number,
    sinT: number,
    surface?: Surface,
  ) {
    this.rig = new LightRig(lights, cosT, sinT, surface);
    this.bend = new BendWarp(d);
    this.head = new HeadProbe(g);
    this.scratch = new ScratchProbe(d);
  }

  /** Evaluates the point (u, v) in px; with `wantShade` false only `sdf` is computed. */
  eval(u0: number, v0: number, wantShade: boolean): void {
    const g = this.g;
    const d = this.d;
    const bend = this.bend;
    bend.apply(u0, v0);
    const u = bend.u;
    const v = bend.v;
    const av = v < 0 ? -v : v;
    const head = this.head;
    head.probe(u, v);
    const sdH = head.sdf;
    const wallDepth = head.wallDepth;

    // Shank: neck, rolled thread, chamfered tip; a surface of revolution r(u, v).
    let sdS = 1e9;
    let r = g.rNeck;
    let ru = 0;
    let h = 1;
    let rough = 0;
    let scuff = 0;
    let gouge = 0;
    let facet = 0;
    let cutRim = 0;
    let thread = 0;
    if (u > g.hL * 0.5) {
      const s = v / g.rMaj < -1 ? -1 : v / g.rMaj > 1 ? 1 : v / g.rMaj;
      // Helix seen from above: the crest on the far (-v) side lags half a turn behind the near (+v) side.
      const ph = (u - g.neckEnd) / g.pitch + 0.25 * (1 - s) + g.phase0;
      const c = ph - Math.floor(ph);
      const dd = c < 0.5 ? c : 1 - c;
      const t = clamp01((dd - 0.05) / 0.4);
      h = 1 - t * t * (3 - 2 * t);
      let hu = t > 0 && t < 1 ? (((-6 * t * (1 - t)) / 0.4) * (c < 0.5 ? 1 : -1)) / g.pitch : 0;
      if (d.sideSign !== 0 && u > d.sideU0 - g.pitch && u < d.sideU1 + g.pitch) {
        const win =
          smoothstep(d.sideU0 - 0.3 * g.pitch, d.sideU0 + 0.3 * g.pitch, u) *
          (1 - smoothstep(d.sideU1 - 0.3 * g.pitch, d.sideU1 + 0.3 * g.pitch, u));
        const amt =
          d.sideDepth *
          win *
          smoothstep(-0.05, 0.45, d.sideSign * s) *
          (0.75 + 0.25 * noise1(d.noise, (u / g.pitch) * 1.7));
        const hd = 0.05 + 0.15 * (0.5 + 0.5 * noise1(d.noise, (u / g.pitch) * 3.1 + 17));
        if (h > hd) h += (hd - h) * amt;
        hu *= 1 - amt;
        // Beyond shearing the crests off, the blow dents the core itself.
        gouge = amt * d.sideGouge * (0.7 + 0.3 * noise1(d.noise, (u / g.pitch) * 2.3 + 31));
        rough = amt;
        facet = amt * smoothstep(0.1, 0.45, d.sideSign * s);
      }
      if (d.topAu > 0) {
        const eu = (u - d.topU) / d.topAu;
        const ev = (v - d.topV) / d.topAv;
        const e = (eu * eu + ev * ev) * (1 + 0.3 * noise1(d.noise, (u * 0.7 + v * 1.3) / g.pitch + 40));
        const m = 1 - smoothstep(0.5, 1, e);
        if (m > 0 && h > d.topFlat) {
          h += (d.topFlat - h) * m;
          hu *= 1 - m;
        }
        scuff = m;
      }
      if (d.front >= 2) {
        // Crushing flattens the last turns into a shiny, scuffed stub; a clean cut barely touches them.
        const crushed = d.front === 3;
        const m = smoothstep(d.cutU - g.pitch * (crushed ? 2.2 : 0.6), d.cutU, u);
        const flat = crushed ? 0.25 : 0.8;
        if (h > flat) h += (flat - h) * m;
        hu *= 1 - m;
        rough = Math.max(rough, m * (crushed ? 0.5 : 0.3));
        if (crushed) scuff = Math.max(scuff, m * 0.5);
      }
      const runIn = smoothstep(g.neckEnd - g.pitch * 0.3, g.neckEnd + g.pitch * 0.7, u);
      thread = runIn;
      const amp = g.rMaj - g.rMin;
      r = g.rNeck + (g.rMin + amp * h - g.rNeck) * runIn - gouge;
      ru = amp * hu * runIn;
      if (d.front >= 2) r += d.burr * smoothstep(d.cutU - g.pitch * (d.front === 3 ? 1.5 : 0.5), d.cutU, u);
      if (u > g.tipStart && d.front < 2) {
        const k = (g.rMaj - g.tipR) / (g.L - g.tipStart);
        const tr = g.tipR + k * (g.L - u);
        if (tr < r) {
          r = tr;
          ru = -k;
        }
      }
      sdS = (av - r) / Math.sqrt(1 + ru * ru);
      sdS = Math.max(sdS, u - g.L, g.hL * 0.5 - u);
      if (d.front >= 2) {
        const jag =
          noise1(d.noise, (v / g.rMaj) * (d.front === 3 ? 3 : 2) + 9) *
          g.pitch *
          (d.front === 3 ? 0.22 : 0.1);
        const cd = u - d.cutU + v * d.cutSlope + jag;
        sdS = Math.max(sdS, cd * 0.85);
        cutRim = 1 - smoothstep(0, 0.5 * g.pitch, -cd);
      }
    }

    // Where both overlap the head is the taller surface, so it is what the camera sees.
    const headWins = sdH < 0 || sdH <= sdS;
    this.sdf = headWins ? sdH : sdS;
    if (!wantShade) return;

    let nu: number;
    let nv: number;
    let nz: number;
    let ao: number;
    if (headWins && wallDepth >= 0) {
      // Slot wall: a plane facing up out of the slot, darker the deeper we look.
      const sgn = head.wallSin >= 0 ? 1 : -1;
      nu = 0;
      nv = head.wallCos * sgn;
      nz = Math.abs(head.wallSin);
      ao = 0.55 - 0.35 * clamp01(wallDepth * 1.5);
    } else {
      const rad = headWins ? head.r : r;
      const slope = headWins ? head.slope : ru;
      let s = v / rad;
      s = s < -0.995 ? -0.995 : s > 0.995 ? 0.995 : s;
      const inv = 1 / Math.sqrt(1 + slope * slope);
      nu = -slope * inv;
      nv = s * inv;
      nz = Math.sqrt(1 - s * s) * inv;
      if (headWins && head.faceSet) {
        nv = head.faceNv * inv;
        nz = head.faceNz * inv;
      }
      if (facet > 0) {
        // The sheared flank: a flat facet facing up and out on the damaged side.
        const fv = d.sideSign * 0.7;
        const fz = 0.71;
        nu *= 1 - facet;
        nv += (fv - nv) * facet;
        nz += (fz - nz) * facet;
        const len = Math.sqrt(nu * nu + nv * nv + nz * nz);
        nu /= len;
        nv /= len;
        nz /= len;
      }
      ao = headWins ? 1 : 1 - thread * 0.5 * (1 - h);
    }
    // Back from the bent tip's local frame to the canonical one.
    const tu = nu * bend.rc - nv * bend.rs;
    nv = nu * bend.rs + nv * bend.rc;
    nu = tu;

    let I = this.rig.shade(nu, nv, nz, g.albedo, g.spec) * ao;
    // Uneven plating and tarnish: slow brightness drift along and around the screw.
    I *=
      1 +
      0.06 * noise1(g.finish, (u / g.L) * 9) +
      0.03 * noise1(g.finish, (u / g.L) * 23 + (v / g.rMaj) * 1.7 + 30);
    // Inside the slot, light bounces between the walls: never pitch black, darker deeper down.
    if (headWins && wallDepth >= 0) I = I * 0.6 + 0.22 * (1 - clamp01(wallDepth));
    if (thread < 1) {
      // Lathe marks on the turned head and neck: faint rings, i.e. lines across the axis.
      I *= 1 + (1 - thread) * 0.06 * noise1(d.noise, (u / g.pitch) * 7 + 51);
    }
    if (rough > 0) I += rough * 0.16 * noise1(d.noise, ((u * 2.3 + v * 3.7) / g.pitch) * 2 + 5);
    if (scuff > 0) {
      const streak = noise1(d.noise, ((u * d.streakCv - v * d.streakCu) / g.pitch) * 4 + 23);
      I += scuff * (0.1 + 0.05 * streak);
    }
    // Freshly sheared steel along a cut edge is brighter than the rolled surface.
    if (cutRim > 0) I += 0.22 * cutRim;
    if (this.scratch.near(u, v) && !(headWins && wallDepth >= 0)) {
      this.scratch.probe(u, v);
      I = clamp01(I);
      I += this.scratch.lit * (1 - I) - this.scratch.dark * I;
    }
    this.shade = clamp01(I);
  }

  /**
   * Signed distance (px) to a thread-less stand-in of the screw (shank at the major
   * radius). Shadows and contact darkening use it: their softness hides the threads,
   * and the exact thread distance is too wiggly away from the surface.
   */
  coarseSdf(u0: number, v0: number): number {
    const g = this.g;
    const d = this.d;
    this.bend.apply(u0, v0);
    const u = this.bend.u;
    const av = Math.abs(this.bend.v);
    const sdH = this.head.coarse(u, this.bend.v);
    let r = g.rMaj;
    if (d.front >= 2) r += d.burr * smoothstep(d.cutU - g.pitch * (d.front === 3 ? 1.5 : 0.5), d.cutU, u);
    let slope = 0;
    if (u > g.tipStart && d.front < 2) {
      slope = (g.rMaj - g.tipR) / (g.L - g.tipStart);
      r = Math.min(r, g.tipR + slope * (g.L - u));
    }
    let sdS = Math.max((av - r) / Math.sqrt(1 + slope * slope), u - g.L, g.hL * 0.5 - u);
    if (d.front >= 2) sdS = Math.max(sdS, (u - d.cutU + this.bend.v * d.cutSlope) * 0.85);
    return Math.min(sdH, sdS);
  }
}
