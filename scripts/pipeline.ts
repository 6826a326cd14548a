/**
 * The headless pipeline runner: opens the built app in Debian's Chromium and runs pipeline steps
 * through the app's own stage code and workers. State lives in a browser profile, as for a person.
 *
 *   npm run pipeline -- <command> [options] [--json]
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from './lib/cli-args.ts';
import { launchProfile } from './lib/chromium.ts';
import { startStaticServer } from './lib/static-server.ts';
import { progressLine } from './lib/progress-line.ts';
import { parseOptions, optionHelp } from '../src/pipeline/options.ts';
import type { OptionSpecs } from '../src/pipeline/types.ts';
import type { CommandFailure, CommandOptions, CommandResult } from '../src/pipeline/types.ts';

/** Default origin port: IndexedDB belongs to an origin, so the port must stay the same between runs. */
const DEFAULT_PORT = 4873;
const DIST = resolve(import.meta.dirname, '..', 'dist');

/** The runner's own options; every other option goes to the command, which checks it. */
const RUNNER_OPTIONS = {
  project: { type: 'string', help: 'select the project, creating it from the default scope if needed' },
  profile: { type: 'string', help: "browser profile holding the app's data" },
  port: { type: 'whole', default: DEFAULT_PORT, help: 'local port the app is served on' },
  rebuild: { type: 'flag', help: 'build dist/ before running' },
  json: { type: 'flag', help: 'print one JSON object instead of a summary' },
  verbose: { type: 'flag', help: "echo the page's console to stderr" },
  help: { type: 'flag', help: "show this help, or a command's options" },
} as const satisfies OptionSpecs;

const HELP = `Usage: npm run pipeline -- <command> [options] [--json]

Commands:
  diagnostics            probe every tfjs backend in a worker (--backend auto|webgpu|webgl|wasm|cpu)
  import <path>          import a folder (ImageFolder or MVTec layout), a zip archive or a Label Studio export
  generate               load the seeded synthetic demo dataset (--count N --seed K --size S --defect-ratio R)
  split                  stratified, leak-free train/validation/test splits (--train R --validation R --test R --seed K --reassign)
  snapshot --name N      freeze labels and splits as a hashed dataset version
  export-dataset         write a dataset zip (--format imagefolder|mvtec|labelstudio --out FILE [--snapshot ID|NAME])
  profile                profile a snapshot and check the data assertions (--snapshot ID|NAME); exit 1 when one blocks
  train                  train and evaluate (--snapshot ID|NAME --config FILE.yaml --name N --override REASON)
                         starting from --from default|scratch|NAME@V, fine-tuning --freeze backbone|none
  evaluate               score a model on a snapshot, with the gate (--model NAME@V|--run ID --snapshot S --images test|all
                         --threshold T|--target-recall R|--target-false-reject-rate R); exit 1 when the gate fails
  register               register a run's model as the next version (--run ID --name N)
  promote                point an alias at a version (--model NAME@V --alias champion|challenger --override REASON)
  rollback               move a model's champion back to the previous one (--model NAME)
  export-model           write a verified model bundle zip (--out FILE.zip [--model NAME@V | --run ID|NAME])
  import-model <file>    verify a bundle zip and register it (--name N); exit 1 when it is refused
  publish <folder>       write index.json and the bundle zips for a static host to serve (--model NAME)
  deploy                 deploy to this device's station (--model NAME@V | --bundle FILE | --url URL | --rollback |
                         --follow INDEX_URL --model NAME [--alias A] | --check | --unfollow); prints what runs now
  inspect <video|folder> inspect a .y4m video or a folder of images with the station's model
                         (--trigger continuous|stable); accuracy when camera-truth.csv sits beside the video
  monitor                the deployment's monitoring report: metrics, drift tests, alerts (--window hour|shift|day|all)
  <command> --help       the command's options with their defaults

Options:
  --project NAME   select the project, creating it from the default scope if needed (default: the last one)
  --profile DIR    browser profile holding the app's data (default: $SCREWOPS_PROFILE or ~/.screwops/profile)
  --port N         local port the app is served on (default ${DEFAULT_PORT}); data belongs to this origin
  --rebuild        build dist/ before running (it is built automatically when missing)
  --json           print one JSON object instead of a summary
  --verbose        echo the page's console to stderr

import, generate, profile, train, evaluate and inspect show a progress line on stderr when it is a terminal.`;

