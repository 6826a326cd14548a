/**
 * The Monitor stage's calls, spread into the snapshots worker's API: the monitoring report of the
 * deployment on this device, its inspection log for export, the thumbnails an alert cites and where
 * the retraining loop stands. Everything is read from storage; nothing is written.
 */
import { workerDb } from '../lib/db/worker-db.ts';
import type { Db } from '../lib/db/open-db.ts';
import { requireProject } from '../lib/db/projects-repo.ts';
import { getDeployment } from '../lib/db/deployments-repo.ts';
import { getThumb, listInspections } from '../lib/db/inspections-repo.ts';
import { driftReferenceKey, getDriftReference } from '../lib/db/drift-references-repo.ts';
import { getEvaluation, listEvaluations } from '../lib/db/registry-repo.ts';
import { listStationFrames } from '../lib/db/review-repo.ts';
import { listSnapshots } from '../lib/db/snapshots-repo.ts';
import { listRuns } from '../lib/db/runs-repo.ts';
import type { InspectionRecord } from '../lib/db/schema/station.ts';
import type { EvaluationRecord } from '../lib/db/schema/registry.ts';
import { monitorThresholds } from '../lib/domain/scope.ts';
import { expectationOf } from '../lib/monitor/behaviour.ts';
import { loopStatus, type LoopStatus } from '../lib/monitor/loop-status.ts';
import { monitorReport } from '../lib/monitor/report.ts';
import type { EvaluationExpectation, MonitorReport, MonitorWindow } from '../lib/monitor/report-types.ts';
import { parseMonitorWindow, windowStart } from '../lib/monitor/window.ts';

/** Rows read back to find the model the station ran last; health and gap rows come between verdicts. */
const NEWEST_ROWS = 50;

/**
 * Most rows one report reads, newest first. A continuous trigger logs every frame (about 100,000 an
 * hour at 30 fps), so a day's or the whole log's window would not fit in a worker's memory; beyond
 * this the report covers the newest rows and says so.
 */
export const MAX_REPORT_ROWS = 200_000;

/** The deployment the Monitor watches: its version (null for the shipped default), label and threshold. */
export interface WatchedModel {
  versionId: string | null;
  label: string;
  threshold: number | null;
}

/** A report with the model it watches. */
export interface MonitorSnapshot {
  model: WatchedModel;
  report: MonitorReport;
}

async function watched(db: Db, projectId: string): Promise<WatchedModel> {
  const current = (await getDeployment(db, projectId))?.current ?? null;
  if (current) return { versionId: current.versionId, label: current.label, threshold: current.threshold };
  // Nothing deployed: the station runs the shipped default model, registered as the project's
  // default version once the registry saw it. Its newest verdict row says which one ran.
  const newest = (await listInspections(db, projectId, { limit: NEWEST_ROWS })).find(
    (r) => r.kind === 'verdict',
  );
  return newest
    ? { versionId: newest.versionId, label: newest.modelLabel, threshold: newest.threshold }
    : { versionId: null, label: 'shipped default', threshold: null };
}

/** The deployment's rows in the window: rows of other models belong to other deployments. */
async function deploymentRows(
  db: Db,
  projectId: string,
  versionId: string | null,
  window: MonitorWindow,
  now: number,
): Promise<InspectionRecord[]> {
  const since = windowStart(window, now);
  const rows = await listInspections(db, projectId, {
    ...(Number.isFinite(since) ? { since } : {}),
    limit: MAX_REPORT_ROWS,
  });
  return rows.filter((r) => r.versionId === versionId);
}

/** What the deployed version's evaluation predicted: the one it was gated with, else its newest. */
async function expectation(
  db: Db,
  projectId: string,
  model: WatchedModel,
): Promise<EvaluationExpectation | null> {
  if (!model.versionId || model.threshold === null) return null;
  const version = await db.get('modelVersions', model.versionId);
  let record: EvaluationRecord | undefined = version?.evaluationId
    ? await getEvaluation(db, version.evaluationId)
    : undefined;
  if (!record) {
    const mine = (await listEvaluations(db, projectId)).filter(
      (e) => e.model.kind === 'version' && e.model.versionId === model.versionId,
    );
    record = mine.sort((a, b) => b.createdAt - a.createdAt)[0];
  }
  if (!record) return null;
  try {
    return expectationOf(record, model.threshold);
  } catch {
    // An evaluation without scores predicts nothing to compare with; the page says none is known.
    return null;
  }
}

/** The Monitor stage's worker calls. */
export const monitorApi = {
  /** The monitoring report of the project's deployment over `window` ('hour', 'shift', 'day', 'all'). */
  async monitorReport(projectId: string, window: string, now = Date.now()): Promise<MonitorSnapshot> {
    const db = await workerDb();
    const project = await requireProject(db, projectId);
    const span = parseMonitorWindow(window);
    const model = await watched(db, projectId);
    const [rows, reference, evaluation] = await Promise.all([
      deploymentRows(db, projectId, model.versionId, span, now),
      getDriftReference(db, driftReferenceKey(model.versionId)),
      expectation(db, projectId, model),
    ]);
    const capped = rows.length >= MAX_REPORT_ROWS ? MAX_REPORT_ROWS : null;
    const report = monitorReport({
      projectId,
      rows,
      reference: reference?.projectId === projectId ? reference : null,
      limits: monitorThresholds(project.scope),
      evaluation,
      window: span,
      now,
    });
    return { model, report: { ...report, rowsCapped: capped } };
  },

  /** The deployment's inspection rows in `window`, newest first, for export. */
  async monitorLog(projectId: string, window: string, now = Date.now()): Promise<InspectionRecord[]> {
    const db = await workerDb();
    const model = await watched(db, projectId);
    return deploymentRows(db, projectId, model.versionId, parseMonitorWindow(window), now);
  },

  /** Thumbnails of inspection rows (an alert's example frames); rows whose thumbnail was pruned are left out. */
  async monitorThumbs(seqs: number[]): Promise<Array<{ seq: number; blob: Blob }>> {
    const db = await workerDb();
    const out: Array<{ seq: number; blob: Blob }> = [];
    for (const seq of seqs) {
      const blob = await getThumb(db, seq);
      if (blob) out.push({ seq, blob });
    }
    return out;
  },

  /** Where the retraining loop stands for the project. */
  async loopStatus(projectId: string): Promise<LoopStatus> {
    const db = await workerDb();
    const [images, snapshots, runs, evaluations, versions, aliasEvents] = await Promise.all([
      // The loop counts only the station's frames; reading every image each refresh would cost the most.
      listStationFrames(db, projectId),
      listSnapshots(db, projectId),
      listRuns(db, projectId),
      listEvaluations(db, projectId),
      db.getAllFromIndex('modelVersions', 'by-project', projectId),
      db.getAllFromIndex('aliasEvents', 'by-project', projectId),
    ]);
    return loopStatus({ images, snapshots, runs, versions, evaluations, aliasEvents });
  },
};
