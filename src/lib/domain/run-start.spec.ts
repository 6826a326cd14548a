import { describe, expect, it } from 'vitest';
import { defaultTrainParams } from '../../../workers/train/train-params.ts';
import { startLabel } from './run-start.ts';

describe('startLabel', () => {
  const digest = 'ab'.repeat(32);

  it('names the backbone, its weights and what was trained', () => {
    expect(
      startLabel({ params: defaultTrainParams(128), backbone: { model: 'shipped', weightsSha256: digest } }),
    ).toBe('shipped backbone (weights abababababab), head only');
    expect(
      startLabel({
        params: { ...defaultTrainParams(64), from: 'screws@2', freeze: 'none' },
        backbone: { model: 'screws@2', weightsSha256: digest },
      }),
    ).toBe('screws@2 (weights abababababab), head, then top blocks');
  });

  it('says scratch for a run from scratch and for one stored before runs recorded their start', () => {
    expect(startLabel({ params: defaultTrainParams(64), backbone: null })).toBe('scratch');
    const { from: _from, freeze: _freeze, ...legacy } = defaultTrainParams(128);
    expect(startLabel({ params: legacy })).toBe('scratch');
  });
});
