/**
 * One image's concrete look, drawn from a style's ranges: material, lights,
 * plate, shadow and camera. The draws come from their own RNG fork, so the
 * geometry, defect and noise streams stay those of the demo renderer.
 */
import type { Rng } from '../rng.ts';
import { cos, degToRad, sin } from './detmath.ts';
import type { Light } from './lighting.ts';
import type { Drive, Finish, HeadShape, Lighting, Range, Rgb, StyleSpec } from './style-types.ts';

/** Material of a finish: Blinn-Phong weights, environment mirror share and colour. */
export interface Material {
  albedo: number;
  spec: number;
  /** Weight of the tight highlight lobe (demo 1) and of the broad sheen (demo 0.12). */
  gloss: number;
  sheen: number;
  /** Multiplier on the mirrored room and plate (demo 1). */
  env: number;
  tint: Rgb;
}

/** Per-image defect multipliers around the demo drawing (all 1 and shift 0 reproduce it). */
export interface DefectVariation {
  size: number;
  contrast: number;
  /** Position offset as a fraction (-1..1) of the defect's allowed range. */
  shift: number;
  shape: number;
}

/** Everything a style decides for one image. */
export interface Look {
  head: HeadShape;
  drive: Drive;
  lengthK: number;
  diameterK: number;
  pitchK: number;
  threaded: number;
  material: Material;
  lights: Light[];
  /** Environment light base and up-facing share (demo 0.1 and 0.12). */
  envBase: number;
  envUp: number;
  plateBase: Range;
  plateTint: Rgb;
  plateTexture: number;
  shadow: number;
  /** Shadow offset and softness as multipliers of the demo's. */
  shadowReach: number;
  shadowSoft: number;
  /** Light falloff across the frame: strength 0..1 and hotspot direction (rad). */
  falloff: number;
  falloffAngle: number;
  blurSigma: number;
  noiseSd: number;
  jpegQuality: number;
  /** Keystone coefficients (per px of the frame's short side). */
  perspX: number;
  perspY: number;
  colour: boolean;
  defect: DefectVariation;
}

const MATERIALS: Record<Finish, Omit<Material, 'albedo' | 'spec'> & { albedo: Range; spec: Range }> = {
  'bright-zinc': {
    albedo: [0.28, 0.34],
    spec: [0.9, 1.1],
    gloss: 1,
    sheen: 0.12,
    env: 1.1,
    tint: [0.94, 0.98, 1.06],
  },
  'black-oxide': {
    albedo: [0.05, 0.08],
    spec: [0.4, 0.6],
    gloss: 0.5,
    sheen: 0.25,
    env: 0.3,
    tint: [0.86, 0.88, 0.93],
  },
  brass: { albedo: [0.34, 0.42], spec: [0.7, 0.9], gloss: 0.8, sheen: 0.2, env: 0.9, tint: [1.2, 0.96, 0.5] },
  stainless: { albedo: [0.22, 0.28], spec: [0.85, 1], gloss: 1, sheen: 0.1, env: 1, tint: [1, 1, 1.03] },
  matte: {
    albedo: [0.42, 0.52],
    spec: [0.06, 0.12],
    gloss: 0.1,
    sheen: 0.6,
    env: 0.6,
    tint: [1, 0.99, 0.96],
  },
};

const draw = (rng: Rng, r: Range): number => rng.range(r[0], r[1]);

function light(azDeg: number, elDeg: number, intensity: number): Light {
  const az = degToRad(azDeg);
  const el = degToRad(elDeg);
  return { x: cos(el) * cos(az), y: cos(el) * sin(az), z: sin(el), intensity };
}

type Rig = Pick<Look, 'lights' | 'envBase' | 'envUp' | 'shadowReach' | 'shadowSoft' | 'falloff'>;

/** Light rigs: a key light's azimuth is random, so shadows fall in any direction. */
function rig(kind: Lighting, rng: Rng): Rig {
  const az = rng.range(0, 360);
  if (kind === 'ring') {
    const lights = Array.from({ length: 8 }, (_, k) => light(az + k * 45, rng.range(50, 62), 0.13));
    return { lights, envBase: 0.09, envUp: 0.1, shadowReach: 0.25, shadowSoft: 1.6, falloff: 0 };
  }
  if (kind === 'side') {
    const lights = [light(az, rng.range(12, 24), 0.95), light(az + 180, 35, 0.08)];
    return {
      lights,
      envBase: 0.04,
      envUp: 0.05,
      shadowReach: 2.2,
      shadowSoft: 0.8,
      falloff: rng.range(0, 0.1),
    };
  }
  if (kind === 'diffuse') {
    const lights = [light(0, 90, 0.3), light(az, 45, 0.1), light(az + 180, 45, 0.1)];
    return { lights, envBase: 0.2, envUp: 0.26, shadowReach: 0.3, shadowSoft: 2.6, falloff: 0 };
  }
  const lights = [light(az, rng.range(35, 50), 0.78), light(az + 150, 30, 0.15)];
  return {
    lights,
    envBase: 0.08,
    envUp: 0.1,
    shadowReach: 1.2,
    shadowSoft: 1,
    falloff: rng.range(0.25, 0.45),
  };
}

/** Draws one image's look from `style`; `rng` should be a fork used for nothing else. */
export function drawLook(style: StyleSpec, rng: Rng): Look {
  const finish = rng.pick(style.finishes);
  const m = MATERIALS[finish];
  const lighting = rig(rng.pick(style.lighting), rng);
  const jpegOn = style.jpeg[1] > 0;
  const persp = draw(rng, style.perspective);
  const pa = degToRad(rng.range(0, 360));
  const d = style.defects;
  return {
    head: rng.pick(style.heads),
    drive: rng.pick(style.drives),
    lengthK: draw(rng, style.length),
    diameterK: draw(rng, style.diameter),
    pitchK: draw(rng, style.pitch),
    threaded: draw(rng, style.threaded),
    material: {
      albedo: draw(rng, m.albedo),
      spec: draw(rng, m.spec),
      gloss: m.gloss,
      sheen: m.sheen,
      env: m.env,
      tint: m.tint,
    },
    ...lighting,
    envBase: lighting.envBase * m.env,
    envUp: lighting.envUp * m.env,
    plateBase: style.plate.base,
    plateTint: rng.pick(style.plate.tints),
    plateTexture: draw(rng, style.plate.texture),
    shadow: draw(rng, style.shadow),
    falloffAngle: rng.range(0, 6.283185307179586),
    blurSigma: draw(rng, style.blur),
    noiseSd: draw(rng, style.noise) / 255,
    jpegQuality: jpegOn ? Math.round(draw(rng, style.jpeg)) : 0,
    perspX: persp * cos(pa),
    perspY: persp * sin(pa),
    colour: style.colour,
    defect: {
      size: draw(rng, d.size),
      contrast: draw(rng, d.contrast),
      shift: draw(rng, d.shift),
      shape: draw(rng, d.shape),
    },
  };
}
