import { evaluation } from '../lib/stores/evaluation.svelte.ts';
import { registry } from '../lib/stores/registry.svelte.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import { downloadBlob } from '../lib/download.ts';
import { getArtifact } from '../../workers/lib/db/runs-repo.ts';
import { getDb } from '../lib/stores/db.ts';
import type { ModelVersionRecord } from '../../workers/lib/db/schema/registry.ts';
import { bundleToZip } from '../../models/bundle/zip.ts';
import { evaluationData, runFor, versionFor } from './evaluate-commands.ts';
import { RUNNER_FILE_INPUT_ID } from './data-commands.ts';
import { defineCommand } from './options.ts';
import type { CommandResult, PipelineCommand } from './types.ts';

/** A version as the runner prints it. */
function versionData(v: ModelVersionRecord): Record<string, unknown> {
  const entry = registry.entries.find((e) => e.model.name === v.name);
  const aliases = Object.entries(entry?.model.aliases ?? {})
    .filter(([, n]) => n === v.version)
    .map(([a]) => a);
  return {
    model: `${v.name}@${v.version}`,
    versionId: v.id,
    source: v.source,
    threshold: v.threshold,
    thresholdRule: v.thresholdRule,
    gatePassed: v.gatePassed,
    aliases,
    lineage: v.lineage,
    sizeBytes: v.sizeBytes,
  };
}

/** The errors that mean a registry rule or a bundle check said no. */
const REFUSALS = new Set(['RegistryRuleError', 'BundleRejectedError']);

/** A refusal the runner reports with exit code 1 instead of a crash. */
function refused(error: unknown): CommandResult {
  // By name: errors that crossed the worker boundary keep only their name and message.
  if (error instanceof Error && REFUSALS.has(error.name))
    return { summary: error.message, data: { refused: true, reason: error.message }, exitCode: 1 };
  throw error;
}

const registerCommand = defineCommand({
  name: 'register',
  describe: 'register a run’s model as the next version of --name, evaluated on its own test split first',
  options: {
    run: { type: 'string', help: 'run id or name (default: the newest finished run)' },
    name: { type: 'string', default: 'screws', help: 'the registered model’s name' },
  },
  async run(options) {
    const run = await runFor(options.run);
    const outcome = await evaluation.run({
      model: { kind: 'run', runId: run.id },
      snapshotId: run.snapshotId,
      images: 'test',
      threshold: { kind: 'auto' },
    });
    await registry.load();
    const version = await registry.registerEvaluated(outcome, options.name, false);
    return {
      summary: `Registered ${version.name}@${version.version} from run "${run.name}"; gate ${outcome.report.gate.passed ? 'passed' : 'failed'}.`,
      data: { ...versionData(version), evaluation: evaluationData(outcome) },
      exitCode: 0,
    };
  },
});

const promoteCommand = defineCommand({
  name: 'promote',
  describe:
    'point an alias at a version; the champion needs a passed gate or --override REASON (exit 1 when refused)',
  options: {
    model: { type: 'string', help: 'NAME@V (default: the newest registered version)' },
    alias: { type: 'string', default: 'champion', choices: ['champion', 'challenger'], help: 'which alias' },
    override: { type: 'string', help: 'promote past a failed or missing gate, for this recorded reason' },
    reason: { type: 'string', default: '', help: 'why, for the alias history' },
  },
  async run(options) {
    await registry.load();
    const newest = registry.versions[0];
    if (!options.model && !newest) throw new Error('The project has no registered version.');
    const version = options.model ? await versionFor(options.model) : newest!;
    let event;
    try {
      const override = options.override !== undefined;
      event = await registry.promote(
        version.name,
        version.version,
        options.alias as 'champion' | 'challenger',
        override ? options.override! : options.reason,
        override,
      );
    } catch (error) {
      return refused(error);
    }
    return {
      summary: `${version.name}@${version.version} is now ${options.alias}${event.gateBasis === 'cross-validation' ? ' (its run passed the gate by cross-validation)' : ''}.`,
      data: versionData(await versionFor(`${version.name}@${version.version}`)),
      exitCode: 0,
    };
  },
});

const rollbackCommand = defineCommand({
  name: 'rollback',
  describe: 'move a model’s champion back to the previous one',
  options: {
    model: { type: 'string', help: 'the registered model (default: the one whose champion moved last)' },
    reason: { type: 'string', default: 'rollback', help: 'why, for the alias history' },
  },
  async run(options) {
    await registry.load();
    const name =
      options.model ??
      registry.entries
        .map((e) => ({ name: e.model.name, at: e.history.find((h) => h.alias === 'champion')?.at ?? 0 }))
        .sort((a, b) => b.at - a.at)[0]?.name;
    if (!name) throw new Error('The project has no registered model.');
    try {
      await registry.rollback(name, options.reason);
    } catch (error) {
      return refused(error);
    }
    const champion = registry.aliased(name, 'champion')!;
    return {
      summary: `${name}'s champion is ${name}@${champion.version} again.`,
      data: versionData(champion),
      exitCode: 0,
    };
  },
});

