import { describe, expect, it } from 'vitest';
import { isUncertain, UNCERTAIN_BAND_LOGITS, verdictOf } from './verdict.ts';

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
  const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
  it('flags scores within one logit of the threshold, on both sides', () => {
    expect(isUncertain(0.5, 0.5)).toBe(true);
    expect(isUncertain(sigmoid(-UNCERTAIN_BAND_LOGITS * 0.99), 0.5)).toBe(true);
    expect(isUncertain(sigmoid(UNCERTAIN_BAND_LOGITS * 0.99), 0.5)).toBe(true);
    expect(isUncertain(sigmoid(-UNCERTAIN_BAND_LOGITS * 1.01), 0.5)).toBe(false);
    expect(isUncertain(0.95, 0.5)).toBe(false);
  });

  it('follows the threshold: near 0.01 a score of 0.1 is already sure', () => {
    expect(isUncertain(0.02, 0.01)).toBe(true);
    expect(isUncertain(0.1, 0.01)).toBe(false);
    expect(isUncertain(0.001, 0.01)).toBe(false);
  });

  it('takes a custom band and ignores missing scores', () => {
    expect(isUncertain(0.6, 0.5, 0.2)).toBe(false);
    expect(isUncertain(0.54, 0.5, 0.2)).toBe(true);
    expect(isUncertain(null, 0.5)).toBe(false);
  });
});
