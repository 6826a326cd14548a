import { describe, expect, it } from 'vitest';
import type { DeployedModel, FrameResult } from '../../../workers/lib/station/station-types.ts';
import { gapRow, healthRow, verdictRow } from './log-rows.ts';

const result = (found: boolean): FrameResult => ({
  verdict: found ? 'ng' : 'no-part',
  score: found ? 0.91 : null,
  threshold: 0.4,
  frameWidth: 640,
  frameHeight: 480,
  part: { found, cx: 300.5, cy: 200.25, angle: 0.3, length: 250, width: 60, fraction: 0.1 },
  timings: { preprocessMs: 3, inferMs: 5, totalMs: 8 },
  modelLabel: 'screws@3',
  versionId: 'v3',
  step: found ? 'inspect' : 'no-part',
  note: found ? null : 'nothing in view',
});

describe('verdictRow', () => {
  it("keeps an out-of-domain frame's drift statistics and says why in its note", () => {
    const drift = {
      stats: { brightness: 81, sharpness: 900 },
      outOfDomain: true,
      reasons: ['brightness 81 below the training range 146–178'],
    };
    const row = verdictRow(
      'p1',
      { ...result(true), verdict: 'out-of-domain', drift },
      {
        trigger: 'continuous',
        latencyMs: 20,
        uncertain: false,
        at: 1,
      },
    );
    expect(row).toMatchObject({
      verdict: 'out-of-domain',
      score: 0.91,
      stats: drift.stats,
      outOfDomain: true,
    });
    expect(row.note).toBe('brightness 81 below the training range 146–178');
    expect(
      verdictRow('p1', result(true), { trigger: 'stable', latencyMs: 1, uncertain: false, at: 1 }),
    ).not.toHaveProperty('stats');
  });

  it('keeps what the CSV and the accuracy check read: verdict, score, part centre and frame size', () => {
    const row = verdictRow('p1', result(true), {
      trigger: 'stable',
      latencyMs: 21.5,
      uncertain: false,
      at: 1000,
    });
    expect(row).toMatchObject({
      projectId: 'p1',
      at: 1000,
      kind: 'verdict',
      verdict: 'ng',
      score: 0.91,
      threshold: 0.4,
      trigger: 'stable',
      latencyMs: 21.5,
      modelLabel: 'screws@3',
      versionId: 'v3',
      part: { cx: 300.5, cy: 200.25, angle: 0.3, length: 250 },
      frameWidth: 640,
      frameHeight: 480,
      note: null,
    });
  });

  it('stores no part position when no part was found, and keeps why', () => {
    const row = verdictRow('p1', result(false), {
      trigger: 'continuous',
      latencyMs: 4,
      uncertain: false,
      at: 5,
    });
    expect(row.part).toBeNull();
    expect(row.score).toBeNull();
    expect(row.note).toBe('nothing in view');
  });

  it('carries the challenger’s shadow answer when there is one, and no shadow field without', () => {
    const frame = { trigger: 'continuous', latencyMs: 9, uncertain: false, at: 7 } as const;
    const shadow = {
      ran: true,
      versionId: 'v4',
      label: 'screws@4',
      score: 0.2,
      verdict: 'ok',
      latencyMs: 11,
      agrees: false,
    } as const;
    expect(verdictRow('p1', { ...result(true), shadow }, frame).shadow).toEqual(shadow);
    expect('shadow' in verdictRow('p1', result(true), frame)).toBe(false);
  });
});

describe('gapRow', () => {
  it('is stamped when the gap began and says how long it lasted', () => {
    const model = { versionId: 'v3', label: 'screws@3' } as DeployedModel;
    const row = gapRow('p1', model, 'inspection worker restarted', 10_000, 13_460);
    expect(row).toMatchObject({
      kind: 'gap',
      at: 10_000,
      verdict: null,
      score: null,
      modelLabel: 'screws@3',
    });
    expect(row.note).toBe('inspection worker restarted (3.5 s without inspection)');
  });

  it('works before any model was loaded', () => {
    const row = gapRow('p1', null, 'camera disconnected', 0, 2000);
    expect(row.versionId).toBeNull();
    expect(row.modelLabel).toBe('');
  });
});

describe('healthRow', () => {
  it('is neither a verdict nor a gap, and carries the sample and the model it ran', () => {
    const model = { versionId: 'v3', label: 'screws@3' } as DeployedModel;
    const sample = {
      seconds: 10,
      framesSeen: 100,
      framesInspected: 90,
      framesDropped: 10,
      fps: 9,
      backend: 'wasm',
      numTensors: 3,
      numBytes: 1000,
      wasmHeapBytes: 65536,
    };
    const row = healthRow('p1', model, sample, 5000);
    expect(row).toMatchObject({
      kind: 'health',
      at: 5000,
      verdict: null,
      score: null,
      modelLabel: 'screws@3',
    });
    expect(row.health).toEqual(sample);
    expect(healthRow('p1', null, sample, 1).versionId).toBeNull();
  });
});
