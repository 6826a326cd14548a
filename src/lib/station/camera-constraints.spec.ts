import { describe, expect, it } from 'vitest';
import { constraintsFor } from './camera-constraints.ts';

describe('constraintsFor', () => {
  it('asks for the rear camera at its own resolution when nothing was chosen', () => {
    expect(constraintsFor({ deviceId: null, width: null, height: null, torch: false })).toEqual({
      facingMode: { ideal: 'environment' },
    });
  });

  it('insists on the chosen camera and asks for the chosen resolution', () => {
    expect(constraintsFor({ deviceId: 'cam-2', width: 1280, height: 720, torch: true })).toEqual({
      deviceId: { exact: 'cam-2' },
      width: { ideal: 1280 },
      height: { ideal: 720 },
    });
  });
});
