/**
 * Per-sample evaluation of one screw in its canonical frame: a signed distance
 * (px, negative inside) for anti-aliased coverage and shadows, plus a shaded
 * metal intensity (0..1) from a small Blinn-Phong light rig.
 */
import { atan2, clamp01, smoothstep } from './detmath.ts';
import type { DefectParams } from './defects.ts';
import { noise1 } from './defects.ts';
import type { ScrewGeom } from './geometry.ts';

/** A directional light: unit direction towards the light (image x right, y down, z to camera) and intensity. */
export interface Light {
  x: number;
  y: number;
  z: number;
  intensity: number;
}

const AMBIENT = 0.03;

/** Evaluates the screw at canonical points; results land in `sdf` and `shade` to avoid allocations. */
export class ScrewSampler {
  /** Signed distance to the silhouette at the last evaluated point (px). */
  sdf = 0;
  /** Metal intensity at the last evaluated point (0..1; meaningful where sdf < 1). */
  shade = 0;
  private readonly lu: Float64Array;
  private readonly lv: Float64Array;
  private readonly lz: Float64Array;
  private readonly hu: Float64Array;
  private readonly hv: Float64Array;
  private readonly hz: Float64Array;
  private readonly li: Float64Array;
  // Scratch registers filled by warp().
  private wu = 0;
  private wv = 0;
  private rc = 1;
  private rs = 0;

  /** `cosT`/`sinT`: rotation of the canonical u axis in the image, so lights can be taken into the canonical frame once. */
  constructor(
    private readonly g: ScrewGeom,
    private readonly d: DefectParams,
    lights: readonly Light[],
    cosT: number,
    sinT: number,
  ) {
    const n = lights.length;
    this.lu = new Float64Array(n);
    this.lv = new Float64Array(n);
    this.lz = new Float64Array(n);
    this.hu = new Float64Array(n);
    this.hv = new Float64Array(n);
    this.hz = new Float64Array(n);
    this.li = new Float64Array(n);
    lights.forEach((l, i) => {
      const u = l.x * cosT + l.y * sinT;
      const v = -l.x * sinT + l.y * cosT;
      this.lu[i] = u;
      this.lv[i] = v;
      this.lz[i] = l.z;
      // Half vector with the camera looking straight down (view = +z).
      const hz = l.z + 1;
      const len = Math.sqrt(u * u + v * v + hz * hz);
      this.hu[i] = u / len;
      this.hv[i] = v / len;
      this.hz[i] = hz / len;
      this.li[i] = l.intensity;
    });
  }

  /** Maps a point into the unbent frame of a bent tip and records the local rotation for normals. */
  private warp(u: number, v: number): void {
    const d = this.d;
    this.wu = u;
    this.wv = v;
    this.rc = 1;
    this.rs = 0;
    if (d.front !== 1 || u <= d.bendU) return;
    const sg = d.bendAngle > 0 ? 1 : -1;
    const R = d.bendR;
    const beta = Math.abs(d.bendAngle);
    const cu = u - d.bendU;
    const cv = v - sg * R;
    const a = atan2(cu, -sg * cv);
    if (a <= beta) {
      const rho = Math.sqrt(cu * cu + cv * cv);
      this.wu = d.bendU + R * a;
      this.wv = sg * (R - rho);
      this.rc = rho > 0 ? (-sg * cv) / rho : 1;
      this.rs = rho > 0 ? (sg * cu) / rho : 0;
      return;
    }
    const cb = d.bendCos;
    const sb = Math.abs(d.bendSin);
    const eu = u - (d.bendU + R * sb);
    const ev = v - sg * R * (1 - cb);
    this.wu = d.bendU + R * beta + eu * cb + ev * sg * sb;
    this.wv = -eu * sg * sb + ev * cb;
    this.rc = cb;
    this.rs = sg * sb;
  }

