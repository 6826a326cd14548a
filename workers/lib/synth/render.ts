/**
 * Scene assembly: background plate, cast shadow, supersampled screw, camera
 * effects. Independent RNG forks per concern (geometry, defect, photometry,
 * background, noise) mean a defect kind changes only the defect's pixels.
 */
import { createRng } from '../rng.ts';
import { renderBackground } from './background.ts';
import type { ScrewKind } from './defects.ts';
import { sampleDefect } from './defects.ts';
import { clamp01, cos, degToRad, sin, smoothstep } from './detmath.ts';
import { sampleGeometry } from './geometry.ts';
import { boxBlur, finishToBytes } from './post.ts';
import type { Light } from './lighting.ts';
import { ScrewSampler } from './shape.ts';

/** Where and how the screw was drawn (image px, degrees clockwise from +x since y points down). */
export interface ScrewMeta {
  kind: ScrewKind;
  angleDeg: number;
  centerX: number;
  centerY: number;
  lengthPx: number;
  blurred: boolean;
}

/** Small per-frame perturbation for video: offsets in px and degrees; `frame` reseeds the sensor noise. */
export interface FrameJitter {
  dx: number;
  dy: number;
  dAngleDeg: number;
  frame: number;
}

/** Scene request: any even or odd width/height ≥ 16 px. */
export interface SceneOptions {
  seed: number;
  kind: ScrewKind;
  width: number;
  height: number;
  jitter?: FrameJitter;
}

/** A rendered 8-bit grayscale image (row-major, one byte per pixel) and its metadata. */
export interface SceneResult {
  pixels: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  meta: ScrewMeta;
}

function light(azDeg: number, elDeg: number, intensity: number): Light {
  const az = degToRad(azDeg);
  const el = degToRad(elDeg);
  return { x: cos(el) * cos(az), y: cos(el) * sin(az), z: sin(el), intensity };
}

/** Renders one screw photo; equal options give byte-identical pixels in any JS engine. */
export function renderScene(opts: SceneOptions): SceneResult {
  const { width, height, kind } = opts;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 16 || height < 16) {
    throw new RangeError(`renderScene: bad size ${width}x${height}`);
  }
  const root = createRng(opts.seed);
  const geoRng = root.fork('geometry');
  const photo = root.fork('photo');
  const unit = Math.min(width, height);

  const L = unit * 0.6 * geoRng.range(0.87, 1.13);
  const g = sampleGeometry(geoRng, L);
  const jit = opts.jitter;
  const angleDeg = (geoRng.range(0, 360) + (jit ? jit.dAngleDeg : 0) + 360) % 360;
  const th = degToRad(angleDeg);
  const ct = cos(th);
  const st = sin(th);
  // Room for the widest case (a bent tip) whatever the kind, so every kind shares one placement.
  const margin = unit * 0.03;
  const vExt = g.hR + 0.17 * L;
  const ex = (L / 2 + margin) * Math.abs(ct) + vExt * Math.abs(st) + margin;
  const ey = (L / 2 + margin) * Math.abs(st) + vExt * Math.abs(ct) + margin;
  const cxr = geoRng.next();
  const cyr = geoRng.next();
  const cx = (ex < width / 2 ? ex + (width - 2 * ex) * cxr : width / 2) + (jit ? jit.dx : 0);
  const cy = (ey < height / 2 ? ey + (height - 2 * ey) * cyr : height / 2) + (jit ? jit.dy : 0);

  const defect = sampleDefect(kind, g, root.fork('defect'));
  const keyAz = 225 + photo.range(-15, 15);
  const lights = [
    light(keyAz, 45 + photo.range(-5, 5), 0.7),
    light(45 + photo.range(-20, 20), 35, 0.3),
    light(0, 90, 0.38),
  ];
  const shadowStrength = photo.range(0.2, 0.3);
  const contrast = photo.range(0.92, 1.08);
  const brightness = photo.range(-0.04, 0.04);
  const noiseSd = photo.range(1.5, 4) / 255;
  const blurred = photo.chance(0.1);
  // Mild defocus: σ ≈ 0.8 px (one box pass) or ≈ 1.15 px (two) at 256 px, scaled with the image.
  const blurR = blurred ? Math.max(1, Math.round(unit / 256)) : 0;
  const blurPasses = photo.chance(0.5) ? 1 : 2;

  const img = renderBackground(root.fork('background'), width, height);
  const sampler = new ScrewSampler(g, defect, lights, ct, st);
  const key = lights[0] as Light;
  const keyH = Math.sqrt(key.x * key.x + key.y * key.y);
  const off = g.rMaj * 0.8;
  const ox = (-key.x / keyH) * off;
  const oy = (-key.y / keyH) * off;
  const ou = ox * ct + oy * st;
  const ov = -ox * st + oy * ct;
  const shadowBlur = g.rMaj * 0.8;
  const aoReach = g.rMaj * 0.5;

  const n = unit <= 400 ? 3 : 2;
  const subU = new Float64Array(n * n);
  const subV = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const sx = (i + 0.5) / n - 0.5;
      const sy = (j + 0.5) / n - 0.5;
      subU[j * n + i] = sx * ct + sy * st;
      subV[j * n + i] = -sx * st + sy * ct;
    }
  }
  const reach = off + shadowBlur * 2 + 2;
  const uMin = -reach;
  const uMax = L + reach;
  const vMax = vExt + reach;
  const invN2 = 1 / (n * n);

  for (let y = 0; y < height; y++) {
    const dy = y + 0.5 - cy;
    for (let x = 0; x < width; x++) {
      const dx = x + 0.5 - cx;
      const u = dx * ct + dy * st + L / 2;
      const v = -dx * st + dy * ct;
      if (u < uMin || u > uMax || v > vMax || v < -vMax) continue;
      const idx = y * width + x;
      const sdShadow = sampler.coarseSdf(u - ou, v - ov);
      const shadow = shadowStrength * (1 - smoothstep(-shadowBlur, shadowBlur * 1.5, sdShadow));
      const sdC = sampler.coarseSdf(u, v);
      const contact = 0.15 * (1 - smoothstep(-0.5, aoReach, sdC));
      const bg = (img[idx] as number) * (1 - shadow) * (1 - contact);
      if (sdC > 2) {
        img[idx] = bg;
        continue;
      }
      let acc = 0;
      for (let k = 0; k < n * n; k++) {
        sampler.eval(u + (subU[k] as number), v + (subV[k] as number), true);
        const cov = clamp01(0.5 - sampler.sdf * n);
        acc += cov * sampler.shade + (1 - cov) * bg;
      }
      img[idx] = acc * invN2;
    }
  }

  if (blurR > 0) boxBlur(img, width, height, blurR, blurPasses);
  const noiseRng = root.fork(jit ? `noise/${jit.frame}` : 'noise');
  const pixels = finishToBytes(img, contrast, brightness, noiseSd, noiseRng);
  return {
    pixels,
    width,
    height,
    meta: { kind, angleDeg, centerX: cx, centerY: cy, lengthPx: L, blurred },
  };
}
