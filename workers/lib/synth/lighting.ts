/**
 * The light rig of the simulated inspection station, evaluated in the screw's
 * canonical frame: Blinn-Phong lights plus a soft environment term for steel.
 */

/** A directional light: unit direction towards the light (image x right, y down, z to camera) and intensity. */
export interface Light {
  x: number;
  y: number;
  z: number;
  intensity: number;
}

/** Gloss and environment of a surface; the defaults are the demo's steel. */
export interface Surface {
  /** Weight of the tight highlight lobe (default 1) and of the broad sheen (default 0.12). */
  gloss: number;
  sheen: number;
  /** Environment light: base and up-facing share (defaults 0.1 and 0.12). */
  envBase: number;
  envUp: number;
}

const AMBIENT = 0.03;
const DEMO_SURFACE: Surface = { gloss: 1, sheen: 0.12, envBase: 0.1, envUp: 0.12 };

/** Lights rotated into the canonical frame once per image, so per-sample shading is a few dot products. */
export class LightRig {
  private readonly lu: Float64Array;
  private readonly lv: Float64Array;
  private readonly lz: Float64Array;
  private readonly hu: Float64Array;
  private readonly hv: Float64Array;
  private readonly hz: Float64Array;
  private readonly li: Float64Array;

  private readonly surface: Surface;

  /** `cosT`/`sinT`: rotation of the canonical u axis in the image. */
  constructor(lights: readonly Light[], cosT: number, sinT: number, surface: Surface = DEMO_SURFACE) {
    this.surface = surface;
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

  /** Intensity (≈0..1) of steel with unit normal (nu, nv, nz), diffuse `albedo` and specular strength `spec`. */
  shade(nu: number, nv: number, nz: number, albedo: number, spec: number): number {
    const { gloss, sheen, envBase, envUp } = this.surface;
    let diff = 0;
    let sp = 0;
    for (let i = 0; i < this.li.length; i++) {
      const li = this.li[i] as number;
      const nl = nu * (this.lu[i] as number) + nv * (this.lv[i] as number) + nz * (this.lz[i] as number);
      if (nl > 0) diff += li * nl;
      const nh = nu * (this.hu[i] as number) + nv * (this.hv[i] as number) + nz * (this.hz[i] as number);
      if (nh > 0) {
        const n2 = nh * nh;
        const n4 = n2 * n2;
        const n8 = n4 * n4;
        const n16 = n8 * n8;
        // A tight ^32 lobe for polished crests plus a broad ^4 sheen for the rolled steel.
        sp += li * (gloss * n16 * n16 + sheen * n4);
      }
    }
    // Steel also mirrors the bright plate and room around it; surfaces facing up see more of it.
    const env = envBase + envUp * nz;
    return AMBIENT + env + albedo * diff + spec * sp;
  }
}
