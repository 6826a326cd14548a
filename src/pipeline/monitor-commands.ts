import { projects } from '../lib/stores/projects.svelte.ts';
import { fetchMonitorReport } from '../lib/bridges/monitor-bridge.ts';
import type { MonitorReport } from '../../workers/lib/monitor/report-types.ts';
import { STAT_WORDS } from '../../workers/lib/monitor/drift-reference.ts';
import { defineCommand } from './options.ts';
import type { PipelineCommand } from './types.ts';

const iso = (ms: number | null) => (ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString());
const round = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined || !Number.isFinite(v) ? null : Number(v.toFixed(digits));
const pct = (v: number | null) => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);

/** The report's current figures as the runner prints them: metrics, drift tests, alerts. */
function reportData(report: MonitorReport) {
  const { infrastructure: infra, behaviour: b, drift } = report;
  return {
    window: report.window,
    from: iso(report.from),
    to: iso(report.to),
    models: report.models,
    frames: report.frames,
    infrastructure: {
      latencyMs: infra.latencyMs,
      fps: infra.fps && { mean: round(infra.fps.mean, 2), last: round(infra.fps.last, 2) },
      framesSeen: infra.framesSeen,
      framesDropped: infra.framesDropped,
      droppedShare: round(infra.droppedShare),
      backend: infra.backend,
      tensors: infra.tensors,
      bytes: infra.bytes,
      workerRestarts: infra.workerRestarts,
      cameraInterruptions: infra.cameraInterruptions,
    },
    behaviour: {
      verdicts: b.verdicts,
      defectRate: round(b.defectRate),
      uncertainShare: round(b.uncertainShare),
      outOfDomainShare: round(b.outOfDomainShare),
      threshold: b.threshold,
      expected: b.expected && {
        evaluationId: b.expected.evaluationId,
        images: b.expected.images,
        defectRate: round(b.expected.defectRate),
        uncertainShare: round(b.expected.uncertainShare),
        accuracy: round(b.expected.accuracy),
      },
    },
    drift: {
      reference: drift.reference,
      drifted: drift.drifted,
      since: iso(drift.since),
      stats: drift.stats.map((s) => ({
        stat: s.stat,
        flagged: s.flagged,
        psi: round(s.psi),
        ks: round(s.ks),
        pValue: s.pValue,
        n: s.n,
        liveMedian: round(s.liveMedian),
        referenceMedian: round(s.referenceMedian),
        since: iso(s.since),
        sinceMedian: round(s.sinceMedian),
      })),
    },
    alerts: report.alerts.map((a) => ({
      kind: a.kind,
      severity: a.severity,
      title: a.title,
      detail: a.detail,
      since: iso(a.since),
      evidence: a.evidence.figures,
      exampleSeqs: a.evidence.exampleSeqs,
    })),
    limits: report.limits,
  };
}

function summary(label: string, report: MonitorReport): string {
  const { infrastructure: infra, behaviour: b, drift } = report;
  const lat = infra.latencyMs;
  return [
    `Monitor of ${label}, window ${report.window}: ${report.frames} verdicts since ${iso(report.from) ?? 'the start'}.`,
    `  latency p50/p95/p99: ${lat ? `${lat.p50}/${lat.p95}/${lat.p99} ms` : 'n/a'}; fps ${infra.fps ? infra.fps.mean.toFixed(1) : 'n/a'}; dropped ${infra.framesDropped}; restarts ${infra.workerRestarts}; camera interruptions ${infra.cameraInterruptions}`,
    `  verdicts: ${b.verdicts.ok} OK, ${b.verdicts.ng} NG, ${b.verdicts.outOfDomain} out of domain, ${b.verdicts.noPart} no part; defect rate ${pct(b.defectRate)}${b.expected ? ` (evaluation ${pct(b.expected.defectRate)})` : ''}; uncertain ${pct(b.uncertainShare)}`,
    drift.reference
      ? `  drift (${drift.reference.source}, ${drift.reference.count} reference images): ` +
        (drift.stats
          .map((s) => `${STAT_WORDS[s.stat]} PSI ${s.psi.toFixed(2)}${s.flagged ? ' DRIFTED' : ''}`)
          .join(', ') || 'no measured frames')
      : '  drift: no training reference for this model yet',
    ...(report.alerts.length
      ? report.alerts.map((a) => `  ALERT (${a.severity}) ${a.title}: ${a.evidence.figures.join('; ')}`)
      : ['  no alerts']),
  ].join('\n');
}

const monitorCommand = defineCommand({
  name: 'monitor',
  describe:
    'the monitoring report of the deployment on this device: current metrics, drift statistics with their tests, alerts',
  options: {
    window: {
      type: 'string',
      default: 'shift',
      choices: ['hour', 'shift', 'day', 'all'],
      help: 'the last hour, the running shift, the last 24 hours or everything',
    },
  },
  async run(options) {
    const project = projects.current;
    if (!project) throw new Error('No project is open; pass --project NAME.');
    const { model, report } = await fetchMonitorReport(project.id, options.window as MonitorReport['window']);
    return {
      summary: summary(model.label, report),
      data: { model, ...reportData(report) },
      // Alerts are findings, not failures: the runner exits 0 and the JSON carries them.
      exitCode: 0,
    };
  },
});

/** The Monitor stage's runner commands. */
export const MONITOR_COMMANDS: PipelineCommand[] = [monitorCommand];
