import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelBundle } from '../../models/bundle.ts';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { shippedSource } from './testing.ts';
import { tf } from '../tf/runtime.ts';
import { createRng } from '../lib/rng.ts';
import { renderBackground } from '../lib/synth/background.ts';
import { planCameraSequence, renderCameraFrame } from '../lib/synth/camera.ts';
import { finishToBytes } from '../lib/synth/post.ts';
import { frameModelInput, grayPixels, locatePart } from './frame-input.ts';
import { StationNotLoadedError, StationSession } from './station-session.ts';
import { loadBundleModel, disposeModel, modelArtifacts } from '../../models/bundle/bundle-model.ts';
import { fitOneClass, oneClassMetadata } from '../../models/one-class/one-class-model.ts';
import { badProbabilityAt } from '../../models/one-class/scorer.ts';
import { scoreAtThreshold } from '../lib/one-class/anomaly-heat.ts';

const W = 640;
const H = 480;
let bundle: ModelBundle;
let oneClass: ModelBundle;

const source = (key: string, label = 'default@1') => shippedSource(bundle, key, label);

const clock = () => ({ started: performance.now(), grayMs: 0 });
const frames = planCameraSequence({ frames: 20, seed: 7, defectRatio: 0.5, holdFrames: 5 });
const rendered = frames.map((f) => grayPixels(renderCameraFrame(f, W, H).pixels, W, H));
const plate = grayPixels(
  finishToBytes(renderBackground(createRng(3).fork('background'), W, H), 1, 0, 3 / 255, createRng(3)),
  W,
  H,
);

/**
 * A one-class model on the shipped model's patch features, fitted on the crops of the good camera
 * frames: what training makes from good parts only, bundled as the station loads it.
 */
async function oneClassBundle(shipped: ModelBundle): Promise<ModelBundle> {
  const { preprocess, inputShape } = shipped.metadata;
  const good = rendered.filter((_, i) => frames[i]!.label === 'good');
  const size = inputShape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(good.length * size);
  good.forEach((pixels, i) =>
    data.set(frameModelInput(pixels, locatePart(pixels).geometry, preprocess).data, i * size),
  );
  const backbone = await loadBundleModel(shipped);
  const crops = tf.tensor4d(data, [good.length, ...(inputShape as [number, number, number])]);
  const fit = await fitOneClass(backbone, crops, { maxBankSize: 400, seed: 5 });
  tf.dispose(crops);
  disposeModel(backbone);
  try {
    return {
      metadata: {
        ...shipped.metadata,
        name: 'good parts',
        threshold: 0.5,
        oneClass: oneClassMetadata(fit, 0.02),
      },
      ...(await modelArtifacts(fit.model)),
    };
  } finally {
    fit.model.dispose();
  }
}

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
  oneClass = await oneClassBundle(bundle);
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

  it('sends a classifier’s verdict without an anomaly map', async () => {
    const session = new StationSession();
    await session.load(source('a'), 'cpu');
    const result = await session.inspect(rendered[0]!, clock(), 'continuous');
    expect(result.step).toBe('inspect');
    expect(result.anomaly).toBeUndefined();
  });
});

describe('StationSession with a one-class model', () => {
  const oneClassSource = () => shippedSource(oneClass, 'good-parts', 'good-parts@1');

  it('sends the anomaly map with each verdict, its hottest patch giving the score', async () => {
    const session = new StationSession();
    await session.load(oneClassSource(), 'cpu');
    const { calibration, patchGrid } = oneClass.metadata.oneClass!;
    const verdicts = new Set<string>();
    for (const pixels of rendered.slice(0, 10)) {
      const before = session.stats().inferences;
      const result = await session.inspect(pixels, clock(), 'continuous');
      expect(session.stats().inferences).toBe(before + 1);
      verdicts.add(result.verdict);
      const anomaly = result.anomaly!;
      expect(anomaly.mapShape).toEqual(patchGrid);
      expect(anomaly.map).toHaveLength(patchGrid[0] * patchGrid[1]);
      // P(bad) = sigmoid((max − center) / scale): the verdict's score is the map's hottest patch.
      const max = Math.max(...anomaly.map);
      expect(badProbabilityAt(max, calibration)).toBeCloseTo(result.score!, 5);
      expect(anomaly.hot).toBeCloseTo(scoreAtThreshold(result.threshold, calibration), 9);
      expect(max >= anomaly.hot).toBe(result.score! >= result.threshold);
      // The crop the map covers is centred on the part, as long as the part times the spec's margin.
      expect(anomaly.crop.cx).toBeCloseTo(result.part.cx, 6);
      expect(anomaly.crop.width).toBeCloseTo(result.part.length * 1.15, 6);
    }
    console.log('one-class verdicts on camera frames:', [...verdicts]);
  });

  it('holds the anomaly map with the verdict while the part stays, and keeps the tensor count flat', async () => {
    const session = new StationSession();
    await session.load(oneClassSource(), 'cpu');
    await session.inspect(rendered[0]!, clock(), 'stable');
    const baseline = tf.memory().numTensors;
    const results = [];
    for (const pixels of rendered) results.push(await session.inspect(pixels, clock(), 'stable'));
    expect(tf.memory().numTensors).toBe(baseline);
    const fresh = results.findIndex((r) => r.step === 'inspect');
    expect(results[fresh]!.anomaly).toBeDefined();
    expect(results[fresh + 1]).toMatchObject({ step: 'held', anomaly: results[fresh]!.anomaly });
    expect(results.filter((r) => r.step === 'settling').every((r) => r.anomaly === undefined)).toBe(true);
  });
});
