import { describe, expect, it } from 'vitest';
import { flag, numberOption } from './options.ts';

describe('numberOption', () => {
  it('returns the fallback when absent and the number when valid', () => {
    expect(numberOption({}, 'count', 400)).toBe(400);
    expect(numberOption({ count: '120' }, 'count', 400)).toBe(120);
    expect(numberOption({ test: '0.15' }, 'test', 0.2, 'share')).toBe(0.15);
  });

  it('names the flag as typed on the command line and says what it expects', () => {
    expect(flag('defectRatio')).toBe('--defect-ratio');
    expect(() => numberOption({ defectRatio: 'lots' }, 'defectRatio', 0.25)).toThrow(
      '--defect-ratio must be a number, got "lots".',
    );
    expect(() => numberOption({ train: '1.2' }, 'train', 0.7, 'share')).toThrow(
      '--train must be a share between 0 and 1',
    );
    expect(() => numberOption({ seed: '2.5' }, 'seed', 1, 'whole')).toThrow('--seed must be a whole number');
    expect(() => numberOption({ seed: true }, 'seed', 1, 'whole')).toThrow('got "true"');
  });
});
