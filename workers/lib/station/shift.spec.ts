import { describe, expect, it } from 'vitest';
import { shiftStart } from './shift.ts';

const at = (y: number, mo: number, d: number, h: number, mi = 0) => new Date(y, mo - 1, d, h, mi);

describe('shiftStart', () => {
  it('starts the shift at the last start hour passed today', () => {
    expect(shiftStart(at(2026, 3, 10, 9, 30))).toBe(at(2026, 3, 10, 6).getTime());
    expect(shiftStart(at(2026, 3, 10, 14, 0))).toBe(at(2026, 3, 10, 14).getTime());
    expect(shiftStart(at(2026, 3, 10, 23, 59))).toBe(at(2026, 3, 10, 22).getTime());
  });

  it('keeps the night shift that began yesterday before the first start hour', () => {
    expect(shiftStart(at(2026, 3, 1, 2, 15))).toBe(at(2026, 2, 28, 22).getTime());
  });

  it('takes other shift patterns, in any order', () => {
    expect(shiftStart(at(2026, 3, 10, 19), [18, 6])).toBe(at(2026, 3, 10, 18).getTime());
    expect(() => shiftStart(at(2026, 3, 10, 19), [])).toThrow(/start hour/);
  });
});
