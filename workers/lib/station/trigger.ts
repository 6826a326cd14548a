/**
 * When a frame gets a verdict. Continuous: every frame with a part. Manual: the first frame after a
 * press. Stable: a part present and still for N frames in a row gets exactly one verdict, the way a
 * part set on a fixture is inspected; the next verdict waits until that part has left or moved.
 */
import type { Trigger } from './station-types.ts';

/** Where a part lies in a frame, as the trigger needs it (pixels, radians). */
export interface TriggerPart {
  found: boolean;
  cx: number;
  cy: number;
  angle: number;
  length: number;
}

/** How still "still" is. */
export interface StableOptions {
  /** frames in a row the part must stay still before its verdict */
  frames: number;
  /** the largest shift of the centre from where the streak began, as a share of the part's length */
  maxShift: number;
  /** the largest turn of the long axis from where the streak began, radians */
  maxTurn: number;
  /** frames in a row without a part before the part counts as gone (one lost frame is not a new part) */
  leaveFrames: number;
}

/** Defaults that hold a screw through camera vibration (about a pixel) and the part search's jitter. */
export const DEFAULT_STABLE: StableOptions = {
  frames: 3,
  maxShift: 0.04,
  maxTurn: (5 * Math.PI) / 180,
  leaveFrames: 2,
};

/**
 * What the trigger makes of a frame. 'inspect': run the model now. 'no-part': nothing to inspect.
 * 'settling': a part is in view but not yet still long enough. 'held': this part already has its verdict.
 * 'waiting': manual mode, no press pending.
 */
export type TriggerStep = 'inspect' | 'no-part' | 'settling' | 'held' | 'waiting';

/** The trigger's state machine; one per camera stream. */
export class FrameTrigger {
  #mode: Trigger;
  readonly #options: StableOptions;
  #anchor: TriggerPart | null = null;
  #streak = 0;
  #missing = 0;
  #spent = false;
  #pressed = false;

  constructor(mode: Trigger = 'continuous', options: Partial<StableOptions> = {}) {
    this.#mode = mode;
    this.#options = { ...DEFAULT_STABLE, ...options };
    if (!Number.isInteger(this.#options.frames) || this.#options.frames < 1)
      throw new RangeError(`The stable trigger needs at least 1 frame, got ${this.#options.frames}.`);
  }

  /** The current mode. */
  get mode(): Trigger {
    return this.#mode;
  }

  /** Switches mode; the state starts afresh so a part already judged can be judged again. */
  setMode(mode: Trigger): void {
    if (mode === this.#mode) return;
    this.#mode = mode;
    this.reset();
  }

  /** Forgets the part in view and any pending press. */
  reset(): void {
    this.#anchor = null;
    this.#streak = 0;
    this.#missing = 0;
    this.#spent = false;
    this.#pressed = false;
  }

  /** Manual mode: the next frame is inspected (a press without a part in view answers 'no-part'). */
  press(): void {
    this.#pressed = true;
  }

  /** Feeds one frame's part; says whether the frame gets a verdict. */
  observe(part: TriggerPart): TriggerStep {
    if (this.#mode === 'continuous') return part.found ? 'inspect' : 'no-part';
    if (this.#mode === 'manual') {
      if (!this.#pressed) return part.found ? 'waiting' : 'no-part';
      this.#pressed = false;
      return part.found ? 'inspect' : 'no-part';
    }
    return this.#stable(part);
  }

  #stable(part: TriggerPart): TriggerStep {
    if (!part.found) {
      this.#missing++;
      if (this.#missing >= this.#options.leaveFrames) {
        this.#anchor = null;
        this.#streak = 0;
        this.#spent = false;
      }
      return 'no-part';
    }
    this.#missing = 0;
    if (!this.#anchor || this.#moved(this.#anchor, part)) {
      this.#anchor = { ...part };
      this.#streak = 1;
      this.#spent = false;
    } else {
      this.#streak++;
    }
    if (this.#spent) return 'held';
    if (this.#streak < this.#options.frames) return 'settling';
    this.#spent = true;
    return 'inspect';
  }

  #moved(anchor: TriggerPart, part: TriggerPart): boolean {
    const scale = Math.max(anchor.length, 1);
    if (Math.hypot(part.cx - anchor.cx, part.cy - anchor.cy) > this.#options.maxShift * scale) return true;
    return axisTurn(anchor.angle, part.angle) > this.#options.maxTurn;
  }
}

/**
 * The turn between two long-axis angles, radians 0..π/2. Taken modulo π: the part search may flip
 * which end it calls the head, and that is no movement of the part.
 */
export function axisTurn(a: number, b: number): number {
  const d = Math.abs(a - b) % Math.PI;
  return Math.min(d, Math.PI - d);
}
