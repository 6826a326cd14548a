import { describe, expect, it } from 'vitest';
import { SPLITS, isSplit } from './split.ts';

describe('isSplit', () => {
  it('accepts exactly the three split names', () => {
    for (const split of SPLITS) expect(isSplit(split)).toBe(true);
    for (const other of ['Train', 'val', 'testing', '', null, undefined, 1])
      expect(isSplit(other)).toBe(false);
  });
});