function fail(reason: string, code = 1): never {
  process.stderr.write(`pipeline: ${reason}\n`);
  process.exit(code);
}

/** Every file under `path` with its path relative to the folder's parent (so the folder name is kept). */
function filesToUpload(path: string): Array<{ absolute: string; relativePath: string }> {
  const root = resolve(path);
  if (!existsSync(root)) fail(`no such file or folder: ${path}`, 2);
  if (!statSync(root).isDirectory()) return [{ absolute: root, relativePath: basename(root) }];
  const parent = resolve(root, '..');
  const out: Array<{ absolute: string; relativePath: string }> = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile())
        out.push({ absolute: full, relativePath: relative(parent, full).split(sep).join('/') });
    }
  };
  walk(root);
  return out;
}

function ensureBuilt(force: boolean): void {
  if (!force && existsSync(join(DIST, 'index.html'))) return;
  process.stderr.write('pipeline: building the app (dist/)…\n');
  const build = spawnSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: ['ignore', 2, 2] });
  if (build.status !== 0) fail('the build failed; run "npm run build" to see why');
}

/** Splits the command line into the runner's options (checked here) and the command's (checked in the page). */
function splitOptions(all: CommandOptions) {
  const own: CommandOptions = {};
  const command: CommandOptions = {};
  for (const [key, value] of Object.entries(all))
    (Object.hasOwn(RUNNER_OPTIONS, key) ? own : command)[key] = value;
  return { runner: parseOptions('pipeline', RUNNER_OPTIONS, own), command };
}

