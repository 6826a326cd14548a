import { projects } from '../lib/stores/projects.svelte.ts';
import { COMMANDS } from './commands.ts';
import { RUNNER_FILE_INPUT_ID } from './data-commands.ts';
import { optionHelp } from './options.ts';
import type { CommandFailure, CommandOptions, CommandResult, PipelineCommand } from './types.ts';

/** How often a running command's progress line is read, ms. */
const PROGRESS_INTERVAL_MS = 250;

/** Adds the hidden file input the runner fills with `setInputFiles` (once). */
export function installFileInput(): void {
  if (document.getElementById(RUNNER_FILE_INPUT_ID)) return;
  const input = document.createElement('input');
  Object.assign(input, { type: 'file', multiple: true, hidden: true, id: RUNNER_FILE_INPUT_ID });
  document.body.append(input);
}

/** Every command's description followed by its option lines. */
export function describeCommands(): Record<string, string> {
  return Object.fromEntries(
    Object.values(COMMANDS).map((c) => [c.name, [c.describe, ...optionHelp(c.options)].join('\n')]),
  );
}

/** Sends the command's progress line to the runner whenever it changes, until `stop` is called. */
function reportProgress(command: PipelineCommand): () => void {
  const send = window.screwopsProgress;
  const read = command.progress;
  if (!send || !read) return () => undefined;
  let last: string | undefined;
  const timer = setInterval(() => {
    const line = read();
    if (line === undefined || line === last) return;
    last = line;
    send(line);
  }, PROGRESS_INTERVAL_MS);
  return () => clearInterval(timer);
}

/** Opens (or creates) `project` once the app is ready, then runs `command` with its raw options. */
export async function runCommand(
  ready: Promise<void>,
  command: string,
  options: CommandOptions,
  project?: string,
): Promise<CommandResult | CommandFailure> {
  const entry = COMMANDS[command];
  if (!entry) return { error: `unknown command "${command}"; commands: ${Object.keys(COMMANDS).join(', ')}` };
  const stop = reportProgress(entry);
  try {
    // Options are checked first: a mistyped flag must not create the project it names.
    const step = entry.prepare(options);
    await ready;
    if (project) await projects.openOrCreateByName(project);
    const result = await step();
    return { ...result, data: { project: projects.current?.scope.name ?? null, ...result.data } };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    stop();
  }
}
