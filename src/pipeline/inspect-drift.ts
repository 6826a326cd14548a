/** The drift part of the runner's inspect answer: out-of-domain counts and the drift tests. */
import type { DriftStatus } from '../../workers/lib/monitor/monitor-types.ts';
import type { FrameResult } from '../../workers/lib/station/station-types.ts';

/** Drift figures of an inspection: out-of-domain frames among those measured, and the drift status. */
export interface DriftFigures {
  outOfDomain: number;
  /** frames with a part, whose statistics were measured */
  measured: number;
  /** 0..1 */
  outOfDomainShare: number;
  drift: DriftStatus | null;
}

/** Out-of-domain frames among those with a part measured, and the drift tests' verdict in short. */
export function driftFigures(results: readonly FrameResult[], status: DriftStatus | null): DriftFigures {
  const measured = results.filter((r) => r.drift).length;
  const outOfDomain = results.filter((r) => r.drift?.outOfDomain).length;
  return {
    outOfDomain,
    measured,
    outOfDomainShare: measured ? Number((outOfDomain / measured).toFixed(4)) : 0,
    drift: status,
  };
}

/** The drift line of the runner's summary. */
export function driftLine(figures: DriftFigures): string {
  const status = figures.drift;
  const flagged = status?.stats.filter((s) => s.flagged).map((s) => s.stat) ?? [];
  const tests = !status?.reference
    ? 'no drift reference yet'
    : flagged.length
      ? `DRIFT in ${flagged.join(', ')} (${status.window} parts tested against the ${status.reference.source} reference)`
      : `no drift (${status.window} parts tested against the ${status.reference.source} reference)`;
  return `  drift: ${tests}; ${figures.outOfDomain} of ${figures.measured} frames out of domain`;
}