async function main(): Promise<void> {
  let parsed;
  let options;
  try {
    parsed = parseArgs(process.argv.slice(2));
    options = splitOptions(parsed.options);
  } catch (error) {
    fail((error as Error).message, 2);
  }
  const { command } = parsed;
  const { json, profile, port, project, rebuild, verbose, help } = options.runner;
  const { path, ...commandOptions } = options.command;
  if (!command) {
    process.stdout.write(HELP + '\n');
    process.exit(help ? 0 : 2);
  }
  if (port < 1 || port > 65535) fail(`--port must be a port number, got "${port}"`, 2);
  // publish's path is the folder it writes, not files to upload.
  const writesFolder = command === 'publish';
  const uploads = typeof path === 'string' && !writesFolder ? filesToUpload(path) : [];
  // A generated video's ground truth travels with it, so inspect can score the verdicts.
  const truth = typeof path === 'string' ? join(resolve(path, '..'), 'camera-truth.csv') : '';
  if (command === 'inspect' && /\.y4m$/i.test(String(path)) && existsSync(truth))
    uploads.push({ absolute: truth, relativePath: 'camera-truth.csv' });
  const takesPath = command === 'import' || command === 'import-model' || command === 'inspect';
  if (writesFolder && typeof path !== 'string' && !help)
    fail('publish needs a folder: npm run pipeline -- publish <folder>', 2);
  if (takesPath && !uploads.length && !help)
    fail(
      `${command} needs a path: npm run pipeline -- ${command} <${command === 'import' ? 'folder|zip|export' : command === 'inspect' ? 'video.y4m|folder' : 'bundle.zip'}>`,
      2,
    );
  if (!takesPath && !writesFolder && path !== undefined) fail(`unexpected argument: ${String(path)}`, 2);
  // deploy --bundle FILE: the page cannot read files, so the runner uploads it and passes its name.
  const { bundle } = commandOptions;
  if (command === 'deploy' && typeof bundle === 'string') {
    if (!existsSync(bundle) || statSync(bundle).isDirectory()) fail(`no such bundle file: ${bundle}`, 2);
    uploads.push({ absolute: resolve(bundle), relativePath: basename(bundle) });
    commandOptions['bundleName'] = basename(bundle);
  }
  if (takesPath && uploads.length)
    commandOptions['relativePaths'] = JSON.stringify(uploads.map((u) => u.relativePath));
  // The page cannot read files: the runner hands over the config's text under the same option.
  const { config } = commandOptions;
  if (typeof config === 'string') {
    if (!existsSync(config)) fail(`no such config file: ${config}`, 2);
    commandOptions['config'] = readFileSync(config, 'utf8');
  }
  const profileDir = resolve(
    profile ?? process.env['SCREWOPS_PROFILE'] ?? join(homedir(), '.screwops', 'profile'),
  );
  ensureBuilt(rebuild);
  mkdirSync(profileDir, { recursive: true });

  const server = await startStaticServer(DIST, port).catch((error: NodeJS.ErrnoException) =>
    fail(
      error.code === 'EADDRINUSE'
        ? `port ${port} is in use; pass --port N (data is kept per port)`
        : error.message,
    ),
  );
  const context = await launchProfile(profileDir, [], { serviceWorkers: 'block' }).catch((error: Error) =>
    fail(error.message.split('\n')[0] ?? 'Chromium did not start'),
  );
  const progress = process.stderr.isTTY ? progressLine(process.stderr) : undefined;
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    if (verbose) page.on('console', (m) => process.stderr.write(`[page ${m.type()}] ${m.text()}\n`));
    page.on('pageerror', (e) => process.stderr.write(`[page error] ${e.message}\n`));
    if (progress) await page.exposeFunction('screwopsProgress', (line: string) => progress.show(line));
    await page.goto(server.url + '/#/projects');
    await page.waitForFunction(() => window.screwopsPipeline !== undefined, undefined, { timeout: 60_000 });
    // The app loads the commands and the runner's file input only on request.
    await page.evaluate(() => window.screwopsPipeline!.load());
    if (help) {
      const all = await page.evaluate(() => window.screwopsPipeline!.commands());
      if (!all[command]) fail(`unknown command "${command}"; commands: ${Object.keys(all).join(', ')}`);
      process.stdout.write(
        [`Usage: npm run pipeline -- ${command} [options]`, all[command], '', 'Runner options:']
          .concat(optionHelp(RUNNER_OPTIONS))
          .join('\n') + '\n',
      );
      return;
    }
    if (uploads.length)
      await page.setInputFiles(
        '#pipeline-files',
        uploads.map((u) => u.absolute),
      );
    page.setDefaultTimeout(0);
    // A command that produces a file hands it to the browser as a download; it is saved to --out.
    const download =
      typeof commandOptions['out'] === 'string'
        ? page.waitForEvent('download').catch(() => undefined)
        : undefined;
    // A command that writes a folder hands over several downloads, each saved under its own name.
    const folder = writesFolder ? resolve(String(path)) : undefined;
    const saved: Array<Promise<string>> = [];
    if (folder) {
      mkdirSync(folder, { recursive: true });
      page.on('download', (d) =>
        saved.push(d.saveAs(join(folder, basename(d.suggestedFilename()))).then(() => d.suggestedFilename())),
      );
    }
    const result = await page.evaluate(
      ([name, opts, proj]) => window.screwopsPipeline!.run(name, opts, proj),
      [command, commandOptions, project] as const,
    );
    progress?.clear();
    if ('error' in result) fail((result as CommandFailure).error);
    const ok = result as CommandResult;
    // A refused or failed step still prints its findings; the one-line reason goes to stderr.
    if (ok.exitCode !== 0) process.stderr.write(`pipeline: ${ok.summary.split('\n')[0]}\n`);
    const file = await download;
    if (file) {
      const out = resolve(commandOptions['out'] as string);
      await file.saveAs(out);
      ok.data['file'] = out;
      ok.data['bytes'] = statSync(out).size;
      ok.summary += `\nWrote ${out}`;
    }
    if (folder && ok.exitCode === 0) {
      const expected = Array.isArray(ok.data['files']) ? ok.data['files'].length : 0;
      for (let waited = 0; saved.length < expected && waited < 60_000; waited += 50)
        await new Promise((done) => setTimeout(done, 50));
      const written = await Promise.all(saved);
      if (written.length < expected)
        throw new Error(`only ${written.length} of ${expected} files reached ${folder}`);
      ok.data['folder'] = folder;
      ok.summary += `\nWrote ${written.length} files to ${folder}`;
    }
    process.stdout.write((json ? JSON.stringify(ok.data) : ok.summary) + '\n');
    process.exitCode = ok.exitCode;
  } finally {
    progress?.clear();
    await context.close();
    await server.close();
  }
}

main().catch((error: unknown) =>
  fail(error instanceof Error ? (error.message.split('\n')[0] ?? 'failed') : String(error)),
);
