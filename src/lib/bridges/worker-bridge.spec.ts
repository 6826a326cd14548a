import { describe, expect, it } from 'vitest';
import { CrashListeners, crashDetail, WorkerBridge, WorkerCrashedError } from './worker-bridge.ts';

/** A worker that takes messages and never answers, and can be made to fail like a crashed one. */
class SilentWorker extends EventTarget {
  terminated = false;
  postMessage(): void {}
  terminate(): void {
    this.terminated = true;
  }
  crash(message: string): void {
    this.dispatchEvent(Object.assign(new Event('error'), { message, filename: 'infer.js', lineno: 7 }));
  }
}

interface SilentApi {
  work(): Promise<number>;
}

function bridgeWithWorkers() {
  const workers: SilentWorker[] = [];
  const bridge = new WorkerBridge<SilentApi>(() => {
    const worker = new SilentWorker();
    workers.push(worker);
    return worker as unknown as Worker;
  });
  return { bridge, workers };
}

describe('WorkerBridge crash handling', () => {
  it('rejects the calls in flight, tells the listeners and starts a fresh worker next time', async () => {
    const { bridge, workers } = bridgeWithWorkers();
    const heard: WorkerCrashedError[] = [];
    bridge.onCrash((error) => heard.push(error));
    const call = bridge.call(undefined, (api) => api.work());
    workers[0]!.crash('WebGL context lost');
    await expect(call).rejects.toThrow(WorkerCrashedError);
    await expect(call).rejects.toThrow(/WebGL context lost at infer\.js:7/);
    expect(heard).toHaveLength(1);
    expect(workers[0]!.terminated).toBe(true);
    expect(bridge.started).toBe(false);
    const next = bridge.call(undefined, (api) => api.work());
    expect(workers).toHaveLength(2);
    bridge.terminate();
    next.catch(() => undefined);
  });

  it('ignores a late error from a worker it already replaced, and stops telling removed listeners', () => {
    const { bridge, workers } = bridgeWithWorkers();
    let heard = 0;
    const remove = bridge.onCrash(() => heard++);
    bridge.call(undefined, (api) => api.work()).catch(() => undefined);
    bridge.terminate();
    bridge.call(undefined, (api) => api.work()).catch(() => undefined);
    workers[0]!.crash('late');
    expect(heard).toBe(0);
    workers[1]!.crash('now');
    expect(heard).toBe(1);
    remove();
    bridge.call(undefined, (api) => api.work()).catch(() => undefined);
    workers[2]!.crash('again');
    expect(heard).toBe(1);
    bridge.terminate();
  });
});

describe('CrashListeners', () => {
  it('tells every listener even when one throws', async () => {
    const listeners = new CrashListeners();
    const heard: string[] = [];
    listeners.add(() => {
      throw new Error('listener failed');
    });
    listeners.add((error) => heard.push(error.detail));
    const reported = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
    listeners.notify(new WorkerCrashedError('boom'));
    expect(heard).toEqual(['boom']);
    expect(await reported).toMatchObject({ message: 'listener failed' });
  });
});

describe('crashDetail', () => {
  it('says what failed and where, or that nothing was said', () => {
    expect(
      crashDetail(Object.assign(new Event('error'), { message: 'x', filename: 'w.js', lineno: 3 })),
    ).toBe('x at w.js:3');
    expect(crashDetail(new Event('error'))).toBe('no details given');
  });
});
