import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { convGradKernels } from './conv-grads.ts';
import { poolGradKernels, rememberNative } from './pool-grads.ts';

/**
 * Kernels tfjs-backend-wasm 4.22 lacks outright; without them a conv net cannot train on wasm
 * (Conv2DBackpropFilter for every conv layer, the depthwise pair for depthwise/separable convs).
 */
export const MISSING_WASM_KERNELS = [
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
] as const;

/**
 * Kernels wasm has as slow scalar loops, replaced by XNNPACK-backed formulations
 * (Conv2DBackpropInput 2-10x, MaxPoolGrad/AvgPoolGrad several x faster at training sizes).
 */
export const REPLACED_WASM_KERNELS = ['Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad'] as const;

/** Every gradient kernel configuration this module provides for the 'wasm' backend. */
export const wasmGradKernelConfigs: readonly KernelConfig[] = [...convGradKernels, ...poolGradKernels];

let registered: string[] | null = null;

/**
 * Registers the wasm gradient kernels (idempotent; safe before or after the wasm backend initialises)
 * and returns the kernel names registered. Native kernels being replaced are kept for fallbacks.
 */
export function registerWasmGradKernels(): string[] {
  if (registered) return [...registered];
  const names: string[] = [];
  for (const config of wasmGradKernelConfigs) {
    const current = tf.getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) {
      rememberNative(config.kernelName);
      tf.unregisterKernel(config.kernelName, 'wasm');
    }
    tf.registerKernel(config);
    names.push(config.kernelName);
  }
  registered = names;
  return [...names];
}
