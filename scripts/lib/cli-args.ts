/** Parsed command line of the pipeline runner. */
export interface ParsedArgs {
  command: string | undefined;
  /** `--key value` and `--flag` options, camelCased keys */
  options: Record<string, string | boolean>;
}

/** Options that never take a value. */
const FLAGS = new Set(['json', 'help', 'rebuild', 'verbose']);

const camel = (key: string) => key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** Parses `command --key value --flag`; a bare `--` is ignored. Throws on a stray positional. */
export function parseArgs(argv: string[]): ParsedArgs {
  const options: Record<string, string | boolean> = {};
  let command: string | undefined;
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') continue;
    if (arg.startsWith('--')) {
      const [rawKey, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
      const key = camel(rawKey);
      const next = argv[i + 1];
      if (inline !== undefined) options[key] = inline;
      else if (FLAGS.has(key) || next === undefined || next.startsWith('--')) options[key] = true;
      else options[key] = argv[++i]!;
    } else if (command === undefined) command = arg;
    else positionals.push(arg);
  }
  if (positionals.length === 1) options['path'] = positionals[0]!;
  else if (positionals.length > 1) throw new Error(`unexpected arguments: ${positionals.join(' ')}`);
  return { command, options };
}
