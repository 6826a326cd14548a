import type { RunRecord } from '../../../workers/lib/db/schema/runs.ts';
import { startOf } from '../../../workers/train/train-params.ts';

/**
 * Where a run's weights started, in words: "scratch", or the backbone (the shipped one or a registered
 * version, with the first 12 hex digits of its weights' SHA-256) and what of it was trained.
 */
export function startLabel(run: Pick<RunRecord, 'params' | 'backbone'>): string {
  const { from, freeze } = startOf(run.params);
  if (from === 'scratch') return 'scratch';
  const who = run.backbone?.model === 'shipped' || from === 'default' ? 'shipped backbone' : from;
  const digest = run.backbone ? ` (weights ${run.backbone.weightsSha256.slice(0, 12)})` : '';
  return `${who}${digest}, ${freeze === 'backbone' ? 'head only' : 'head, then top blocks'}`;
}
