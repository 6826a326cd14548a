/** The contract between the headless runner (Node) and the app page. */
import type { StationStats } from '../../workers/lib/station/station-types.ts';

/** What a numeric option may hold. */
export type NumberKind = 'number' | 'share' | 'whole';

/** One declared option of a command: its type, an optional default and one line of help. */
export type OptionSpec =
  | { type: NumberKind; default?: number; help: string }
  | { type: 'string'; default?: string; choices?: readonly string[]; help: string; internal?: boolean }
  | { type: 'flag'; help: string };

/** A command's options by camelCase key (`--defect-ratio` is `defectRatio`). */
export type OptionSpecs = Record<string, OptionSpec>;

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
  /** the name the runner calls it by */
  name: string;
  /** one line of help */
  describe: string;
  /** the options it accepts */
  options: OptionSpecs;
  /** one line on the work in flight, polled while the command runs; undefined when there is none yet */
  progress?: () => string | undefined;
  /** checks raw options against `options` (throwing for an unknown flag or a bad value); returns the step */
  prepare(options: CommandOptions): () => Promise<CommandResult>;
}

/** The hook the app exposes on `window` for the runner; the commands load on the first call. */
export interface PipelineHook {
  /** resolves once the app loaded its projects */
  ready: Promise<void>;
  /** loads the commands and puts the runner's file input into the page */
  load(): Promise<void>;
  /** every command's help: its description and option lines */
  commands(): Promise<Record<string, string>>;
  /** selects (or creates) the project, then runs the command */
  run(command: string, options: CommandOptions, project?: string): Promise<CommandResult | CommandFailure>;
  /** the infer worker's station counters (forward passes, tensors, heap); tests count model runs with it */
  stationStats(): Promise<StationStats>;
}

declare global {
  interface Window {
    /** The headless runner's entry point into the app. */
    screwopsPipeline?: PipelineHook;
    /** Set by the runner when it shows progress: receives one line while a command runs. */
    screwopsProgress?: (line: string) => void;
  }
}
