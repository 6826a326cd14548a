/**
 * Types shared by monitoring: drift statistics of live frames against the deployed model's training
 * data, out-of-domain marking, shadow runs of the challenger and the station's review samples.
 * No runtime imports here except the statistic list: the main thread imports this file too.
 */
import type { Verdict } from '../station/verdict-types.ts';

/**
 * The statistics drift is measured on, each computed by the profile's own code on the part's canonical
 * crop (brightness, contrast, sharpness, foreground share), from the part search (length as a share of
 * the frame's short side, angle in degrees 0..180), and the distance of the model's own features from
 * its training data (embedding).
 */
export const DRIFT_STATS = [
  'brightness',
  'contrast',
  'sharpness',
  'foreground',
  'partLength',
  'partAngle',
  'embedding',
] as const;

/** One drift statistic. */
export type DriftStat = (typeof DRIFT_STATS)[number];

/** One frame's drift statistics; a statistic is absent when it could not be measured (no part, no features). */
export type FrameStats = Partial<Record<DriftStat, number>>;

/** What the station learned about one frame's place relative to the training data. */
export interface FrameDrift {
  stats: FrameStats;
  /** the frame lies far outside the training data; its verdict is 'out-of-domain', never OK */
  outOfDomain: boolean;
  /** which statistics put it there, in words ("brightness 41 below the training range 92–141") */
  reasons: string[];
}

/** Where a drift reference came from. */
export type DriftReferenceSource = 'snapshot' | 'shipped' | 'baseline';

/** A statistic's training distribution: sorted samples, and the range beyond which a frame is out of domain. */
export interface StatReference {
  /** ascending, at most a few hundred values */
  sorted: number[];
  /** a frame outside [lo, hi] is out of domain on this statistic */
  lo: number;
  hi: number;
}

/** The training data a deployed model's live frames are compared with, kept per model version. */
export interface DriftReference {
  /** the registry version id, or 'shipped' for the shipped default model */
  key: string;
  projectId: string;
  source: DriftReferenceSource;
  /** the snapshot the statistics were measured on, when it was one */
  snapshotId: string | null;
  /** images (or frames) measured */
  count: number;
  stats: Partial<Record<DriftStat, StatReference>>;
  /** ms since epoch */
  createdAt: number;
  /**
   * Centre and spread of the model's own features on the training images, which the embedding
   * statistic measures a frame's distance from; absent when the model's features could not be found.
   */
  embeddingCentre?: EmbeddingCentre;
}

/** Per-feature mean and spread of a model's penultimate features over its training images. */
export interface EmbeddingCentre {
  mean: number[];
  /** standard deviation per feature, floored so a feature constant in training cannot divide by 0 */
  scale: number[];
}

/** One statistic's drift over a window of live frames. */
export interface StatDrift {
  stat: DriftStat;
  /** population stability index against the reference (0 = same distribution) */
  psi: number;
  /** two-sample Kolmogorov–Smirnov statistic D and its p-value */
  ks: number;
  pValue: number;
  /** both tests say the window differs from the training data */
  flagged: boolean;
  liveMedian: number;
  referenceMedian: number;
  /** live frames in the window that had this statistic */
  n: number;
}

/** The station's drift picture now: the last window of frames against the reference. */
export interface DriftStatus {
  reference: { source: DriftReferenceSource; count: number; snapshotId: string | null } | null;
  /** frames in the window */
  window: number;
  stats: StatDrift[];
  /** any statistic flagged */
  drifted: boolean;
  /** ms since epoch of the first window that was flagged in the current drifted stretch; null when not drifted */
  since: number | null;
  /** share of the window's frames marked out of domain */
  outOfDomainShare: number;
  /**
   * While a model without training data on this device learns its baseline from its first parts:
   * parts measured so far and parts needed; null or absent otherwise.
   */
  baseline?: { parts: number; needed: number } | null;
}

/** The challenger's answer on a frame the champion judged, or why it did not run. */
export type ShadowRecord =
  | {
      ran: true;
      versionId: string;
      label: string;
      score: number | null;
      verdict: Verdict;
      latencyMs: number;
      /** the challenger's verdict equals the champion's */
      agrees: boolean;
    }
  | { ran: false; versionId: string; label: string; skipped: string };

/**
 * The station's health over the last few seconds, logged as a 'health' row every few seconds while it
 * inspects, so the Monitor page can chart frame rate, drops and memory over any window.
 */
export interface HealthSample {
  /** seconds the sample covers */
  seconds: number;
  /** frames the camera delivered */
  framesSeen: number;
  /** frames the worker answered */
  framesInspected: number;
  /** frames dropped because the worker was still busy */
  framesDropped: number;
  /** answered frames per second */
  fps: number;
  backend: string;
  numTensors: number;
  numBytes: number;
  /** the wasm backend's heap, bytes; null on other backends */
  wasmHeapBytes: number | null;
}

/** Why a station frame was kept for review. */
export type ReviewReason = 'operator' | 'uncertain' | 'out-of-domain';

/** Where a frame kept by the station came from, stored with the image. */
export interface StationProvenance {
  reason: ReviewReason;
  /** a name for this device's station */
  station: string;
  versionId: string | null;
  modelLabel: string;
  verdict: Verdict;
  score: number | null;
  threshold: number | null;
  /** ms since epoch */
  at: number;
  /** the inspection row's seq, when it was logged */
  inspectionSeq: number | null;
  /** why the drift check put the frame out of domain, in words; absent when it did not */
  driftReasons?: string[];
}
