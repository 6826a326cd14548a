import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { convGradKernels } from './conv-grads.ts';
import { poolGradKernels } from './pool-grads.ts';

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
 * Kernels wasm 4.22 has but which are replaced: Conv2DBackpropInput and AvgPoolGrad are slow scalar
 * loops; MaxPoolGrad is slow and wrong for windows whose maximum is <= 0.
 */
export const REPLACED_WASM_KERNELS = ['Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad'] as const;

/** Every gradient kernel configuration this module provides for the 'wasm' backend. */
export const wasmGradKernelConfigs: readonly KernelConfig[] = [...convGradKernels, ...poolGradKernels];

/**
 * Registers the wasm gradient kernels, replacing native ones of the same name (idempotent; works
 * before or after the wasm backend initialises). Returns the kernel names now served by this module.
 */
export function registerWasmGradKernels(): string[] {
  for (const config of wasmGradKernelConfigs) {
    const current = tf.getKernel(config.kernelName, 'wasm') as KernelConfig | undefined;
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) tf.unregisterKernel(config.kernelName, 'wasm');
    tf.registerKernel(config);
  }
  return wasmGradKernelConfigs.map((c) => c.kernelName);
}
