/**
 * Training-throughput benchmark of the wasm gradient kernels (workers/tf/wasm-grad): the tiny
 * grayscale CNN (conv 8 > pool > conv 16 > pool > conv 32 > pool > GAP > dense 2) at 128x128,
 * batch 16, Adam, on the cpu backend and on wasm, in one run.
 *
 *   npx tsx scripts/bench-wasm-grad.ts [--batches N] [--cpu-batches N] [--size S] [--batch B] [--profile]
 *
 * wasm times the median of 2N batches after 3 warm-up ones; cpu (about 30 s a batch at 128x128)
 * times --cpu-batches (default 3, 0 skips it) after 1 warm-up.
 *
 * Prints a table, the speedup and one JSON line. Node runs the same cpu/wasm code as a browser, but
 * single-threaded wasm (no SharedArrayBuffer workers here); browser numbers may differ.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { buildTinyCnn } from '../models/architectures/tiny-cnn.ts';
import {
  MISSING_WASM_KERNELS,
  registerWasmGradKernels,
  wasmGradKernelConfigs,
} from '../workers/tf/wasm-grad/index.ts';
import { seededValues } from '../workers/tf/wasm-grad/testing.ts';

const argv = process.argv.slice(2);
const opt = (name: string, fallback: number): number => {
  const i = argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
};
const SIZE = opt('size', 128);
const BATCH = opt('batch', 16);
const TIMED = opt('batches', 5);
const CPU_TIMED = opt('cpu-batches', 3);
const PROFILE = argv.includes('--profile');

interface Row {
  variant: string;
  backend: string;
  warmup: number;
  timed: number;
  medianMs: number;
  imagesPerSec: number;
  firstLoss: number;
}

function makeBatch(i: number): [tf.Tensor, tf.Tensor] {
  return tf.tidy(() => {
    const x = tf.tensor4d(seededValues(BATCH * SIZE * SIZE, 1000 + i), [BATCH, SIZE, SIZE, 1]);
    const labels = Array.from({ length: BATCH }, (_, b) => (b * 7 + i) % 2);
    return [x, tf.oneHot(tf.tensor1d(labels, 'int32'), 2)] as [tf.Tensor, tf.Tensor];
  });
}

async function step(model: tfl.Sequential, i: number): Promise<number> {
  const [x, y] = makeBatch(i);
  const loss = await model.trainOnBatch(x, y);
  tf.dispose([x, y]);
  return Array.isArray(loss) ? (loss[0] ?? NaN) : loss;
}

async function measure(variant: string, backend: string, warmup: number, timed: number): Promise<Row> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
  const model = buildTinyCnn({ inputSize: SIZE, classes: 2, seed: 7 });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
  const firstLoss = await step(model, 0);
  for (let i = 1; i < warmup; i++) await step(model, i);
  const times: number[] = [];
  for (let i = 0; i < timed; i++) {
    const t0 = performance.now();
    await step(model, warmup + i);
    times.push(performance.now() - t0);
  }
  if (PROFILE && backend === 'wasm') await profile(model);
  model.dispose();
  times.sort((a, b) => a - b);
  const medianMs = times[Math.floor(times.length / 2)] ?? NaN;
  return { variant, backend, warmup, timed, medianMs, imagesPerSec: (BATCH * 1000) / medianMs, firstLoss };
}

/** Kernel-time breakdown of one wasm training step (top 15 kernels). */
async function profile(model: tfl.Sequential): Promise<void> {
  const info = await tf.profile(() => step(model, 999));
  const byKernel = new Map<string, number>();
  for (const k of info.kernels) byKernel.set(k.name, (byKernel.get(k.name) ?? 0) + Number(k.kernelTimeMs));
  const top = [...byKernel].sort((a, b) => b[1] - a[1]).slice(0, 15);
  console.log('\nwasm kernel time, one step:');
  for (const [name, ms] of top) console.log(`  ${name.padEnd(38)} ${ms.toFixed(1).padStart(8)} ms`);
}

async function main(): Promise<void> {
  console.log(`tiny CNN ${SIZE}x${SIZE}x1, batch ${BATCH}, Adam; median of ${TIMED} timed batches`);
  const rows: Row[] = [];
  if (CPU_TIMED > 0) rows.push(await measure('cpu (pure JS)', 'cpu', 1, CPU_TIMED));
  // wasm with only the kernels it lacks added: its native Conv2DBackpropInput/MaxPoolGrad stay.
  for (const c of wasmGradKernelConfigs) {
    if ((MISSING_WASM_KERNELS as readonly string[]).includes(c.kernelName)) tf.registerKernel(c);
  }
  rows.push(await measure('wasm, missing kernels only', 'wasm', 3, TIMED * 2));
  registerWasmGradKernels();
  rows.push(await measure('wasm + wasm-grad (all)', 'wasm', 3, TIMED * 2));

  const flags = tf.env().features;
  console.log(
    `wasm SIMD ${String(flags['WASM_HAS_SIMD_SUPPORT'])}, threads ${String(flags['WASM_HAS_MULTITHREAD_SUPPORT'])}\n`,
  );
  console.log('variant                          ms/batch   images/s   first loss');
  for (const r of rows) {
    const ms = r.medianMs.toFixed(1).padStart(9);
    const ips = r.imagesPerSec.toFixed(1).padStart(10);
    console.log(`${r.variant.padEnd(30)} ${ms} ${ips}   ${r.firstLoss.toFixed(5)}`);
  }
  const cpu = rows.find((r) => r.backend === 'cpu');
  const wasm = rows[rows.length - 1];
  const speedup = (wasm?.imagesPerSec ?? NaN) / (cpu?.imagesPerSec ?? NaN);
  console.log(`\nspeedup wasm+wasm-grad vs cpu: ${speedup.toFixed(1)}x`);
  const json = {
    bench: 'wasm-grad',
    input: SIZE,
    batch: BATCH,
    rows: rows.map((r) => ({
      variant: r.variant,
      msPerBatch: +r.medianMs.toFixed(2),
      imagesPerSec: +r.imagesPerSec.toFixed(2),
    })),
    speedup: +speedup.toFixed(2),
  };
  console.log(JSON.stringify(json));
}

await main();
