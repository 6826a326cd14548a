import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendName } from './backend-types.ts';

// The wasm binaries are part of the build and precached by the service worker: never a CDN.
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

/** tfjs-core, for worker code that needs the runtime with every backend registered. */
export { tf };

/** Switches tfjs to `backend`, resolving false (not throwing) when it cannot initialise here. */
export async function useBackend(backend: BackendName): Promise<boolean> {
  try {
    return await tf.setBackend(backend);
  } catch {
    return false;
  }
}

/** Switches to a backend the user forced; one that cannot start here is refused with what to do. */
export async function useForcedBackend(requested: BackendName): Promise<BackendName> {
  if (!(await useBackend(requested)))
    throw new Error(`The ${requested} backend cannot start here; choose another on the Diagnostics screen.`);
  return requested;
}
