/**
 * A simulated inspection camera: a seeded sequence of screws, each held in view
 * for a few frames with slight jitter and fresh sensor noise, plus ground truth.
 */
import { createRng } from '../rng.ts';
import type { ScrewKind } from './defects.ts';
import { DEFECT_TYPES } from './defects.ts';
import type { SceneResult } from './render.ts';
import { renderScene } from './render.ts';

/** Sequence request: `frames` total, `holdFrames` per screw, `defectRatio` 0..1 of the screws. */
export interface CameraPlanOptions {
  frames: number;
  seed: number;
  defectRatio: number;
  holdFrames?: number;
}

/** One video frame: which screw (render seed, kind) and how it is jittered (px, degrees). */
export interface CameraFrame {
  frame: number;
  screw: number;
  kind: ScrewKind;
  label: 'good' | 'bad';
  seed: number;
  dx: number;
  dy: number;
  dAngleDeg: number;
}

/** Plans the frames; defects rotate through all five types, and the screw order is shuffled by `seed`. */
export function planCameraSequence(opts: CameraPlanOptions): CameraFrame[] {
  const hold = opts.holdFrames ?? 5;
  if (!Number.isInteger(opts.frames) || opts.frames < 0)
    throw new RangeError(`camera: frames must be an integer ≥ 0`);
  if (!Number.isInteger(hold) || hold < 1) throw new RangeError(`camera: holdFrames must be an integer ≥ 1`);
  const rng = createRng(opts.seed).fork('camera');
  const screws = Math.ceil(opts.frames / hold);
  const nBad = Math.round(screws * opts.defectRatio);
  const kinds: ScrewKind[] = [];
  for (let i = 0; i < screws; i++)
    kinds.push(i < nBad ? (DEFECT_TYPES[i % DEFECT_TYPES.length] as ScrewKind) : 'good');
  rng.shuffle(kinds);
  const out: CameraFrame[] = [];
  for (let s = 0; s < screws; s++) {
    const kind = kinds[s] as ScrewKind;
    const seed = rng.uint32();
    for (let k = 0; k < hold && out.length < opts.frames; k++) {
      // Sub-pixel wobble: vibration of the conveyor and the camera mount.
      out.push({
        frame: out.length,
        screw: s,
        kind,
        label: kind === 'good' ? 'good' : 'bad',
        seed,
        dx: rng.normal(0, 0.6),
        dy: rng.normal(0, 0.6),
        dAngleDeg: rng.normal(0, 0.4),
      });
    }
  }
  return out;
}

/**
 * Renders one planned frame at `width`×`height` px in `style` (default 'demo'); jitter
 * offsets scale with the frame size relative to 480 px.
 */
export function renderCameraFrame(
  f: CameraFrame,
  width: number,
  height: number,
  style?: string,
): SceneResult {
  const k = Math.min(width, height) / 480;
  return renderScene({
    seed: f.seed,
    kind: f.kind,
    width,
    height,
    style,
    jitter: { dx: f.dx * k, dy: f.dy * k, dAngleDeg: f.dAngleDeg, frame: f.frame },
  });
}