  /** Evaluates the point (u, v) in px; with `wantShade` false only `sdf` is computed (for shadows). */
  eval(u0: number, v0: number, wantShade: boolean): void {
    const g = this.g;
    const d = this.d;
    this.warp(u0, v0);
    const u = this.wu;
    const v = this.wv;
    const av = v < 0 ? -v : v;

    // Head: rounded box in the (u, |v|) half-plane, minus the slot where we can see through it.
    const px = u - g.hL * 0.5;
    const cr = px < 0 ? g.rEnd : g.rBear;
    const qx = (px < 0 ? -px : px) - g.hL * 0.5 + cr;
    const qy = av - g.hR + cr;
    const mx = qx > 0 ? qx : 0;
    const my = qy > 0 ? qy : 0;
    let sdH = Math.sqrt(mx * mx + my * my) + Math.min(Math.max(qx, qy), 0) - cr;
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
    if (u < g.slotDepth && sdH < 1) {
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
        if (through) sdH = Math.max(sdH, Math.min(half - Math.abs(q), g.slotDepth - u));
      }
    }

    // Shank: neck, rolled thread, chamfered tip; a surface of revolution r(u, v).
    let sdS = 1e9;
    let r = g.rNeck;
    let ru = 0;
    let h = 1;
    let rough = 0;
    let scuff = 0;
    let gouge = 0;
    let facet = 0;
    let thread = 0;
    if (u > g.hL * 0.5) {
      const s = v / g.rMaj < -1 ? -1 : v / g.rMaj > 1 ? 1 : v / g.rMaj;
      // Helix seen from above: the crest on the far (-v) side lags half a turn behind the near (+v) side.
      const ph = (u - g.neckEnd) / g.pitch + 0.25 * (1 - s) + g.phase0;
      const c = ph - Math.floor(ph);
      const dd = c < 0.5 ? c : 1 - c;
      const t = clamp01((dd - 0.05) / 0.4);
      h = 1 - t * t * (3 - 2 * t);
      let hu = t > 0 && t < 1 ? ((-6 * t * (1 - t)) / 0.4) * (c < 0.5 ? 1 : -1) / g.pitch : 0;
      if (d.sideSign !== 0 && u > d.sideU0 - g.pitch && u < d.sideU1 + g.pitch) {
        const win = smoothstep(d.sideU0 - 0.3 * g.pitch, d.sideU0 + 0.3 * g.pitch, u) *
          (1 - smoothstep(d.sideU1 - 0.3 * g.pitch, d.sideU1 + 0.3 * g.pitch, u));
        const amt = d.sideDepth * win * smoothstep(-0.05, 0.45, d.sideSign * s) *
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
        // Crushing flattens the last turns before the cut.
        const m = smoothstep(d.cutU - g.pitch * (d.front === 3 ? 2.5 : 1), d.cutU, u);
        const flat = d.front === 3 ? 0.3 : 0.75;
        if (h > flat) h += (flat - h) * m;
        hu *= 1 - m;
        rough = Math.max(rough, m * (d.front === 3 ? 1 : 0.5));
      }
      const runIn = smoothstep(g.neckEnd - g.pitch * 0.3, g.neckEnd + g.pitch * 0.7, u);
      thread = runIn;
      const amp = g.rMaj - g.rMin;
      r = g.rNeck + (g.rMin + amp * h - g.rNeck) * runIn - gouge;
      ru = amp * hu * runIn;
      if (d.front >= 2) r += d.burr * smoothstep(d.cutU - g.pitch * 1.5, d.cutU, u);
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
        const jag = noise1(d.noise, (v / g.rMaj) * (d.front === 3 ? 3 : 2) + 9) * g.pitch * (d.front === 3 ? 0.22 : 0.1);
        sdS = Math.max(sdS, (u - d.cutU + v * d.cutSlope + jag) * 0.85);
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
      const sgn = g.slotSin >= 0 ? 1 : -1;
      nu = 0;
      nv = g.slotCos * sgn;
      nz = Math.abs(g.slotSin);
      ao = 0.45 * (1 - clamp01(wallDepth * 1.6));
    } else {
      const rad = headWins ? rr : r;
      const slope = headWins ? rp : ru;
      let s = v / rad;
      s = s < -0.995 ? -0.995 : s > 0.995 ? 0.995 : s;
      const inv = 1 / Math.sqrt(1 + slope * slope);
      nu = -slope * inv;
      nv = s * inv;
      nz = Math.sqrt(1 - s * s) * inv;
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
    const tu = nu * this.rc - nv * this.rs;
    nv = nu * this.rs + nv * this.rc;
    nu = tu;

    let diff = 0;
    let spec = 0;
    for (let i = 0; i < this.li.length; i++) {
      const li = this.li[i] as number;
      const nl = nu * (this.lu[i] as number) + nv * (this.lv[i] as number) + nz * (this.lz[i] as number);
      if (nl > 0) diff += li * nl;
      let nh = nu * (this.hu[i] as number) + nv * (this.hv[i] as number) + nz * (this.hz[i] as number);
      if (nh > 0) {
        const n2 = nh * nh;
        const n4 = n2 * n2;
        const n8 = n4 * n4;
        const n16 = n8 * n8;
        // A tight ^32 lobe for polished crests plus a broad ^4 sheen for the rolled steel.
        spec += li * (n16 * n16 + 0.12 * n4);
      }
    }
    // Steel also mirrors the bright plate and room around it; surfaces facing up see more of it.
    const env = 0.1 + 0.12 * nz;
    let I = (AMBIENT + env + g.albedo * diff + g.spec * spec) * ao;
    if (thread < 1) {
      // Lathe marks on the turned head and neck: faint rings, i.e. lines across the axis.
      I *= 1 + (1 - thread) * 0.06 * noise1(d.noise, (u / g.pitch) * 7 + 51);
    }
    if (rough > 0) I += rough * 0.16 * noise1(d.noise, ((u * 2.3 + v * 3.7) / g.pitch) * 2 + 5);
    if (scuff > 0) {
      const streak = noise1(d.noise, ((u * d.streakCv - v * d.streakCu) / g.pitch) * 6 + 23);
      I += scuff * (0.14 + 0.08 * streak);
    }
    if (u > d.sU0 && u < d.sU1 && v > d.sV0 && v < d.sV1) I += this.scratchAt(u, v);
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
    this.warp(u0, v0);
    const u = this.wu;
    const av = Math.abs(this.wv);
    const px = Math.abs(u - g.hL * 0.5) - g.hL * 0.5;
    const py = av - g.hR;
    const mx = px > 0 ? px : 0;
    const my = py > 0 ? py : 0;
    const sdH = Math.sqrt(mx * mx + my * my) + Math.min(Math.max(px, py), 0);
    let r = g.rMaj;
    if (d.front >= 2) r += d.burr * smoothstep(d.cutU - g.pitch * 1.5, d.cutU, u);
    let slope = 0;
    if (u > g.tipStart && d.front < 2) {
      slope = (g.rMaj - g.tipR) / (g.L - g.tipStart);
      r = Math.min(r, g.tipR + slope * (g.L - u));
    }
    let sdS = Math.max((av - r) / Math.sqrt(1 + slope * slope), u - g.L, g.hL * 0.5 - u);
    if (d.front >= 2) sdS = Math.max(sdS, (u - d.cutU + this.wv * d.cutSlope) * 0.85);
    return Math.min(sdH, sdS);
  }

