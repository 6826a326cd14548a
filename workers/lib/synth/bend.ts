/**
 * The bent-tip deformation (manipulated_front): points past the bend start are
 * mapped back into the straight screw's frame, like bending a rod around a pin.
 */
import { atan2 } from './detmath.ts';
import type { DefectParams } from './defects.ts';

/** Holds the last mapped point (px) and the local rotation (cos, sin) that normals must be turned by. */
export class BendWarp {
  /** Mapped u (px). */
  u = 0;
  /** Mapped v (px). */
  v = 0;
  /** Cosine of the local rotation of the bent part. */
  rc = 1;
  /** Sine of the local rotation of the bent part. */
  rs = 0;

  constructor(private readonly d: DefectParams) {}

  /** Maps (u, v) in px; the identity unless the defect bends the tip and the point lies past the bend start. */
  apply(u: number, v: number): void {
    const d = this.d;
    this.u = u;
    this.v = v;
    this.rc = 1;
    this.rs = 0;
    if (d.front !== 1 || u <= d.bendU) return;
    // The arc's centre sits on the inner side of the bend, bendR away from the axis.
    const sg = d.bendAngle > 0 ? 1 : -1;
    const R = d.bendR;
    const beta = Math.abs(d.bendAngle);
    const cu = u - d.bendU;
    const cv = v - sg * R;
    const a = atan2(cu, -sg * cv);
    if (a <= beta) {
      const rho = Math.sqrt(cu * cu + cv * cv);
      this.u = d.bendU + R * a;
      this.v = sg * (R - rho);
      this.rc = rho > 0 ? (-sg * cv) / rho : 1;
      this.rs = rho > 0 ? (sg * cu) / rho : 0;
      return;
    }
    // Past the arc the tip is straight again, rotated by the full bend angle.
    const cb = d.bendCos;
    const sb = Math.abs(d.bendSin);
    const eu = u - (d.bendU + R * sb);
    const ev = v - sg * R * (1 - cb);
    this.u = d.bendU + R * beta + eu * cb + ev * sg * sb;
    this.v = -eu * sg * sb + ev * cb;
    this.rc = cb;
    this.rs = sg * sb;
  }
}
