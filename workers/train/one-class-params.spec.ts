import { describe, expect, it } from 'vitest';
import { defaultScope } from '../lib/domain/scope.ts';
import { defaultTrainParams, validateTrainParams } from './train-params.ts';
import { DEFAULT_ONE_CLASS, paramsForScope, withMode } from './one-class-params.ts';

describe('one-class run params', () => {
  it("gives a one-class project's new runs the mode, the default target and the backbone's input size", () => {
    const params = paramsForScope(defaultTrainParams(64), { ...defaultScope(), mode: 'one-class' });
    expect(params).toMatchObject({ mode: 'one-class', oneClass: DEFAULT_ONE_CLASS, inputSize: 128 });
    expect(validateTrainParams(params)).toEqual([]);
    expect(paramsForScope(defaultTrainParams(64), defaultScope())).toEqual(defaultTrainParams(64));
  });

  it('keeps settings it is given and drops them again for a classifier run', () => {
    const tuned = withMode(
      { ...defaultTrainParams(128), oneClass: { targetFalseRejectRate: 0.05, maxBankSize: 256 } },
      'one-class',
    );
    expect(tuned.oneClass).toEqual({ targetFalseRejectRate: 0.05, maxBankSize: 256 });
    const back = withMode(tuned, 'classifier');
    expect('mode' in back || 'oneClass' in back).toBe(false);
  });

  it('refuses an input size the backbone does not read and a target outside 0..1', () => {
    const bad = {
      ...withMode(defaultTrainParams(128), 'one-class'),
      inputSize: 96,
      oneClass: { targetFalseRejectRate: 1.5, maxBankSize: 1024 },
    };
    expect(validateTrainParams(bad)).toEqual([
      "The shipped backbone takes 128-pixel crops; this run's input is 96. Use input size 128.",
      'The target false-reject rate must be at least 0 and below 1, e.g. 0.02.',
    ]);
  });
});
