/**
 * The alerts of a monitoring report, with their limits from the scope card: "Retraining recommended"
 * when the frames drift from the training data, lie out of domain or sit near the threshold too often,
 * and warnings for the defect rate, latency and worker restarts.
 */
import type { MonitorThresholds } from '../domain/scope.ts';
import { STAT_WORDS } from './drift-reference.ts';
import type {
  BehaviourReport,
  DriftReport,
  InfrastructureReport,
  MonitorAlert,
  StatDriftReport,
} from './report-types.ts';

/** Rates (defect, uncertain, out of domain) alert only over at least this many frames: fewer are noise. */
export const MIN_ALERT_FRAMES = 20;

/** Worker restarts in a window that deserve a look: one can be a fluke (a lost WebGL context). */
export const RESTART_ALERT = 2;

/** What the alerts are computed from. */
export interface AlertInput {
  drift: DriftReport;
  behaviour: BehaviourReport;
  infrastructure: InfrastructureReport;
  limits: MonitorThresholds;
  /** inspection row seqs with thumbnails: frames that show drift, and uncertain or out-of-domain frames */
  examples: { drift: number[]; review: number[] };
}

const percent = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

/** "brightness: median 61 since the drift vs 118 in training (PSI 2.31, KS p < 0.001)" */
export function describeStatDrift(s: StatDriftReport): string {
  const p = s.pValue < 0.001 ? 'p < 0.001' : `p = ${s.pValue.toFixed(3)}`;
  const fmt = (v: number) => (Math.abs(v) >= 10 ? v.toFixed(0) : v.toFixed(2));
  const live =
    s.sinceMedian !== null
      ? `${fmt(s.sinceMedian)} since the drift began`
      : `${fmt(s.liveMedian)} in the window`;
  return `${STAT_WORDS[s.stat]}: median ${live} vs ${fmt(s.referenceMedian)} in training (PSI ${s.psi.toFixed(2)}, KS ${p})`;
}

function retrainAlert({ drift, behaviour, limits, examples }: AlertInput): MonitorAlert | null {
  // The drift report lists the statistics in evidence order: furthest moved first.
  const stats = drift.stats.filter((s) => s.flagged);
  const enough = behaviour.withPart >= MIN_ALERT_FRAMES;
  const judged = behaviour.verdicts.ok + behaviour.verdicts.ng;
  const ood = enough && (behaviour.outOfDomainShare ?? 0) >= limits.outOfDomainShare;
  const uncertain = judged >= MIN_ALERT_FRAMES && (behaviour.uncertainShare ?? 0) >= limits.uncertainShare;
  if (!stats.length && !ood && !uncertain) return null;
  const figures = [
    ...stats.map(describeStatDrift),
    ...(ood
      ? [
          `out of domain ${percent(behaviour.outOfDomainShare!)} of frames ≥ ${percent(limits.outOfDomainShare)}`,
        ]
      : []),
    ...(uncertain
      ? [`uncertain ${percent(behaviour.uncertainShare!)} of verdicts ≥ ${percent(limits.uncertainShare)}`]
      : []),
  ];
  const why = stats.length
    ? `The frames no longer look like the training data (${stats.map((s) => STAT_WORDS[s.stat]).join(', ')}).`
    : ood
      ? 'Many frames lie outside the training data.'
      : 'Many verdicts lie too close to the threshold to trust.';
  return {
    kind: 'retrain',
    severity: stats.length || ood ? 'critical' : 'warning',
    title: 'Retraining recommended',
    detail: `${why} Check the camera and lighting; if the new look is here to stay, label the review queue's frames, take a snapshot and train on it.`,
    // The statistic that moved furthest leads the evidence, and its start dates the alert.
    since: stats[0]?.since ?? drift.since,
    evidence: {
      stats,
      figures,
      exampleSeqs: stats.length ? examples.drift : examples.review,
    },
  };
}

function defectRateAlert({ behaviour, limits, drift }: AlertInput): MonitorAlert | null {
  const judged = behaviour.verdicts.ok + behaviour.verdicts.ng;
  const rate = behaviour.defectRate;
  if (judged < MIN_ALERT_FRAMES || rate === null || rate < limits.defectRate) return null;
  const expected = behaviour.expected;
  const figures = [
    `defect rate ${percent(rate)} of ${judged} verdicts ≥ ${percent(limits.defectRate)}`,
    ...(expected
      ? [`evaluation predicted ${percent(expected.defectRate)} on ${expected.images} images`]
      : []),
  ];
  return {
    kind: 'defect-rate',
    severity: 'warning',
    title: 'Defect rate above its limit',
    detail: drift.drifted
      ? 'Many parts are rejected while the frames drift from the training data: the model, not the line, is the likelier cause.'
      : 'Many parts are rejected: check the line, then the model on a sample of rejected parts.',
    since: null,
    evidence: { stats: [], figures, exampleSeqs: [] },
  };
}

function latencyAlert({ infrastructure, limits }: AlertInput): MonitorAlert | null {
  const p95 = infrastructure.latencyMs?.p95;
  if (p95 === undefined || p95 <= limits.p95LatencyMs) return null;
  return {
    kind: 'latency',
    severity: 'warning',
    title: 'The station is slow',
    detail:
      'Frame-to-verdict latency is above its limit; close other apps or choose a faster backend in Diagnostics.',
    since: null,
    evidence: {
      stats: [],
      figures: [`p95 ${p95.toFixed(0)} ms > ${limits.p95LatencyMs} ms`],
      exampleSeqs: [],
    },
  };
}

function restartAlert({ infrastructure }: AlertInput): MonitorAlert | null {
  const n = infrastructure.workerRestarts;
  if (n < RESTART_ALERT) return null;
  const latest = infrastructure.gaps.find((g) => g.kind === 'restart');
  return {
    kind: 'restarts',
    severity: 'warning',
    title: 'The inspection worker restarted',
    detail: `The worker restarted ${n} times in this window; check Diagnostics for the backend and memory.`,
    since: latest?.at ?? null,
    evidence: { stats: [], figures: [`${n} restarts ≥ ${RESTART_ALERT}`], exampleSeqs: [] },
  };
}

/** The report's alerts, most urgent first. */
export function monitorAlerts(input: AlertInput): MonitorAlert[] {
  const alerts = [retrainAlert(input), defectRateAlert(input), latencyAlert(input), restartAlert(input)];
  return alerts
    .filter((a): a is MonitorAlert => a !== null)
    .sort((a, b) => Number(b.severity === 'critical') - Number(a.severity === 'critical'));
}
