/**
 * Types shared by the station (live and batch inspection, deployment) in the infer worker and the UI.
 * No runtime imports here: the main thread imports this file for its types only.
 */
import type { BackendName } from '../../tf/backend-types.ts';
import type { ModelPreprocessSpec } from '../../../models/preprocess/spec.ts';
import type { FrameDrift, ShadowRecord } from '../monitor/monitor-types.ts';
import type { Verdict } from './verdict-types.ts';

/** How a frame came to be inspected. */
export type Trigger = 'continuous' | 'stable' | 'manual';

// Re-exported so the station's callers import their types from this one file.
export type { Verdict } from './verdict-types.ts';

/** Where the part lies in the frame, in frame pixels, for the outline drawn over the video. */
export interface FramePart {
  found: boolean;
  cx: number;
  cy: number;
  /** radians, long axis; the head points towards angle + π */
  angle: number;
  /** along the long axis, px */
  length: number;
  /** across the long axis (the crop band's height), px */
  width: number;
  /** share 0..1 of the frame the part covers */
  fraction: number;
}

/** Where a model's canonical crop lies in the frame, frame pixels. */
export interface CropPlacement {
  /** the crop's centre */
  cx: number;
  cy: number;
  /** radians: the direction the crop's x axis (its columns, left to right) runs in the frame */
  angle: number;
  /** along its x axis and across it, px */
  width: number;
  height: number;
}

/** A one-class model's anomaly map of a frame's part: where the part looks unlike every good part. */
export interface FrameAnomaly {
  /** squared distance of each patch of the crop to its nearest good patch, row-major [rows, columns] */
  map: Float32Array;
  mapShape: [number, number];
  /** the distance at which one patch alone makes the part NG: P(bad) at the threshold */
  hot: number;
  /** where the crop the map covers lies in the frame */
  crop: CropPlacement;
}

/** Where a frame's time went, ms. */
export interface FrameTimings {
  /** pixels to gray, part search, crop (or the whole-frame resize) */
  preprocessMs: number;
  /** the model's forward pass and reading its output */
  inferMs: number;
  /** everything in the worker for this frame */
  totalMs: number;
  /** preprocessMs split up: drawing the frame and converting it to gray */
  grayMs?: number;
  /** preprocessMs split up: the part search and its plausibility check */
  partMs?: number;
  /** preprocessMs split up: the canonical crop and standardisation (or the whole-frame resize); 0 when the model did not run */
  cropMs?: number;
  /** the drift statistics, the out-of-domain check and the drift window's tests; 0 or absent without a part */
  driftMs?: number;
}

/**
 * What the trigger made of a frame. 'inspect': the model ran, a fresh verdict. 'held': the stable
 * trigger already judged this part, the verdict and score are that judgement's (the model did not
 * run). 'settling' / 'waiting': a part is in view but has no verdict yet (not still long enough /
 * manual mode without a press); verdict 'no-part' and score null. 'no-part': nothing to inspect.
 */
export type FrameStep = 'inspect' | 'held' | 'settling' | 'waiting' | 'no-part';

/** One inspected frame. */
export interface FrameResult {
  verdict: Verdict;
  /** P(bad) 0..1; null when no part was found and the model did not run */
  score: number | null;
  threshold: number;
  /** the frame's size, px */
  frameWidth: number;
  frameHeight: number;
  part: FramePart;
  timings: FrameTimings;
  /** the model version that answered ("default@1"), or "shipped default" */
  modelLabel: string;
  versionId: string | null;
  /** what the trigger made of the frame; only 'inspect' is a fresh verdict to log */
  step?: FrameStep;
  /** why there is no verdict: the region found is not a part, or the image could not be read; null otherwise */
  note?: string | null;
  /** the frame's drift statistics and out-of-domain mark; absent when no part was measured */
  drift?: FrameDrift | null;
  /** the challenger's shadow answer on the same frame; absent when no challenger runs */
  shadow?: ShadowRecord | null;
  /** a one-class model's anomaly map of the part (a held verdict keeps its own); absent for classifiers and without a verdict */
  anomaly?: FrameAnomaly;
}

/** The infer worker's memory and work counters, for the station's health display and leak tests. */
export interface StationStats {
  numTensors: number;
  numBytes: number;
  /** model forward passes since the worker started (warm-ups included) */
  inferences: number;
  /** the wasm backend's heap, bytes; null on other backends */
  wasmHeapBytes: number | null;
  /** the worker's JavaScript heap in use, bytes; null where the browser does not say */
  jsHeapBytes: number | null;
  backend: string;
}

/** How the deployed model got onto this station. */
export type DeploySource = 'registry' | 'file' | 'url' | 'index' | 'shipped';

/** The model a station runs. */
export interface DeployedModel {
  /** registry version id; null for the shipped default model before it is registered */
  versionId: string | null;
  /** "screws@3" */
  label: string;
  threshold: number;
  source: DeploySource;
  /** the bundle file or URL it came from, when not the registry */
  origin: string | null;
  /** ms since epoch */
  deployedAt: number;
  reason: string;
}

/** What the station has loaded in the worker and is ready to inspect with. */
export interface StationModelInfo {
  model: DeployedModel;
  /** true when nothing is deployed and the shipped default model runs */
  isShippedDefault: boolean;
  backend: BackendName;
  preprocess: ModelPreprocessSpec;
  /** how long loading and the warm-up took, ms */
  loadMs: number;
  warmupMs: number;
}

/** A station following an alias in a published registry index (a JSON file on any static host). */
export interface FollowedAlias {
  indexUrl: string;
  model: string;
  alias: string;
}
