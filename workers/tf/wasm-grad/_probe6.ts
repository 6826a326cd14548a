import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
function time(label: string, f: () => tf.Tensor | tf.Tensor[], reps = 7): void {
  const warm = f(); tf.dispose(warm);
  const ts: number[] = [];
  for (let i = 0; i < reps; i++) { const t0 = performance.now(); const r = f(); (Array.isArray(r) ? r[0]! : r).dataSync(); ts.push(performance.now() - t0); tf.dispose(r); }
  ts.sort((a, b) => a - b);
  console.log(label.padEnd(40), ts[Math.floor(reps / 2)]!.toFixed(2), 'ms');
}
async function main(): Promise<void> {
  await tf.setBackend('wasm');
  const [N, H, C] = [16, 128, 8];
  const x = tf.randomNormal([N, H, H, C]);
  const y = tf.maxPool(x as tf.Tensor4D, 2, 2, 'valid');
  const dy = tf.randomNormal(y.shape) as tf.Tensor4D;
  time('resizeNN up', () => tf.image.resizeNearestNeighbor(dy, [H, H]));
  time('avg via resizeNN', () => tf.tidy(() => tf.image.resizeNearestNeighbor(tf.mul(dy, 0.25), [H, H])));
  time('mul bcast 6D', () => tf.tidy(() => tf.reshape(tf.mul(tf.reshape(dy, [N, 64, 1, 64, 1, C]), tf.fill([1, 1, 2, 1, 2, 1], 0.25)), [N, H, H, C])));
  const Wmap = tf.tidy(() => tf.tile(tf.tensor4d([4, 3, 2, 1], [1, 2, 2, 1]), [1, 64, 64, 1]));
  time('B score/maxpool', () => tf.tidy(() => {
    const yUp = tf.image.resizeNearestNeighbor(y as tf.Tensor4D, [H, H]);
    const m = tf.cast(tf.equal(x, yUp), 'float32');
    const score = tf.mul(m, Wmap);
    const sUp = tf.image.resizeNearestNeighbor(tf.maxPool(score as tf.Tensor4D, 2, 2, 'valid'), [H, H]);
    const sel = tf.cast(tf.equal(score, sUp), 'float32');
    return tf.mul(sel, tf.image.resizeNearestNeighbor(dy, [H, H]));
  }));
  time('C argmax 4D transpose', () => tf.tidy(() => {
    const t = tf.reshape(tf.transpose(tf.reshape(x, [N * 64, 2, 64, 2 * C]), [0, 2, 1, 3]), [N * 64 * 64, 4, C]);
    const am = tf.argMax(t, 1); // [P', C]
    const oh = tf.cast(tf.oneHot(am, 4), 'float32'); // [P', C, 4]
    const r = tf.mul(oh, tf.reshape(dy, [N * 64 * 64, C, 1]));
    const back = tf.transpose(tf.reshape(r, [N * 64, 64, C, 2, 2]), [0, 3, 1, 4, 2]);
    return tf.reshape(back, [N, H, H, C]);
  }));
  const iota = tf.tensor3d([0, 1, 2, 3], [1, 4, 1], 'int32');
  time('D argmax + equal iota', () => tf.tidy(() => {
    const t = tf.reshape(tf.transpose(tf.reshape(x, [N * 64, 2, 64, 2 * C]), [0, 2, 1, 3]), [N * 64 * 64, 4, C]);
    const am = tf.reshape(tf.argMax(t, 1), [N * 64 * 64, 1, C]);
    const m = tf.cast(tf.equal(am, iota), 'float32');
    const r = tf.mul(m, tf.reshape(dy, [N * 64 * 64, 1, C]));
    return tf.reshape(tf.transpose(tf.reshape(r, [N * 64, 64, 2, 2 * C]), [0, 2, 1, 3]), [N, H, H, C]);
  }));
  const t0 = tf.reshape(tf.transpose(tf.reshape(x, [N * 64, 2, 64, 2 * C]), [0, 2, 1, 3]), [N * 64 * 64, 4, C]);
  time('  argmax axis1', () => tf.argMax(t0, 1));
  const am0 = tf.reshape(tf.argMax(t0, 1), [N * 64 * 64, 1, C]);
  time('  equal iota', () => tf.equal(am0, iota));
  time('  mul bcast mid', () => tf.mul(t0, tf.reshape(dy, [N * 64 * 64, 1, C])));
}
void main();
