/**
 * Scene assembly: background plate, cast shadow, supersampled screw, camera
 * effects. Independent RNG forks per concern (geometry, defect, photometry,
 * background, noise) mean a defect kind changes only the defect's pixels.
 * A named style draws its look from one more fork ('style'), so the demo
 * style's streams, and hence its pixels, are exactly those of the original.
 */
import { createRng } from '../rng.ts';
import { renderBackground } from './background.ts';
import type { ScrewKind } from './defects.ts';
import { sampleDefect } from './defects.ts';
import { clamp01, cos, degToRad, sin, smoothstep } from './detmath.ts';
import { sampleGeometry } from './geometry.ts';
import { restyleGeometry } from './geometry-style.ts';
import type { Light } from './lighting.ts';
import type { Look } from './look.ts';
import { drawLook } from './look.ts';
import { developPhoto } from './photo.ts';
import { boxBlur, finishToBytes } from './post.ts';
import { ScrewSampler } from './shape.ts';
import { DEMO_STYLE, getStyle } from './styles.ts';

/** Where and how the screw was drawn (image px, degrees clockwise from +x since y points down). */
export interface ScrewMeta {
  kind: ScrewKind;
  angleDeg: number;
  centerX: number;
  centerY: number;
  lengthPx: number;
  blurred: boolean;
  /** Style name ('demo' for the original look). */
  style: string;
}

/** Small per-frame perturbation for video: offsets in px and degrees; `frame` reseeds the sensor noise. */
export interface FrameJitter {
  dx: number;
  dy: number;
  dAngleDeg: number;
  frame: number;
}

/** Scene request: any even or odd width/height ≥ 16 px; `style` defaults to 'demo' (see styles.ts). */
export interface SceneOptions {
  seed: number;
  kind: ScrewKind;
  width: number;
  height: number;
  jitter?: FrameJitter;
  style?: string;
}

/** A rendered 8-bit image, row-major: one grey byte per pixel, or three (RGB) where `channels` is 3. */
export interface SceneResult {
  pixels: Uint8Array<ArrayBuffer>;
  width: number;
  height: number;
  channels: 1 | 3;
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
  const style = opts.style ?? DEMO_STYLE;
  const spec = getStyle(style);
  const root = createRng(opts.seed);
  const geoRng = root.fork('geometry');
  const photo = root.fork('photo');
  const unit = Math.min(width, height);
  const styleRng = root.fork('style');
  const look: Look | null = spec ? drawLook(spec, styleRng) : null;

  let L = unit * 0.6 * geoRng.range(0.87, 1.13);
  if (look) L *= look.lengthK;
  const g0 = sampleGeometry(geoRng, L);
  const g = look ? restyleGeometry(g0, look, styleRng) : g0;
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

  const defect = sampleDefect(kind, g, root.fork('defect'), look?.defect);
  const keyAz = 225 + photo.range(-15, 15);
  const demoLights = [
    light(keyAz, 45 + photo.range(-5, 5), 0.7),
    light(45 + photo.range(-20, 20), 35, 0.3),
    light(0, 90, 0.38),
  ];
  const lights = look ? look.lights : demoLights;
  const demoShadow = photo.range(0.2, 0.3);
  const shadowStrength = look ? look.shadow : demoShadow;
  const contrast = photo.range(0.92, 1.08);
  const brightness = photo.range(-0.04, 0.04);
  const noiseSd = photo.range(1.5, 4) / 255;
  const blurred = photo.chance(0.1);
  // Mild defocus: σ ≈ 0.8 px (one box pass) or ≈ 1.15 px (two) at 256 px, scaled with the image.
  const blurR = blurred ? Math.max(1, Math.round(unit / 256)) : 0;
  const blurPasses = photo.chance(0.5) ? 1 : 2;

  const plate = look ? { base: look.plateBase, texture: look.plateTexture } : undefined;
  const img = renderBackground(root.fork('background'), width, height, plate);
  const metal = look ? new Float32Array(width * height) : null;
  const surface = look
    ? { gloss: look.material.gloss, sheen: look.material.sheen, envBase: look.envBase, envUp: look.envUp }
    : undefined;
  const sampler = new ScrewSampler(g, defect, lights, ct, st, surface);
  const key = lights[0] as Light;
  const keyH = Math.sqrt(key.x * key.x + key.y * key.y);
  const off = look ? g.rMaj * 0.8 * look.shadowReach : g.rMaj * 0.8;
  const ox = (-key.x / keyH) * off;
  const oy = (-key.y / keyH) * off;
  const ou = ox * ct + oy * st;
  const ov = -ox * st + oy * ct;
  const shadowBlur = look ? g.rMaj * 0.8 * look.shadowSoft : g.rMaj * 0.8;
  // Keystone: a slightly tilted camera sees the part through a projective map about the frame centre.
  const kx = look ? look.perspX / unit : 0;
  const ky = look ? look.perspY / unit : 0;
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
    let dy = y + 0.5 - cy;
    for (let x = 0; x < width; x++) {
      let dx = x + 0.5 - cx;
      if (look) {
        const px = x + 0.5 - width / 2;
        const py = y + 0.5 - height / 2;
        const wq = 1 / (1 + kx * px + ky * py);
        dx = px * wq + width / 2 - cx;
        dy = py * wq + height / 2 - cy;
      }
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
      let accM = 0;
      for (let k = 0; k < n * n; k++) {
        sampler.eval(u + (subU[k] as number), v + (subV[k] as number), true);
        const cov = clamp01(0.5 - sampler.sdf * n);
        const m = cov * sampler.shade;
        acc += m + (1 - cov) * bg;
        accM += m;
      }
      img[idx] = acc * invN2;
      if (metal) metal[idx] = accM * invN2;
    }
  }

  const noiseRng = root.fork(jit ? `noise/${jit.frame}` : 'noise');
  let pixels: Uint8Array<ArrayBuffer>;
  if (look && metal) {
    pixels = developPhoto(img, metal, width, height, look, contrast, brightness, noiseRng);
  } else {
    if (blurR > 0) boxBlur(img, width, height, blurR, blurPasses);
    pixels = finishToBytes(img, contrast, brightness, noiseSd, noiseRng);
  }
  return {
    pixels,
    width,
    height,
    channels: look?.colour ? 3 : 1,
    meta: {
      kind,
      angleDeg,
      centerX: cx,
      centerY: cy,
      lengthPx: L,
      blurred: look ? look.blurSigma > 0.45 : blurred,
      style,
    },
  };
}
