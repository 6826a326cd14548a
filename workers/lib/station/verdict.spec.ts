import { describe, expect, it } from 'vitest';
import { isUncertain, UNCERTAIN_BAND, verdictOf } from './verdict.ts';

describe('verdictOf', () => {
  const found = { found: true };
  it('says NG at and above the threshold and OK below it', () => {
    expect(verdictOf(0.33, 0.33, found)).toBe('ng');
    expect(verdictOf(0.9, 0.33, found)).toBe('ng');
    expect(verdictOf(0.3299, 0.33, found)).toBe('ok');
    expect(verdictOf(0, 0.33, found)).toBe('ok');
  });

  it('never says OK without a part, whatever the score', () => {
    expect(verdictOf(0, 0.5, { found: false })).toBe('no-part');
    expect(verdictOf(0.99, 0.5, { found: false })).toBe('no-part');
    expect(verdictOf(null, 0.5, found)).toBe('no-part');
    expect(verdictOf(Number.NaN, 0.5, found)).toBe('no-part');
  });
});

describe('isUncertain', () => {
  it('flags scores within the band around the threshold, on both sides', () => {
    expect(isUncertain(0.5, 0.5)).toBe(true);
    expect(isUncertain(0.5 - UNCERTAIN_BAND, 0.5)).toBe(true);
    expect(isUncertain(0.5 + UNCERTAIN_BAND * 0.99, 0.5)).toBe(true);
    expect(isUncertain(0.5 - UNCERTAIN_BAND * 1.01, 0.5)).toBe(false);
    expect(isUncertain(0.95, 0.5)).toBe(false);
  });

  it('takes a custom band and ignores missing scores', () => {
    expect(isUncertain(0.6, 0.5, 0.05)).toBe(false);
    expect(isUncertain(0.54, 0.5, 0.05)).toBe(true);
    expect(isUncertain(null, 0.5)).toBe(false);
  });
});
