import type {
  CommandOptions,
  CommandResult,
  NumberKind,
  OptionSpec,
  OptionSpecs,
  PipelineCommand,
} from './types.ts';

const RULES: Record<NumberKind, { ok: (v: number) => boolean; expected: string }> = {
  number: { ok: Number.isFinite, expected: 'a number' },
  share: { ok: (v) => v >= 0 && v <= 1, expected: 'a share between 0 and 1' },
  whole: { ok: (v) => Number.isInteger(v) && v >= 0, expected: 'a whole number' },
};

type ValueOf<S extends OptionSpec> = S extends { type: 'flag' }
  ? boolean
  : S extends { type: NumberKind }
    ? number
    : S extends { choices: readonly (infer C)[] }
      ? C
      : string;

/** The typed options a command receives: defaulted ones and flags are always set, the rest may be absent. */
export type ParsedOptions<S extends OptionSpecs> = {
  readonly [K in keyof S]: S[K] extends { type: 'flag' } | { default: unknown }
    ? ValueOf<S[K]>
    : ValueOf<S[K]> | undefined;
};

/** A command-line option that is unknown to a command or holds a bad value. */
export class OptionError extends Error {
  override name = 'OptionError';
}

/** The command-line spelling of an option key: defectRatio → --defect-ratio. */
export function flag(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

function parseNumber(key: string, raw: string | boolean, kind: NumberKind): number {
  const value = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !RULES[kind].ok(value))
    throw new OptionError(`${flag(key)} must be ${RULES[kind].expected}, got "${String(raw)}".`);
  return value;
}

function parseOne(key: string, spec: OptionSpec, raw: string | boolean): unknown {
  if (spec.type === 'flag') {
    if (raw !== true) throw new OptionError(`${flag(key)} takes no value, got "${String(raw)}".`);
    return true;
  }
  if (typeof raw !== 'string') throw new OptionError(`${flag(key)} needs a value.`);
  if (spec.type !== 'string') return parseNumber(key, raw, spec.type);
  if (spec.choices && !spec.choices.includes(raw))
    throw new OptionError(`${flag(key)} must be one of ${spec.choices.join(', ')}; got "${raw}".`);
  return raw;
}

/**
 * Checks `options` against a command's declared options and returns them typed, defaults filled in.
 * Throws an OptionError naming the flag for an unknown option or a bad value.
 */
export function parseOptions<S extends OptionSpecs>(
  command: string,
  specs: S,
  options: CommandOptions,
): ParsedOptions<S> {
  const unknown = Object.keys(options).filter((key) => !Object.hasOwn(specs, key));
  if (unknown.length) {
    const known = Object.keys(specs).map(flag);
    throw new OptionError(
      `${command} has no option ${unknown.map(flag).join(', ')}; ` +
        (known.length ? `its options: ${known.join(', ')}.` : 'it takes no options.'),
    );
  }
  const parsed: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(specs)) {
    const raw = options[key];
    if (raw !== undefined) parsed[key] = parseOne(key, spec, raw);
    else if (spec.type === 'flag') parsed[key] = false;
    else if (spec.default !== undefined) parsed[key] = spec.default;
  }
  return parsed as ParsedOptions<S>;
}

/** Help lines for a command's options (those people type): flag, default and the one-line help. */
export function optionHelp(specs: OptionSpecs): string[] {
  const typed = Object.entries(specs).filter(([, spec]) => !('internal' in spec && spec.internal));
  return typed.map(([key, spec]) => {
    const value =
      spec.type === 'flag' ? '' : spec.type === 'string' ? (spec.choices?.join('|') ?? 'TEXT') : 'N';
    const fallback = spec.type !== 'flag' && spec.default !== undefined ? ` (default ${spec.default})` : '';
    return `  ${`${flag(key)} ${value}`.trimEnd().padEnd(26)} ${spec.help}${fallback}`;
  });
}

/** A pipeline command whose `run` receives its declared options parsed, typed and defaulted. */
export function defineCommand<const S extends OptionSpecs>(definition: {
  name: string;
  describe: string;
  options: S;
  progress?: () => string | undefined;
  run(options: ParsedOptions<S>): Promise<CommandResult>;
}): PipelineCommand {
  const { name, describe, options, progress, run } = definition;
  return {
    name,
    describe,
    options,
    ...(progress ? { progress } : {}),
    prepare: (raw) => {
      const parsed = parseOptions(name, options, raw);
      return () => run(parsed);
    },
  };
}
