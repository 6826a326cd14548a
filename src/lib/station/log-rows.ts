import type { NewInspection } from '../../../workers/lib/db/inspections-repo.ts';
import type { DeployedModel, FrameResult, Trigger } from '../../../workers/lib/station/station-types.ts';
import type { HealthSample } from '../../../workers/lib/monitor/monitor-types.ts';

/** The inspection log's row for one judged frame. */
export function verdictRow(
  projectId: string,
  result: FrameResult,
  frame: { trigger: Trigger; latencyMs: number; uncertain: boolean; at: number },
): NewInspection {
  const { part } = result;
  return {
    projectId,
    at: frame.at,
    kind: 'verdict',
    // An out-of-domain frame's note says which statistics put it there.
    note: result.note ?? (result.drift?.outOfDomain ? result.drift.reasons.join('; ') : null),
    versionId: result.versionId,
    modelLabel: result.modelLabel,
    trigger: frame.trigger,
    verdict: result.verdict,
    score: result.score,
    threshold: result.threshold,
    uncertain: frame.uncertain,
    latencyMs: frame.latencyMs,
    part: part.found ? { cx: part.cx, cy: part.cy, angle: part.angle, length: part.length } : null,
    frameWidth: result.frameWidth,
    frameHeight: result.frameHeight,
    // The challenger's answer in shadow, or why it was skipped; rows without a challenger carry none.
    ...(result.shadow ? { shadow: result.shadow } : {}),
    // The frame's drift statistics, for the monitor's drift tests over any window.
    ...(result.drift ? { stats: result.drift.stats, outOfDomain: result.drift.outOfDomain } : {}),
  };
}

/**
 * The inspection log's row for a stretch without inspection (worker restart, camera away), stamped
 * when it began (`at`, ms since epoch) and saying how long it lasted (`until`).
 */
export function gapRow(
  projectId: string,
  model: DeployedModel | null,
  what: string,
  at: number,
  until: number,
): NewInspection {
  const seconds = Math.round((until - at) / 100) / 10;
  return {
    ...emptyRow(projectId, model, at),
    kind: 'gap',
    note: `${what} (${seconds} s without inspection)`,
  };
}

/** A row that is not a verdict: no score, part or frame, only the model that was deployed. */
function emptyRow(projectId: string, model: DeployedModel | null, at: number): NewInspection {
  return {
    projectId,
    at,
    kind: 'gap',
    note: null,
    versionId: model?.versionId ?? null,
    modelLabel: model?.label ?? '',
    trigger: null,
    verdict: null,
    score: null,
    threshold: null,
    uncertain: false,
    latencyMs: null,
    part: null,
    frameWidth: null,
    frameHeight: null,
  };
}

/**
 * The inspection log's health row: the station's frame rate, drops and memory over the stretch that
 * ends at `at` (ms since epoch). Neither a verdict nor a gap: counters and the on-screen log skip it.
 */
export function healthRow(
  projectId: string,
  model: DeployedModel | null,
  health: HealthSample,
  at: number,
): NewInspection {
  return { ...emptyRow(projectId, model, at), kind: 'health', health };
}
