import { describe, expect, it } from 'vitest';
import { chooseBackend, SOFTWARE_RENDERER, type BackendProbe } from './backend-types.ts';

const probe = (backend: BackendProbe['backend'], ms: number | undefined, extra: Partial<BackendProbe> = {}) =>
  ({ backend, available: ms !== undefined, software: false, inferMedianMs: ms, ...extra }) as BackendProbe;

describe('chooseBackend', () => {
  it('chooses by measurement, not by name', () => {
    const probes = [
      probe('webgl', 23, { software: true, renderer: 'SwiftShader' }),
      probe('wasm', 0.8),
      probe('cpu', 17),
    ];
    const { chosen, reason } = chooseBackend(probes, 'auto');
    expect(chosen).toBe('wasm');
    expect(reason).toContain('21.3x faster than cpu');
  });

  it('prefers a GPU backend when it measures faster', () => {
    expect(chooseBackend([probe('webgl', 0.4), probe('wasm', 0.8)], 'auto').chosen).toBe('webgl');
  });

  it('honours a working user preference and ignores an unavailable one', () => {
    const probes = [probe('webgl', 23), probe('wasm', 0.8), probe('webgpu', undefined)];
    expect(chooseBackend(probes, 'webgl')).toMatchObject({
      chosen: 'webgl',
      reason: 'webgl was chosen by the user.',
    });
    const fallback = chooseBackend(probes, 'webgpu');
    expect(fallback.chosen).toBe('wasm');
    expect(fallback.reason).toMatch(/^webgpu is unavailable here/);
  });

  it('falls back to cpu when nothing works', () => {
    expect(chooseBackend([probe('webgl', undefined)], 'auto').chosen).toBe('cpu');
  });
});

describe('SOFTWARE_RENDERER', () => {
  it('recognises software rasterisers and not hardware GPUs', () => {
    expect(
      SOFTWARE_RENDERER.test(
        'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)',
      ),
    ).toBe(true);
    expect(SOFTWARE_RENDERER.test('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe(true);
    expect(SOFTWARE_RENDERER.test('ANGLE (NVIDIA, NVIDIA H100 PCIe Direct3D11)')).toBe(false);
    expect(SOFTWARE_RENDERER.test('Adreno (TM) 650')).toBe(false);
  });
});
