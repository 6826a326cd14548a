import type { PipelineHook } from './types.ts';

type Bridge = typeof import('./automation.ts');

/**
 * Puts a small stub of the runner's hook on `window`. The commands, their stage code and the runner's
 * file input load only when the runner first calls it, so people using the app never download them.
 */
export function installPipelineStub(ready: Promise<void>): void {
  let bridge: Promise<Bridge> | undefined;
  const load = (): Promise<Bridge> =>
    (bridge ??= import('./automation.ts').then((module) => {
      module.installFileInput();
      return module;
    }));
  const hook: PipelineHook = {
    ready,
    load: async () => void (await load()),
    commands: async () => (await load()).describeCommands(),
    run: async (command, options, project) => (await load()).runCommand(ready, command, options, project),
    stationStats: async () => (await import('../lib/bridges/station-bridge.ts')).stationStats(),
  };
  window.screwopsPipeline = hook;
}
