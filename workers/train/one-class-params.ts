/** A run's one-class settings: what a scope in one-class mode gives new runs, and what is refused. */
import type { TrainParams } from '../lib/db/schema/runs.ts';
import { scopeMode, type Scope, type ScopeMode } from '../lib/domain/scope.ts';
import { SHIPPED_BACKBONE } from './shipped-backbone.ts';

/** Crop width (pixels) of the shipped backbone a one-class model reads its patch features from. */
export const ONE_CLASS_INPUT_SIZE = SHIPPED_BACKBONE.inputSize;

/** One-class settings of a run that sets none: 2 % false rejects, and a bank small enough for camera rate. */
export const DEFAULT_ONE_CLASS: NonNullable<TrainParams['oneClass']> = {
  targetFalseRejectRate: 0.02,
  maxBankSize: 1024,
};

/** Fewest good train images a one-class run fits on. */
export const MIN_GOOD_TRAIN_IMAGES = 10;

/** Whether a run trains a one-class model. */
export function isOneClass(params: Pick<TrainParams, 'mode'>): boolean {
  return params.mode === 'one-class';
}

/** The params set to a mode: one-class adds its settings (the defaults unless given) and the backbone's input size. */
export function withMode(params: TrainParams, mode: ScopeMode): TrainParams {
  const { mode: _mode, oneClass, ...classifier } = params;
  if (mode === 'classifier') return classifier;
  // The bank is built on a pretrained backbone's features, frozen: the shipped one unless a registered one is named.
  const from = classifier.from && classifier.from !== 'scratch' ? classifier.from : 'default';
  return {
    ...classifier,
    inputSize: ONE_CLASS_INPUT_SIZE,
    ...(from === 'default' ? { baseFilters: SHIPPED_BACKBONE.baseFilters } : {}),
    from,
    freeze: 'backbone',
    defectTypeTargets: false,
    mode,
    oneClass: { ...DEFAULT_ONE_CLASS, ...oneClass },
  };
}

/** New-run params for a project: one-class when its scope card says so. */
export function paramsForScope(params: TrainParams, scope: Pick<Scope, 'mode'>): TrainParams {
  return withMode(params, scopeMode(scope));
}

/** Why a run's one-class settings cannot run, one message per problem; empty when valid or not one-class. */
export function oneClassProblems(p: TrainParams): string[] {
  if (p.mode !== undefined && p.mode !== 'classifier' && p.mode !== 'one-class')
    return [`The mode must be classifier or one-class, not "${String(p.mode)}".`];
  if (!isOneClass(p)) return [];
  const problems: string[] = [];
  // The input size is checked with the start: the backbone named by `from` fixes it.
  const { targetFalseRejectRate: rate, maxBankSize } = { ...DEFAULT_ONE_CLASS, ...p.oneClass };
  if (!(rate >= 0 && rate < 1))
    problems.push('The target false-reject rate must be at least 0 and below 1, e.g. 0.02.');
  if (!Number.isInteger(maxBankSize) || maxBankSize < 16 || maxBankSize > 8192)
    problems.push('The memory bank must hold 16..8192 patches, e.g. 1024.');
  return problems;
}
