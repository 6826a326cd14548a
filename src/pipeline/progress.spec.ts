import { describe, expect, it } from 'vitest';
import { duration, importLine, profileLine, trainLine } from './progress.ts';
import type { TrainProgress } from '../../workers/train/train-types.ts';
import type { EpochMetrics } from '../../workers/lib/db/schema/runs.ts';

const epoch = (valAccuracy: number | null): EpochMetrics => ({
  epoch: 11,
  loss: 0.3,
  accuracy: 0.9,
  valLoss: 0.25,
  valAccuracy,
  ms: 900,
  imagesPerSecond: 200,
});

const training: TrainProgress = {
  runId: 'r1',
  phase: 'training',
  epoch: 12,
  epochs: 60,
  batch: 3,
  batches: 9,
  loss: 0.21,
  accuracy: 0.875,
  imagesPerSecond: 212.44,
  etaMs: 80_400,
  backend: 'wasm',
  memory: { numTensors: 10, numBytes: 1000 },
};

describe('progress lines', () => {
  it('shows the epoch with the latest validation accuracy once an epoch finished', () => {
    expect(trainLine(training, epoch(0.93))).toBe(
      'train: epoch 12/60 · batch 3/9 · val acc 0.930 · 212.4 images/s · 1m 20s left',
    );
    expect(trainLine({ ...training, finishedEpoch: epoch(0.5) }, epoch(0.93))).toContain('val acc 0.500');
  });

  it('falls back to the batch accuracy before any validation, and names the other phases', () => {
    expect(trainLine({ ...training, etaMs: null }, epoch(null))).toBe(
      'train: epoch 12/60 · batch 3/9 · acc 0.875 · 212.4 images/s',
    );
    expect(trainLine({ ...training, phase: 'preparing', prepared: { done: 40, total: 240 } })).toBe(
      'train: preparing 40/240 images',
    );
    expect(trainLine({ ...training, phase: 'evaluating' })).toBe('train: evaluating on the test split');
  });

  it('counts files of an import, with or without a known total, and images of a profile', () => {
    const counts = { accepted: 1, duplicates: 0, rejected: 0, conflicts: 0 };
    const base = { processed: 120, total: 400, counts, imagesPerSecond: 31.24, current: 'good/0042.png' };
    expect(importLine(base)).toBe('import: 120/400 files · 31.2 images/s · good/0042.png');
    expect(importLine({ ...base, total: null, current: '' })).toBe('import: 120 files · 31.2 images/s');
    expect(profileLine({ done: 300, total: 1000, imagesPerSecond: 85 })).toBe(
      'profile: 300/1000 images · 85.0 images/s',
    );
  });

  it('writes durations in seconds, minutes or hours', () => {
    expect(duration(44_600)).toBe('45s');
    expect(duration(185_000)).toBe('3m 05s');
    expect(duration(3_720_000)).toBe('1h 02m');
    expect(duration(-5)).toBe('0s');
  });
});
