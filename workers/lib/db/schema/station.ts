/** Stored shapes of the station: what is deployed on this device, its history and the inspection log. */
import type { DeployedModel, FollowedAlias, Trigger, Verdict } from '../../station/station-types.ts';
import type { DriftReference, FrameStats, HealthSample, ShadowRecord } from '../../monitor/monitor-types.ts';

/** What one project's station runs now, what it ran before (one tap away) and which alias it follows. */
export interface DeploymentRecord {
  projectId: string;
  /** null: nothing deployed, the shipped default model runs */
  current: DeployedModel | null;
  /** the model a rollback returns to */
  previous: DeployedModel | null;
  /** a published registry index's alias the station keeps up with when online */
  follow: FollowedAlias | null;
  /** ms since epoch */
  updatedAt: number;
}

/** One switch of the deployed model, kept forever as the station's history. */
export interface DeployEventRecord {
  seq?: number;
  projectId: string;
  /** ms since epoch */
  at: number;
  /** labels ("screws@3"); null for the shipped default model */
  from: string | null;
  to: string | null;
  toVersionId: string | null;
  action: 'deploy' | 'rollback' | 'follow';
  reason: string;
}

/** Where the part was found in an inspected frame, frame pixels. */
export interface LoggedPart {
  cx: number;
  cy: number;
  angle: number;
  length: number;
}

/**
 * One row of the inspection log: a verdict, or a gap (worker restart, camera lost) so the log shows
 * when the station was not inspecting. Verdict rows are kept; only thumbnails are pruned.
 */
export interface InspectionRecord {
  seq?: number;
  projectId: string;
  /** ms since epoch */
  at: number;
  kind: 'verdict' | 'gap' | 'health';
  /** for gaps: what happened, e.g. "worker restarted", "camera disconnected" */
  note: string | null;
  versionId: string | null;
  modelLabel: string;
  trigger: Trigger | null;
  verdict: Verdict | null;
  /** P(bad); null without a part */
  score: number | null;
  threshold: number | null;
  /** the score lay near the threshold */
  uncertain: boolean;
  /** frame to verdict, ms */
  latencyMs: number | null;
  part: LoggedPart | null;
  frameWidth: number | null;
  frameHeight: number | null;
  /** a thumbnail is stored under the same seq in `inspectionThumbs` */
  hasThumb: boolean;
  /** the frame's drift statistics; absent on rows from before schema 6 and when none were measured */
  stats?: FrameStats | null;
  /** the frame lay far outside the training data */
  outOfDomain?: boolean;
  /** the challenger's shadow answer on the same frame, or why it was skipped */
  shadow?: ShadowRecord | null;
  /** for health rows: frame rate, drops and memory over the last few seconds */
  health?: HealthSample | null;
}

/** A deployed model version's drift reference, measured once from its training data and kept. */
export type DriftReferenceRecord = DriftReference;

/** A thumbnail of an NG or uncertain frame, pruned oldest first when the cap is reached. */
export interface InspectionThumbRecord {
  /** the inspection row's seq */
  seq: number;
  projectId: string;
  at: number;
  blob: Blob;
  bytes: number;
}
