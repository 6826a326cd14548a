import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';

/** Switches tfjs to the wasm backend in Node, its binaries read from node_modules; resolves false when it cannot start. */
export async function useWasmBackend(): Promise<boolean> {
  const dist = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
  setWasmPaths(
    Object.fromEntries(
      ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
        (f) => [f, `${dist}/${f}`],
      ),
    ),
  );
  return tf.setBackend('wasm');
}
