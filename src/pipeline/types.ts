/** The contract between the headless runner (Node) and the app page. */

/** Options as the runner parsed them from `--key value` / `--flag`. */
export type CommandOptions = Record<string, string | boolean>;

/** What a pipeline command returns to the runner. */
export interface CommandResult {
  /** one or a few lines for people */
  summary: string;
  /** one JSON object with plain camelCase keys */
  data: Record<string, unknown>;
  /** 0 on success; non-zero when a check failed (the runner exits with it) */
  exitCode: number;
}

/** A command failure the runner prints as a one-line reason. */
export interface CommandFailure {
  error: string;
}

/** A pipeline step, run by the same stores and workers the UI uses. */
export interface PipelineCommand {
  /** one line of help */
  describe: string;
  run(options: CommandOptions): Promise<CommandResult>;
}

/** The hook the app exposes on `window` for the runner. */
export interface PipelineHook {
  /** resolves once the app loaded its projects */
  ready: Promise<void>;
  commands(): Record<string, string>;
  /** selects (or creates) the project, then runs the command */
  run(command: string, options: CommandOptions, project?: string): Promise<CommandResult | CommandFailure>;
}

declare global {
  interface Window {
    /** The headless runner's entry point into the app. */
    screwopsPipeline?: PipelineHook;
  }
}