const exportModelCommand = defineCommand({
  name: 'export-model',
  describe:
    'export-model --out FILE.zip: a verified model bundle (model, weights, metadata, digests, golden outputs)',
  options: {
    out: { type: 'string', help: 'where the runner saves the zip' },
    model: { type: 'string', help: 'a registered version NAME@V, or NAME for its champion' },
    run: { type: 'string', help: 'a run id or name (default: the newest finished run)' },
  },
  async run(options) {
    if (options.out === undefined) throw new Error('export-model needs --out FILE.zip.');
    if (options.model !== undefined) {
      const version = await versionFor(options.model);
      const { fileName, bytes } = await registry.exportVersion(version);
      return {
        summary: `Exported ${version.name}@${version.version}.`,
        data: { ...versionData(version), fileName, bytes },
        exitCode: 0,
      };
    }
    const run = await runFor(options.run);
    const bundle = await getArtifact(await getDb(), run.id);
    if (!bundle) throw new Error(`Run "${run.name}" has no stored model.`);
    if (!bundle.golden)
      throw new Error(
        `Run "${run.name}" was trained before models carried golden outputs; register it and export the version (--model NAME@V).`,
      );
    const zip = await bundleToZip(bundle, null);
    downloadBlob(
      new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }),
      `screwops-model-${run.id}.zip`,
    );
    return {
      summary: `Exported the model of "${run.name}".`,
      data: { runId: run.id, name: run.name, evaluation: run.evaluation, bytes: zip.length },
      exitCode: 0,
    };
  },
});

/** The labels of a comma-separated option, trimmed, empty ones dropped. */
const labelList = (text: string) =>
  text
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

const importModelCommand = defineCommand({
  name: 'import-model',
  describe:
    'import-model FILE.zip | FOLDER: verify a bundle, or a Teachable Machine / tfjs model folder (model.json, metadata.json, weights), and register it (exit 1 when refused; nothing is stored then)',
  options: {
    name: { type: 'string', default: 'imported', help: 'the registered model’s name' },
    labels: {
      type: 'string',
      help: 'a model folder: its labels in output order, comma-separated (e.g. good,bad), where metadata.json lacks them',
    },
    good: {
      type: 'string',
      help: 'a model folder: the label of good screws (default: the project’s first class)',
    },
    range: {
      type: 'string',
      default: '-1,1',
      choices: ['-1,1', '0,1'],
      help: 'a plain tfjs model folder: the pixel range its inputs are scaled to',
    },
    threshold: { type: 'share', help: 'a model folder: the decision threshold (default 0.5)' },
    relativePaths: {
      type: 'string',
      default: '[]',
      internal: true,
      help: "JSON list of the uploaded files' paths (the runner sets it)",
    },
  },
  async run(options) {
    const input = document.getElementById(RUNNER_FILE_INPUT_ID) as HTMLInputElement | null;
    const files = Array.from(input?.files ?? []);
    const bundle = files.length === 1 && files[0]!.name.toLowerCase().endsWith('.zip') ? files[0] : undefined;
    if (!bundle && !files.some((f) => f.name === 'model.json'))
      throw new Error(
        'import-model needs one bundle zip file or a folder holding model.json and its weights.',
      );
    await registry.load();
    try {
      if (bundle) {
        const version = await registry.importBundle(bundle, options.name);
        return {
          summary: `Imported ${bundle.name} as ${version.name}@${version.version}; evaluate it before promoting it.`,
          data: versionData(version),
          exitCode: 0,
        };
      }
      const found = await registry.readForeign(files);
      const labels = options.labels === undefined ? undefined : labelList(options.labels);
      const goodLabel = options.good ?? projects.current?.scope.classes[0] ?? '';
      const [lo, hi] = options.range.split(',').map(Number) as [number, number];
      const version = await registry.importForeign(
        files,
        options.name,
        { goodLabel, ...(labels ? { labels } : {}), range: [lo, hi] },
        options.threshold,
      );
      return {
        summary: `Imported the ${found.kind === 'teachable-machine' ? 'Teachable Machine' : 'tfjs'} model "${found.name}" as ${version.name}@${version.version}; evaluate it before promoting it.`,
        data: { ...versionData(version), kind: found.kind, labels: labels ?? found.labels, goodLabel },
        exitCode: 0,
      };
    } catch (error) {
      return refused(error);
    }
  },
});

/** The Registry stage's pipeline commands. */
export const REGISTRY_COMMANDS: PipelineCommand[] = [
  registerCommand,
  promoteCommand,
  rollbackCommand,
  exportModelCommand,
  importModelCommand,
];
