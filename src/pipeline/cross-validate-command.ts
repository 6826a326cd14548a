/** `pipeline evaluate --cross-validate`: k-fold × r cross-validation of a run, with its per-fold rows. */
import { crossValidation } from '../lib/stores/cross-validation.svelte.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import type { RunRecord } from '../../workers/lib/db/schema/runs.ts';
import type { FoldMetricSummary } from '../../workers/lib/db/schema/cross-validation.ts';
import { DEFAULT_FOLDS, DEFAULT_REPEATS } from '../../workers/lib/evaluate/cross-validation.ts';
import {
  crossValidatedGate,
  cvTitle,
  CV_INTERVAL_NOTE,
} from '../../workers/lib/evaluate/cross-validation-summary.ts';
import type { CommandResult } from './types.ts';

/** The evaluate command's cross-validation options. */
export const CROSS_VALIDATE_OPTIONS = {
  crossValidate: {
    type: 'flag',
    help: 'retrain the run’s params on k folds × r repeats of its snapshot and score each held-out fold',
  },
  folds: { type: 'whole', default: DEFAULT_FOLDS, help: 'folds (k) of --cross-validate' },
  repeats: { type: 'whole', default: DEFAULT_REPEATS, help: 'repeats (r) of --cross-validate' },
  seed: { type: 'whole', help: 'seed of the fold plan (default: the run’s training seed)' },
} as const;

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const line = (name: string, s: FoldMetricSummary | null) =>
  s ? `${name} ${percent(s.mean)} [${percent(s.lower)}–${percent(s.upper)}]` : `${name} n/a`;

/** Cross-validates the run and reports every fold, the summary and the gate on the cross-validated figure. */
export async function crossValidateCommand(
  run: RunRecord,
  options: { readonly folds: number; readonly repeats: number; readonly seed?: number },
): Promise<CommandResult> {
  const updated = await crossValidation.run(run.id, {
    folds: options.folds,
    repeats: options.repeats,
    seed: options.seed,
  });
  const cv = updated.crossValidation!;
  const scope = projects.current?.scope;
  const gate = scope ? crossValidatedGate(scope.gate, cv, updated.dataGate) : null;
  const s = cv.summary;
  const summary = [
    `${run.name}: ${cvTitle(cv)} on ${cv.images} images (${cv.defective} defective), seed ${cv.seed}, ${(cv.wallMs / 1000).toFixed(1)} s:`,
    [
      line('accuracy', s.accuracy),
      line('AUROC', s.auroc),
      line('defect recall', s.recall),
      line('false rejects', s.falseRejectRate),
    ].join(', '),
    `intervals: ${CV_INTERVAL_NOTE}`,
    gate ? `gate on ${gate.figure}: ${gate.passed ? 'passed' : 'FAILED'}` : 'no gate: no project open',
    ...(gate?.criteria.filter((c) => !c.passed).map((c) => `  - ${c.message}`) ?? []),
  ].join('\n');
  return {
    summary,
    data: {
      run: run.name,
      runId: run.id,
      folds: cv.folds,
      repeats: cv.repeats,
      seed: cv.seed,
      images: cv.images,
      good: cv.good,
      defective: cv.defective,
      validationShare: cv.validationShare,
      interval: CV_INTERVAL_NOTE,
      perFold: cv.perFold,
      summary: cv.summary,
      gate,
      backend: cv.backend,
      wallMs: cv.wallMs,
    },
    exitCode: gate && !gate.passed ? 1 : 0,
  };
}
