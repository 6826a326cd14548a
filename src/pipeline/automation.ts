import { projects } from '../lib/stores/projects.svelte.ts';
import { COMMANDS } from './commands.ts';
import { RUNNER_FILE_INPUT_ID } from './data-commands.ts';

/** Exposes the pipeline commands on `window` for the headless runner (same origin only). */
export function installPipelineHook(ready: Promise<void>): void {
  const input = document.createElement('input');
  Object.assign(input, { type: 'file', multiple: true, hidden: true, id: RUNNER_FILE_INPUT_ID });
  document.body.append(input);
  window.screwopsPipeline = {
    ready,
    commands: () => Object.fromEntries(Object.entries(COMMANDS).map(([name, c]) => [name, c.describe])),
    async run(command, options, project) {
      const entry = COMMANDS[command];
      if (!entry)
        return { error: `unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')}` };
      try {
        await ready;
        if (project) await projects.openOrCreateByName(project);
        const result = await entry.run(options);
        return { ...result, data: { project: projects.current?.scope.name ?? null, ...result.data } };
      } catch (error) {
        return { error: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
