import type { RunRecord, TrainParams } from '../lib/db/schema/runs.ts';
import type { PreprocessSpec } from '../../models/preprocess/spec.ts';

/** A run record for specs: project 'p', snapshot 's', good and bad, running and not yet trained. */
export function testRun(
  id: string,
  params: TrainParams,
  preprocess: PreprocessSpec,
  overrides: Partial<RunRecord> = {},
): RunRecord {
  return {
    id,
    projectId: 'p',
    name: id,
    snapshotId: 's',
    snapshotHash: 'h',
    classes: ['good', 'bad'],
    params,
    preprocess,
    status: 'running',
    backend: 'wasm',
    startedAt: 0,
    finishedAt: null,
    wallMs: 0,
    epochs: [],
    batches: [],
    evaluation: null,
    dataGate: { passed: true, failures: [], override: null },
    notes: '',
    tags: [],
    error: null,
    ...overrides,
  };
}