  /** Intensity change (±) from the strongest scratch segment near (u, v). */
  private scratchAt(u: number, v: number): number {
    const seg = this.d.scratch;
    const w = this.d.scratchW;
    let best = 0;
    for (let i = 0; i + 4 < seg.length; i += 5) {
      const ax = seg[i] as number;
      const ay = seg[i + 1] as number;
      const bx = (seg[i + 2] as number) - ax;
      const by = (seg[i + 3] as number) - ay;
      const t = clamp01(((u - ax) * bx + (v - ay) * by) / (bx * bx + by * by));
      const dx = u - ax - bx * t;
      const dy = v - ay - by * t;
      const dist = Math.sqrt(dx * dx + dy * dy);
      if (dist > 3 * w) continue;
      // A groove: bright where its wall catches the light, a darker rim beside it,
      // and patchy along its length because the tool skipped.
      const core = 1 - smoothstep(0.2 * w, 1.1 * w, dist);
      const rim = smoothstep(0.6 * w, 1.3 * w, dist) * (1 - smoothstep(1.5 * w, 2.8 * w, dist));
      const along = 0.6 + 0.4 * noise1(this.d.noise, t * 3 + i * 0.37);
      const c = (seg[i + 4] as number) * along * (core - 0.35 * rim);
      if (Math.abs(c) > Math.abs(best)) best = c;
    }
    return best;
  }
}
