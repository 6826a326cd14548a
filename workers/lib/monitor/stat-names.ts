/** The drift statistics in words, for alerts, exports and the Monitor page. */
import type { DriftStat } from './monitor-types.ts';

/** Each statistic's name as a person reads it. */
export const STAT_NAMES: Record<DriftStat, string> = {
  brightness: 'brightness',
  contrast: 'contrast',
  sharpness: 'sharpness',
  foreground: 'foreground share',
  partLength: 'part length',
  partAngle: 'part angle',
  embedding: 'feature distance',
};
