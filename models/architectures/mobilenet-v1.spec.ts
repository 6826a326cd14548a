import { describe, expect, it } from 'vitest';
import { tf } from '../../workers/tf/runtime.ts';
import { buildMobileNetV1 } from './mobilenet-v1.ts';

describe('buildMobileNetV1', () => {
  it('has MobileNetV1 α0.25’s size and answers one probability per class', async () => {
    await tf.setBackend('cpu');
    const model = buildMobileNetV1({ alpha: 0.25, size: 96, classes: 2 });
    // MobileNetV1 α0.25 has about 0.47 M parameters, 0.26 M of them in its 1000-class classifier.
    const base = model.layers[0]!.countParams();
    expect(base).toBeGreaterThan(200_000);
    expect(base).toBeLessThan(250_000);
    const out = tf.tidy(() => tf.sum(model.predict(tf.randomUniform([2, 96, 96, 3])) as tf.Tensor, 1));
    expect(Array.from(await out.data()).map((x) => Math.round(x * 1e4) / 1e4)).toEqual([1, 1]);
    out.dispose();
    model.dispose();
  });
});
