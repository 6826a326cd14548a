/**
 * Where the retraining loop stands: station frames waiting for a label, labeled ones, the newest
 * snapshot holding them, and the run, evaluation and promotion that followed it. Pure; the worker
 * reads the records and calls it.
 */
import type { ImageRecord } from '../db/schema/images.ts';
import { inReviewQueue } from '../db/review-repo.ts';
import type { SnapshotRecord } from '../db/schema/snapshots.ts';
import type { RunRecord } from '../db/schema/runs.ts';
import type { AliasEventRecord, EvaluationRecord, ModelVersionRecord } from '../db/schema/registry.ts';

/** One step of the loop that happened, with its time (ms since epoch). */
export interface LoopStep {
  id: string;
  /** what a person calls it: the snapshot's or run's name, a version label */
  name: string;
  at: number;
  /** e.g. the run's status or "gate passed" */
  state: string;
}

/** The loop's status for the Monitor page. */
export interface LoopStatus {
  /** station frames without a label */
  waiting: number;
  /** station frames labeled, and of those the ones not yet in any snapshot */
  labeled: number;
  labeledNotInSnapshot: number;
  /** ms since epoch of the oldest label given to a station frame not yet in a snapshot; null if none */
  labeledSince: number | null;
  /** the newest snapshot that holds labeled station frames, with how many */
  snapshot: (LoopStep & { stationFrames: number }) | null;
  run: LoopStep | null;
  evaluation: LoopStep | null;
  promotion: LoopStep | null;
  /** the next thing to do, in words */
  next: string;
}

/** The records the loop status is derived from, all of one project. */
export interface LoopRecords {
  images: readonly ImageRecord[];
  snapshots: readonly SnapshotRecord[];
  runs: readonly RunRecord[];
  versions: readonly ModelVersionRecord[];
  evaluations: readonly EvaluationRecord[];
  aliasEvents: readonly AliasEventRecord[];
}

const newest = <T>(items: readonly T[], at: (item: T) => number): T | null =>
  items.reduce<T | null>((best, item) => (best === null || at(item) > at(best) ? item : best), null);

/** The loop's status from the project's records. */
export function loopStatus(records: LoopRecords): LoopStatus {
  const station = records.images.filter((i) => i.provenance);
  const stationIds = new Set(station.map((i) => i.id));
  const labeledFrames = station.filter((i) => i.label !== null);
  const inSnapshot = new Set(
    records.snapshots.flatMap((s) => s.entries.filter((e) => e.label !== null).map((e) => e.imageId)),
  );
  const notIn = labeledFrames.filter((i) => !inSnapshot.has(i.id));
  const holding = records.snapshots.filter((s) =>
    s.entries.some((e) => e.label !== null && stationIds.has(e.imageId)),
  );
  const snap = newest(holding, (s) => s.createdAt);
  const run = snap
    ? newest(
        records.runs.filter((r) => r.snapshotId === snap.id),
        (r) => r.startedAt,
      )
    : null;
  const version = run
    ? newest(
        records.versions.filter((v) => v.lineage.runId === run.id),
        (v) => v.createdAt,
      )
    : null;
  const evaluation = run
    ? newest(
        records.evaluations.filter(
          (e) =>
            (e.model.kind === 'run' && e.model.runId === run.id) ||
            (e.model.kind === 'version' && version !== null && e.model.versionId === version.id),
        ),
        (e) => e.createdAt,
      )
    : null;
  const modelId = version ? `${version.projectId}/${version.name}` : null;
  const promotion = version
    ? newest(
        records.aliasEvents.filter(
          (a) =>
            a.modelId === modelId &&
            a.kind === 'promote' &&
            a.alias === 'champion' &&
            a.to === version.version,
        ),
        (a) => a.at,
      )
    : null;
  const waiting = station.filter(inReviewQueue).length;
  const status: LoopStatus = {
    waiting,
    labeled: labeledFrames.length,
    labeledNotInSnapshot: notIn.length,
    labeledSince: notIn.length ? Math.min(...notIn.map((i) => i.labeledAt ?? i.addedAt)) : null,
    snapshot: snap
      ? {
          id: snap.id,
          name: snap.name,
          at: snap.createdAt,
          state: `${snap.entries.length} images`,
          stationFrames: snap.entries.filter((e) => e.label !== null && stationIds.has(e.imageId)).length,
        }
      : null,
    run: run ? { id: run.id, name: run.name, at: run.startedAt, state: run.status } : null,
    evaluation: evaluation
      ? {
          id: evaluation.id,
          name: version ? `${version.name}@${version.version}` : run!.name,
          at: evaluation.createdAt,
          state: evaluation.gatePassed ? 'gate passed' : 'gate failed',
        }
      : null,
    promotion:
      promotion && version
        ? { id: version.id, name: `${version.name}@${version.version}`, at: promotion.at, state: 'champion' }
        : null,
    next: '',
  };
  status.next = nextStep(status);
  return status;
}

function nextStep(s: LoopStatus): string {
  if (s.waiting) return `Label the ${s.waiting} frames in the review queue.`;
  if (s.labeledNotInSnapshot) return 'Take a snapshot: labeled station frames are not in one yet.';
  if (!s.snapshot) return 'Nothing to do: no station frame is waiting for review.';
  if (!s.run) return `Train on snapshot ${s.snapshot.name}.`;
  if (s.run.state !== 'done') return `Run ${s.run.name} is ${s.run.state}.`;
  if (!s.evaluation) return `Register and evaluate the model of run ${s.run.name}.`;
  if (!s.promotion) return `Promote ${s.evaluation.name} in the registry, then deploy it.`;
  return `${s.promotion.name} is champion; deploy it on the station if it does not run yet.`;
}
