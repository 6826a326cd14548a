/**
 * The monitoring report as files a quality engineer opens elsewhere: the whole report as JSON, its
 * time series, drift tests and alerts as CSV (RFC 4180, CRLF, times in ISO 8601 UTC), and the
 * inspection log as JSON beside the station's own CSV.
 */
import { csvField } from '../db/inspections-repo.ts';
import type { InspectionRecord } from '../db/schema/station.ts';
import { DRIFT_STATS } from './monitor-types.ts';
import type { MonitorAlert, MonitorReport } from './report-types.ts';

type Cell = string | number | boolean | null;

const iso = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());
const round = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));

function csv(header: readonly string[], rows: readonly Cell[][]): string {
  return [header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\r\n') + '\r\n';
}

/** The report as JSON, indented; NaN medians (no values) are written as null. */
export function reportJson(report: unknown): string {
  return JSON.stringify(
    report,
    (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  );
}

/** The report's time series: one row per bucket with verdicts, rates, load and each statistic's median and PSI. */
export function timeSeriesCsv(report: MonitorReport): string {
  const stats = DRIFT_STATS.filter((s) => report.buckets.some((b) => b.drift[s]));
  const header = [
    'bucket_start',
    'bucket_end',
    'ok',
    'ng',
    'no_part',
    'out_of_domain',
    'uncertain',
    'defect_rate',
    'latency_p95_ms',
    'fps',
    'dropped',
    'gaps',
    ...stats.flatMap((s) => [`${s}_median`, `${s}_psi`, `${s}_frames`]),
  ];
  const rows = report.buckets.map((b): Cell[] => [
    iso(b.start),
    iso(b.end),
    b.ok,
    b.ng,
    b.noPart,
    b.outOfDomain,
    b.uncertain,
    round(b.defectRate),
    round(b.latencyP95, 2),
    round(b.fps, 2),
    b.dropped,
    b.gaps,
    ...stats.flatMap((s) => {
      const d = b.drift[s];
      return [round(d?.median), round(d?.psi), d?.n ?? 0];
    }),
  ]);
  return csv(header, rows);
}

/** One row per statistic: both tests against the training data, medians, the training range, since when. */
export function driftCsv(report: MonitorReport): string {
  const header = [
    'statistic',
    'flagged',
    'psi',
    'psi_needed',
    'ks_d',
    'ks_p_value',
    'ks_p_limit',
    'frames',
    'live_median',
    'training_median',
    'training_p05',
    'training_p95',
    'out_of_domain_below',
    'out_of_domain_above',
    'since',
  ];
  const rows = report.drift.stats.map((s): Cell[] => [
    s.stat,
    s.flagged,
    round(s.psi),
    round(s.psiNeeded),
    round(s.ks),
    s.pValue < 1e-12 ? 0 : Number(s.pValue.toPrecision(4)),
    Number(report.drift.ksPValueEach.toPrecision(4)),
    s.n,
    round(s.liveMedian),
    round(s.referenceMedian),
    round(s.band[0]),
    round(s.band[1]),
    round(s.lo),
    round(s.hi),
    iso(s.since),
  ]);
  return csv(header, rows);
}

/** One row per alert, its evidence in words and its example frames as inspection seqs separated by spaces. */
export function alertsCsv(alerts: readonly MonitorAlert[]): string {
  const header = ['severity', 'kind', 'title', 'since', 'detail', 'evidence', 'example_seqs'];
  const rows = alerts.map((a): Cell[] => [
    a.severity,
    a.kind,
    a.title,
    iso(a.since),
    a.detail,
    a.evidence.figures.join('; '),
    a.evidence.exampleSeqs.join(' '),
  ]);
  return csv(header, rows);
}

/** The inspection log as JSON: every row as stored, with ISO times beside the ms. */
export function inspectionsJson(rows: readonly InspectionRecord[]): string {
  return reportJson(rows.map((r) => ({ time: iso(r.at), ...r })));
}
