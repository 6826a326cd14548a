import { tf, useBackend } from './runtime.ts';
import { buildTinyCnn } from '../../models/architectures/tiny-cnn.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { BACKEND_NAMES, SOFTWARE_RENDERER, type BackendName, type BackendProbe } from './backend-types.ts';
import { median } from '../lib/profile/stats.ts';

/** Benchmark repetitions after warm-up; the median of these is reported. */
const BENCH_RUNS = 7;
/** Side of the benchmark image, pixels: the default model input. */
const BENCH_INPUT = 128;
/** Side of the benchmark matmul. */
const MATMUL_N = 256;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The WebGL renderer string as the GPU driver reports it, from a throwaway OffscreenCanvas. */
function webglRenderer(): string | undefined {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
  if (!gl) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) as string;
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}

/** The WebGPU adapter's description, or undefined when WebGPU is missing. */
async function webgpuRenderer(): Promise<string | undefined> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  const adapter = await gpu?.requestAdapter();
  if (!adapter) return undefined;
  const info = adapter.info;
  return (
    [info.vendor, info.architecture, info.device, info.description].filter(Boolean).join(' ') ||
    'WebGPU adapter'
  );
}

/** Times `fn` (which must read its result back, so GPU work is finished) BENCH_RUNS times; median ms. */
async function timeMedian(fn: () => Promise<void>, signal: AbortSignal): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < BENCH_RUNS; i++) {
    throwIfAborted(signal);
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Probes one backend: initialise, run a check op, then time the reference workloads. */
export async function probeBackend(backend: BackendName, signal: AbortSignal): Promise<BackendProbe> {
  const result: BackendProbe = { backend, available: false, software: false };
  try {
    result.renderer =
      backend === 'webgl' ? webglRenderer() : backend === 'webgpu' ? await webgpuRenderer() : undefined;
  } catch (error) {
    result.error = `could not query the GPU: ${message(error)}`;
  }
  result.software = result.renderer !== undefined && SOFTWARE_RENDERER.test(result.renderer);
  if ((backend === 'webgpu' || backend === 'webgl') && result.renderer === undefined) {
    result.error ??=
      backend === 'webgpu'
        ? 'WebGPU is not available in this browser'
        : 'WebGL2 is not available in workers here';
    return result;
  }
  const initStart = performance.now();
  if (!(await useBackend(backend))) {
    result.error = `tfjs could not initialise the ${backend} backend`;
    return result;
  }
  result.initMs = performance.now() - initStart;
  const before = tf.memory().numTensors;
  const model = buildTinyCnn({ inputSize: BENCH_INPUT, classes: 2, seed: 7 });
  const image = tf.randomUniform([1, BENCH_INPUT, BENCH_INPUT, 1], 0, 1, 'float32', 3);
  const a = tf.randomUniform([MATMUL_N, MATMUL_N], -1, 1, 'float32', 4);
  const b = tf.randomUniform([MATMUL_N, MATMUL_N], -1, 1, 'float32', 5);
  try {
    const check = tf.tidy(() => tf.sum(tf.square(tf.tensor1d([1, 2, 3, 4]))));
    result.checkValue = (await check.data())[0];
    check.dispose();
    if (result.checkValue !== 30) throw new Error(`check op returned ${result.checkValue}, expected 30`);
    result.inferMedianMs = await timeMedian(async () => {
      const out = tf.tidy(() => model.predict(image) as tf.Tensor);
      await out.data();
      out.dispose();
    }, signal);
    const matmulMs = await timeMedian(async () => {
      const out = tf.matMul(a, b);
      await out.data();
      out.dispose();
    }, signal);
    result.matmulGflops = (2 * MATMUL_N ** 3) / (matmulMs * 1e6);
    result.available = true;
  } catch (error) {
    if (signal.aborted) throw error;
    result.error = message(error);
  } finally {
    model.dispose();
    tf.dispose([image, a, b]);
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) result.error = `probe leaked ${leaked} tensors`;
  return result;
}

/** Probes every backend in order, reporting each as it finishes. */
export async function probeAllBackends(
  signal: AbortSignal,
  onProbe: (probe: BackendProbe, index: number, total: number) => void,
): Promise<BackendProbe[]> {
  const probes: BackendProbe[] = [];
  for (const [index, backend] of BACKEND_NAMES.entries()) {
    throwIfAborted(signal);
    const probe = await probeBackend(backend, signal);
    probes.push(probe);
    onProbe(probe, index, BACKEND_NAMES.length);
  }
  return probes;
}
