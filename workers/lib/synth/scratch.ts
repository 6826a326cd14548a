/** Scratch marks (scratch_head, scratch_neck) as grooves with a lit and a shaded wall. */
import { clamp01, noise1, smoothstep } from './detmath.ts';
import type { DefectParams } from './defects.ts';

/** Probes the defect's scratch segments; results land in `lit` and `dark` (0..1) to avoid allocations. */
export class ScratchProbe {
  /** How strongly the lit groove wall brightens the surface (0..1). */
  lit = 0;
  /** How strongly the shaded groove wall darkens the surface (0..1). */
  dark = 0;

  constructor(private readonly d: DefectParams) {}

  /** true when (u, v) px may be near a scratch (cheap box test). */
  near(u: number, v: number): boolean {
    const d = this.d;
    return u > d.sU0 && u < d.sU1 && v > d.sV0 && v < d.sV1;
  }

  /**
   * Sets `lit`/`dark` from the strongest scratch at (u, v) px. Having both walls keeps
   * a groove visible on bright and dark metal alike; it is patchy along its length
   * where the tool skipped.
   */
  probe(u: number, v: number): void {
    const seg = this.d.scratch;
    const w = this.d.scratchW;
    let lit = 0;
    let dark = 0;
    for (let i = 0; i + 4 < seg.length; i += 5) {
      const ax = seg[i] as number;
      const ay = seg[i + 1] as number;
      const bx = (seg[i + 2] as number) - ax;
      const by = (seg[i + 3] as number) - ay;
      const len2 = bx * bx + by * by;
      const t = clamp01(((u - ax) * bx + (v - ay) * by) / len2);
      const dx = u - ax - bx * t;
      const dy = v - ay - by * t;
      const dist = Math.sqrt(dx * dx + dy * dy);
      if (dist > 3 * w) continue;
      const gain = seg[i + 4] as number;
      // Signed offset across the groove; the gain's sign says which wall faces the light.
      const side = ((bx * (v - ay) - by * (u - ax)) / Math.sqrt(len2)) * (gain < 0 ? -1 : 1);
      const past = dist - Math.abs(side); // > 0 beyond the segment's ends
      const along = Math.abs(gain) * (0.7 + 0.3 * noise1(this.d.noise, t * 3 + i * 0.37));
      const l = along * (1 - smoothstep(0, 0.8 * w, Math.abs(side - 0.45 * w) + past));
      const k = along * (1 - smoothstep(0, 0.8 * w, Math.abs(side + 0.55 * w) + past));
      if (l > lit) lit = l;
      if (k > dark) dark = k;
    }
    this.lit = lit;
    this.dark = dark;
  }
}
