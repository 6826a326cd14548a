import { describe, expect, it } from 'vitest';
import type { TrainParams } from '../lib/db/schema/runs.ts';
import { phaseAt, phaseLearningRate, TOP_LEARNING_RATE_FACTOR } from './fine-tune.ts';
import { defaultTrainParams, learningRateAt, validateTrainParams, withStart } from './train-params.ts';

describe('where a run starts', () => {
  it('starts from the shipped backbone, head only, at its input size; from scratch at any other', () => {
    expect(defaultTrainParams(128)).toMatchObject({ from: 'default', freeze: 'backbone' });
    expect(defaultTrainParams(64)).toMatchObject({ from: 'scratch', freeze: 'none' });
    expect(validateTrainParams(defaultTrainParams(128))).toEqual([]);
    expect(validateTrainParams(defaultTrainParams(64))).toEqual([]);
  });

  it('follows a merged config: its shapes pick the start it does not name, its start picks the freeze', () => {
    const base = defaultTrainParams(128);
    const merged = (given: Partial<TrainParams>) => withStart({ ...base, ...given }, given);
    expect(merged({ inputSize: 64 })).toMatchObject({ from: 'scratch', freeze: 'none' });
    expect(merged({ baseFilters: 8 })).toMatchObject({ from: 'scratch', freeze: 'none' });
    expect(merged({ epochs: 3 })).toMatchObject({ from: 'default', freeze: 'backbone' });
    expect(merged({ inputSize: 64, from: 'mine@2' })).toMatchObject({ from: 'mine@2', freeze: 'backbone' });
    expect(merged({ from: 'default', freeze: 'none' })).toMatchObject({ freeze: 'none' });
  });

  it('refuses a start that cannot run, saying what to change', () => {
    const base = defaultTrainParams(128);
    expect(validateTrainParams({ ...base, inputSize: 64 })).toEqual([
      "The shipped backbone takes 128-pixel crops; this run's input is 64. Use input size 128, or start from scratch.",
    ]);
    expect(validateTrainParams({ ...base, baseFilters: 8 })).toEqual([
      'The shipped backbone has 16 base filters; this run asks for 8. Use 16, or start from scratch.',
    ]);
    expect(validateTrainParams({ ...base, from: 'scratch' })).toEqual([
      'Only a run that starts from a backbone can freeze it: start from default or NAME@V.',
    ]);
    expect(validateTrainParams({ ...base, from: 'mine' })[0]).toMatch(/^"Start from" must be default/);
    expect(validateTrainParams({ ...base, from: 'mine@0' })[0]).toMatch(/^"Start from" must be default/);
    expect(validateTrainParams({ ...base, from: 'my model@3' })).toEqual([]);
    expect(validateTrainParams({ ...base, freeze: 'everything' as TrainParams['freeze'] })[0]).toMatch(
      /^"Fine-tune" must be backbone/,
    );
  });
});

describe('fine-tuning phases', () => {
  const p = (epochs: number, freeze: 'backbone' | 'none', from = 'default'): TrainParams => ({
    ...defaultTrainParams(128),
    epochs,
    from,
    freeze,
  });
  const phases = (params: TrainParams) =>
    Array.from({ length: params.epochs }, (_, i) => phaseAt(params, i + 1)).join(' ');

  it('trains the head alone when frozen; a quarter of the epochs before the top blocks join when not', () => {
    expect(phases(p(4, 'backbone'))).toBe('head head head head');
    expect(phases(p(8, 'none'))).toBe('head head top top top top top top');
    expect(phases(p(2, 'none'))).toBe('head top');
    expect(phases(p(3, 'none', 'scratch'))).toBe('all all all');
    const { from: _from, freeze: _freeze, ...legacy } = p(2, 'none');
    expect(phases({ ...legacy, epochs: 2 })).toBe('all all');
  });

  it('fine-tunes the top blocks at a tenth of the schedule', () => {
    const params = p(8, 'none');
    expect(phaseLearningRate(params, 1)).toBe(learningRateAt(params, 0));
    expect(phaseLearningRate(params, 5)).toBeCloseTo(
      learningRateAt(params, 4) * TOP_LEARNING_RATE_FACTOR,
      12,
    );
  });
});
