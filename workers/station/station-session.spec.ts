import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelBundle } from '../../models/bundle.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { shippedSource } from './testing.ts';
import { tf } from '../tf/runtime.ts';
import { createRng } from '../lib/rng.ts';
import { renderBackground } from '../lib/synth/background.ts';
import { planCameraSequence, renderCameraFrame } from '../lib/synth/camera.ts';
import { finishToBytes } from '../lib/synth/post.ts';
import { grayPixels } from './frame-input.ts';
import { StationNotLoadedError, StationSession } from './station-session.ts';
import { disposeModel, loadBundleModel } from '../../models/bundle/bundle-model.ts';

const W = 640;
const H = 480;
let bundle: ModelBundle;

const source = (key: string, label = 'default@1') => shippedSource(bundle, key, label);

const clock = () => ({ started: performance.now(), grayMs: 0 });
const frames = planCameraSequence({ frames: 20, seed: 7, defectRatio: 0.5, holdFrames: 5 });
const rendered = frames.map((f) => grayPixels(renderCameraFrame(f, W, H).pixels, W, H));
const plate = grayPixels(
  finishToBytes(renderBackground(createRng(3).fork('background'), W, H), 1, 0, 3 / 255, createRng(3)),
  W,
  H,
);

/** Convolution kernels run while `work` runs: how many times a backbone's convolutions ran. */
async function convolutions(work: () => Promise<unknown>): Promise<number> {
  const info = await tf.profile(async () => {
    await work();
  });
  return info.kernels.filter((k) => k.name === 'FusedConv2D' || k.name === 'Conv2D').length;
}

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  bundle = readShippedBundle();
});

describe('StationSession', () => {
  it('refuses to inspect before a model is loaded', async () => {
    await expect(new StationSession().inspect(plate, clock(), null)).rejects.toThrow(StationNotLoadedError);
  });

  it('judges the camera frames of good and defective screws with the shipped model', async () => {
    const session = new StationSession();
    const info = await session.load(source('a'), 'cpu');
    expect(info.preprocess).toEqual(bundle.metadata.preprocess);
    expect(session.stats().inferences).toBe(1);
    let right = 0;
    for (const [i, pixels] of rendered.entries()) {
      const result = await session.inspect(pixels, clock(), 'continuous');
      expect(result.step).toBe('inspect');
      expect(result.part.found).toBe(true);
      if ((result.verdict === 'ng') === (frames[i]!.label === 'bad')) right++;
    }
    expect(right).toBeGreaterThanOrEqual(19);
    expect(session.stats().inferences).toBe(1 + rendered.length);
  });

  it('runs the model once per frame: its verdict and drift features from one forward pass', async () => {
    const session = new StationSession();
    await session.load(source('a'), 'cpu');
    const model = await loadBundleModel(bundle);
    const input = tf.zeros([1, ...bundle.metadata.inputShape]);
    // The shipped model's own predict: its convolutions on the direct look and on the mirrored one.
    const ownPass = await convolutions(async () => tf.dispose(model.predict(input) as tf.Tensor));
    tf.dispose(input);
    disposeModel(model);
    expect(ownPass).toBeGreaterThan(0);
    const before = session.stats().inferences;
    const frame = await convolutions(() => session.inspect(rendered[0]!, clock(), 'continuous'));
    expect(frame).toBe(ownPass);
    expect(session.stats().inferences).toBe(before + 1);
  });

  it('answers no-part on an empty plate without running the model', async () => {
    const session = new StationSession();
    await session.load(source('a'), 'cpu');
    const before = session.stats().inferences;
    const result = await session.inspect(plate, clock(), 'continuous');
    expect(result).toMatchObject({ verdict: 'no-part', score: null, step: 'no-part' });
    expect(result.note).toMatch(/background/);
    expect(result.timings.inferMs).toBe(0);
    expect(session.stats().inferences).toBe(before);
  });

  it('gives one verdict per held screw with the stable trigger, and holds it', async () => {
    const session = new StationSession();
    await session.load(source('a'), 'cpu');
    const results = [];
    for (const pixels of rendered) results.push(await session.inspect(pixels, clock(), 'stable'));
    expect(results.filter((r) => r.step === 'inspect')).toHaveLength(4);
    const fresh = results.findIndex((r) => r.step === 'inspect');
    expect(results[fresh + 1]).toMatchObject({ step: 'held', verdict: results[fresh]!.verdict });
    expect(results[0]).toMatchObject({ step: 'settling', verdict: 'no-part', score: null });
  });

  it('keeps the tensor count flat over many frames and across a swap', async () => {
    const session = new StationSession();
    await session.load(source('a'), 'cpu');
    await session.inspect(rendered[0]!, clock(), 'continuous');
    const baseline = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) await session.inspect(rendered[i % rendered.length]!, clock(), 'continuous');
    expect(tf.memory().numTensors).toBe(baseline);
    // The old model answers while the new one loads; afterwards only the new one's weights remain.
    const swapping = session.load(source('b', 'screws@2'), 'cpu');
    const during = await session.inspect(rendered[0]!, clock(), 'continuous');
    expect(during.modelLabel).toBe('default@1');
    const info = await swapping;
    expect(info.model.label).toBe('screws@2');
    expect((await session.inspect(rendered[0]!, clock(), 'continuous')).modelLabel).toBe('screws@2');
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it('treats loading the loaded version again as a no-op', async () => {
    const session = new StationSession();
    const first = await session.load(source('a'), 'cpu');
    const tensors = tf.memory().numTensors;
    const again = await session.load(source('a'), 'cpu');
    expect(again.loadMs).toBe(first.loadMs);
    expect(session.stats().inferences).toBe(1);
    expect(tf.memory().numTensors).toBe(tensors);
  });
});
