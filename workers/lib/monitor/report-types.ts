/**
 * The shape of the monitoring report: infrastructure, model behaviour and data drift of one
 * deployment over a window, with the alerts they raise. Plain JSON; no runtime imports here because
 * the main thread imports this file for its types.
 */
import type { MonitorThresholds } from '../domain/scope.ts';
import type { DriftReferenceSource, DriftStat, StatDrift } from './monitor-types.ts';
import type { ShadowSummary } from './shadow-summary.ts';

/** The time windows the report covers: the last hour, the running shift, the last 24 hours, everything. */
export type MonitorWindow = 'hour' | 'shift' | 'day' | 'all';

/** Version of the report's JSON shape; raise it when a field changes meaning or goes away. */
export const MONITOR_REPORT_VERSION = 1;

/** Latency quantiles, ms. */
export interface LatencyQuantiles {
  p50: number;
  p95: number;
  p99: number;
}

/** A stretch the station did not inspect (worker restart, camera away), from its gap row. */
export interface MonitorGap {
  seq: number | null;
  /** ms since epoch */
  at: number;
  kind: 'restart' | 'camera' | 'other';
  note: string;
}

/** Load, usage and health of the station over the window. */
export interface InfrastructureReport {
  /** frame to verdict, ms, over verdict rows with a latency; null without any */
  latencyMs: LatencyQuantiles | null;
  /** health rows in the window */
  healthSamples: number;
  /** answered frames per second: mean over the health samples and the latest; null without samples */
  fps: { mean: number; last: number } | null;
  framesSeen: number;
  framesInspected: number;
  framesDropped: number;
  /** dropped / seen, 0..1; null when no frame was seen */
  droppedShare: number | null;
  /** the backend of the latest health sample */
  backend: string | null;
  /** tensors and bytes in use: the latest sample and the most seen */
  tensors: { last: number; max: number } | null;
  bytes: { last: number; max: number } | null;
  wasmHeapBytes: number | null;
  workerRestarts: number;
  cameraInterruptions: number;
  /** the newest gaps first, at most a few dozen */
  gaps: MonitorGap[];
}

/** What the deployed version's evaluation predicted, to compare live behaviour with. */
export interface EvaluationExpectation {
  evaluationId: string;
  snapshotId: string;
  /** the split (or 'all') the evaluation scored */
  split: string;
  images: number;
  /** the threshold the figures are read at (the deployed one) */
  threshold: number;
  /** share of the evaluated images flagged NG at the threshold, 0..1 */
  defectRate: number;
  /** share of the evaluated images whose score lay near the threshold, 0..1 */
  uncertainShare: number;
  /** accuracy at the threshold, 0..1; null without both classes */
  accuracy: number | null;
  /** share of the evaluated images in each score bin (same bins as the live histogram) */
  scoreShares: number[];
}

/** Verdicts of the window and the comparison with the evaluation. */
export interface BehaviourReport {
  verdicts: { ok: number; ng: number; noPart: number; outOfDomain: number };
  /** ok + ng + out-of-domain: frames with a part */
  withPart: number;
  /** ng / (ok + ng), 0..1; null without judged frames */
  defectRate: number | null;
  /** uncertain / (ok + ng), 0..1 */
  uncertainShare: number | null;
  /** out-of-domain / frames with a part, 0..1 */
  outOfDomainShare: number | null;
  /** scores of judged frames in equal bins over 0..1 */
  histogram: { edges: number[]; counts: number[] };
  /** the threshold of the latest verdict row */
  threshold: number | null;
  expected: EvaluationExpectation | null;
}

/** One statistic's drift over the window, with an example of frames furthest from the training data. */
export interface StatDriftReport extends StatDrift {
  /** the training range (out-of-domain limits) */
  lo: number;
  hi: number;
  /** the middle 90% of the training values (5th and 95th percentiles) */
  band: [number, number];
  /** ms since epoch: the first frame of the trailing stretch of drifted frames; null if none */
  since: number | null;
  /** the median of the frames since the drift began; null when it did not */
  sinceMedian: number | null;
  /**
   * How far the live frames moved: (median since the drift, else in the window, minus the training
   * median) in widths of the training's middle 90%; signed, 0 when the width is 0. Orders the evidence.
   */
  shift: number;
  /** the PSI this statistic needs to be flagged: the limit plus PSI's chance level at these sample sizes */
  psiNeeded: number;
}

/** Data drift over the window against the deployed model's training data. */
export interface DriftReport {
  reference: { key: string; source: DriftReferenceSource; count: number; snapshotId: string | null } | null;
  /** every statistic the reference and the frames both have */
  stats: StatDriftReport[];
  drifted: boolean;
  /** the KS p-value limit of each statistic: the scope card's limit shared among those tested */
  ksPValueEach: number;
  /** the earliest `since` of the drifted statistics */
  since: number | null;
}

/** One time bucket of the window: verdicts, load and drift, for the charts. */
export interface MonitorBucket {
  /** ms since epoch, inclusive */
  start: number;
  /** ms since epoch, exclusive */
  end: number;
  ok: number;
  ng: number;
  noPart: number;
  outOfDomain: number;
  uncertain: number;
  defectRate: number | null;
  latencyP95: number | null;
  /** mean fps of the bucket's health samples */
  fps: number | null;
  dropped: number;
  gaps: number;
  /** per statistic: the median of the bucket's frames and its PSI against the reference (null on too few frames) */
  drift: Partial<Record<DriftStat, { median: number; psi: number | null; n: number }>>;
}

/** How urgent an alert is: 'critical' asks for action now, 'warning' for a look. */
export type AlertSeverity = 'critical' | 'warning';

/** What raised an alert. */
export type AlertKind = 'retrain' | 'defect-rate' | 'latency' | 'restarts';

/** The evidence behind an alert: the statistics, the figures against their limits, example frames. */
export interface AlertEvidence {
  /** drifted statistics, worst first */
  stats: StatDriftReport[];
  /** figures against their limits, in words ("out of domain 34% ≥ 10%") */
  figures: string[];
  /** inspection row seqs with a thumbnail that show the problem, newest first */
  exampleSeqs: number[];
}

/** One alert of the report. */
export interface MonitorAlert {
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  /** one or two sentences: what happened and what to do */
  detail: string;
  /** ms since epoch: when the condition began, when known */
  since: number | null;
  evidence: AlertEvidence;
}

/** The monitoring report of one deployment over one window. */
export interface MonitorReport {
  formatVersion: typeof MONITOR_REPORT_VERSION;
  projectId: string;
  window: MonitorWindow;
  /** ms since epoch: the window's start and the report's time */
  from: number;
  to: number;
  /** model labels seen in the window, newest first */
  models: string[];
  /** verdict rows in the window */
  frames: number;
  infrastructure: InfrastructureReport;
  behaviour: BehaviourReport;
  drift: DriftReport;
  /** bucket length, ms */
  bucketMs: number;
  buckets: MonitorBucket[];
  alerts: MonitorAlert[];
  /** the challenger in shadow over the window */
  shadow: ShadowSummary;
  limits: MonitorThresholds;
  /** set when the window held more rows than a report reads: it covers only this many, the newest */
  rowsCapped?: number | null;
}
