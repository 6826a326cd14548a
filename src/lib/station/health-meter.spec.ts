import { describe, expect, it } from 'vitest';
import { HealthMeter } from './health-meter.ts';

const worker = { backend: 'webgl', numTensors: 12, numBytes: 4096, wasmHeapBytes: null };

describe('HealthMeter', () => {
  it('turns ten seconds of counted frames into one sample and starts afresh', () => {
    const meter = new HealthMeter();
    meter.reset(1000);
    for (let i = 0; i < 100; i++) {
      meter.seen();
      if (i % 4 === 3) meter.dropped();
      else meter.inspected();
    }
    const sample = meter.take(11_000, worker);
    expect(sample).toEqual({
      seconds: 10,
      framesSeen: 100,
      framesInspected: 75,
      framesDropped: 25,
      fps: 7.5,
      ...worker,
    });
    meter.seen();
    meter.inspected();
    expect(meter.take(13_000, worker)).toMatchObject({ seconds: 2, framesSeen: 1, fps: 0.5 });
  });

  it('gives no sample for a stretch without camera frames', () => {
    const meter = new HealthMeter();
    meter.reset(0);
    expect(meter.pending).toBe(0);
    expect(meter.take(10_000, worker)).toBeNull();
  });
});
