/**
 * The monitoring report of one deployment over a window, built from its inspection log: the station's
 * infrastructure, the model's behaviour against its evaluation, data drift against its training data,
 * charts over time and the alerts they raise. DOM-free; the worker reads the rows and calls it.
 */
import type { MonitorThresholds } from '../domain/scope.ts';
import type { InspectionRecord } from '../db/schema/station.ts';
import { monitorAlerts } from './alerts.ts';
import { behaviourOf } from './behaviour.ts';
import { bucketsOf } from './buckets.ts';
import { driftExamples, driftOf, EXAMPLE_FRAMES } from './drift-report.ts';
import { infrastructureOf } from './infrastructure.ts';
import { shadowSummary } from './shadow-summary.ts';
import type { DriftReference } from './monitor-types.ts';
import {
  MONITOR_REPORT_VERSION,
  type EvaluationExpectation,
  type MonitorReport,
  type MonitorWindow,
} from './report-types.ts';
import { bucketLength, windowStart } from './window.ts';

/** What a monitoring report is built from. */
export interface MonitorReportInput {
  projectId: string;
  /** the deployment's inspection rows (any order); rows outside the window are left out */
  rows: readonly InspectionRecord[];
  /** the deployed model's training data, null while none is known */
  reference: DriftReference | null;
  limits: MonitorThresholds;
  /** what the deployed version's evaluation predicted, null without one */
  evaluation: EvaluationExpectation | null;
  window: MonitorWindow;
  /** ms since epoch */
  now: number;
}

/** Rows with a thumbnail that are uncertain or out of domain, newest first: review examples. */
function reviewExamples(rows: readonly InspectionRecord[]): number[] {
  return rows
    .filter(
      (r) => r.kind === 'verdict' && r.hasThumb && r.seq !== undefined && (r.uncertain || r.outOfDomain),
    )
    .sort((a, b) => b.at - a.at)
    .slice(0, EXAMPLE_FRAMES)
    .map((r) => r.seq!);
}

/** Builds the report of `input.rows` over `input.window`, ending at `input.now`. */
export function monitorReport(input: MonitorReportInput): MonitorReport {
  const { rows: all, reference, limits, evaluation, window, now } = input;
  const start = windowStart(window, now);
  const rows = all.filter((r) => r.at >= start && r.at <= now);
  const earliest = rows.reduce((min, r) => Math.min(min, r.at), now);
  // The charts span the rows, not the whole window: a ten-minute run in a day's window still reads.
  const from = Number.isFinite(start) ? Math.max(start, earliest) : earliest;
  const bucketMs = bucketLength(now - from);
  const buckets = rows.length ? bucketsOf(rows, from, now, bucketMs, reference) : [];
  const infrastructure = infrastructureOf(rows);
  const behaviour = behaviourOf(rows, evaluation);
  const drift = driftOf(rows, reference, limits);
  const alerts = monitorAlerts({
    drift,
    behaviour,
    infrastructure,
    limits,
    examples: { drift: driftExamples(rows, drift), review: reviewExamples(rows) },
  });
  const models = [...rows]
    .sort((a, b) => b.at - a.at)
    .map((r) => r.modelLabel)
    .filter((label, i, list) => label && list.indexOf(label) === i);
  return {
    formatVersion: MONITOR_REPORT_VERSION,
    projectId: input.projectId,
    window,
    from: Number.isFinite(start) ? start : earliest,
    to: now,
    models,
    frames: rows.filter((r) => r.kind === 'verdict').length,
    infrastructure,
    behaviour,
    drift,
    bucketMs,
    buckets,
    alerts,
    shadow: shadowSummary(rows),
    limits,
  };
}
