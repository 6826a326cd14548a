import { snapshots } from '../lib/stores/snapshots.svelte.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import { images } from '../lib/stores/images.svelte.ts';
import type { ExportFormat } from '../../workers/snapshots/snapshots-types.ts';
import type { PipelineCommand } from './types.ts';
import { defineCommand } from './options.ts';

const splitCommand = defineCommand({
  name: 'split',
  describe: 'stratified, leak-free train/validation/test splits (the project keeps the settings)',
  options: {
    train: { type: 'share', help: "share of the train split (default: the project's setting)" },
    validation: { type: 'share', help: "share of the validation split (default: the project's setting)" },
    test: { type: 'share', help: "share of the test split (default: the project's setting)" },
    seed: { type: 'whole', help: "seed of the split (default: the project's setting)" },
    nearDuplicateBits: {
      type: 'whole',
      help: "hash distance that counts as a near duplicate, bits (default: the project's setting)",
    },
    reassign: { type: 'flag', help: 'split every image again, not only those without a split' },
  },
  async run(options) {
    const base = snapshots.settings;
    const ratios = {
      train: options.train ?? base.ratios.train,
      validation: options.validation ?? base.ratios.validation,
      test: options.test ?? base.ratios.test,
    };
    const total = ratios.train + ratios.validation + ratios.test;
    if (Math.abs(total - 1) > 1e-6)
      throw new Error(`--train, --validation and --test must add up to 1; they add up to ${total}.`);
    const settings = {
      ratios,
      seed: options.seed ?? base.seed,
      nearDuplicateBits: options.nearDuplicateBits ?? base.nearDuplicateBits,
    };
    const report = await snapshots.split(settings, options.reassign);
    const rows = Object.entries(report.table).map(
      ([label, r]) =>
        `  ${(label || 'unlabeled').padEnd(12)} train ${r.train}  validation ${r.validation}  test ${r.test}`,
    );
    return {
      summary: [
        `Split ${report.changed} images (${report.duplicateGroups} duplicate groups kept together):`,
        ...rows,
        ...(report.gateWarning ? [`  warning: ${report.gateWarning.message}`] : []),
      ].join('\n'),
      data: {
        changed: report.changed,
        table: report.table,
        duplicateGroups: report.duplicateGroups,
        groupedImages: report.groupedImages,
        testCount: report.testCount,
        gateWarning: report.gateWarning?.message ?? null,
        wilsonLower: report.gateWarning?.wilsonLower ?? null,
        testImagesNeeded: report.gateWarning?.needed ?? null,
        settings,
      },
      exitCode: 0,
    };
  },
});

const snapshotCommand = defineCommand({
  name: 'snapshot',
  describe: 'snapshot --name N: freeze the current labels and splits as a hashed dataset version',
  options: { name: { type: 'string', help: 'name of the snapshot, e.g. "v1 labeled"' } },
  async run(options) {
    const name = options.name;
    if (!name?.trim()) throw new Error('snapshot needs --name, e.g. --name "v1 labeled".');
    const summary = await snapshots.snapshot(name);
    return {
      summary: `Snapshot "${summary.name}": ${summary.images} images, hash ${summary.hash}`,
      data: {
        snapshotId: summary.id,
        name: summary.name,
        snapshotHash: summary.hash,
        images: summary.images,
        table: summary.table,
        createdAt: summary.createdAt,
      },
      exitCode: 0,
    };
  },
});

const FORMATS: readonly ExportFormat[] = ['imagefolder', 'mvtec', 'labelstudio'];

const exportCommand = defineCommand({
  name: 'export-dataset',
  describe: 'export-dataset --out FILE.zip: write a dataset zip of a snapshot or of the current images',
  options: {
    format: { type: 'string', choices: FORMATS, default: 'imagefolder', help: 'layout of the zip' },
    out: { type: 'string', help: 'where the runner saves the zip' },
    snapshot: { type: 'string', help: 'snapshot id or name (default: the current images)' },
  },
  async run(options) {
    const { format, snapshot: wanted } = options;
    if (options.out === undefined) throw new Error('export-dataset needs --out FILE.zip.');
    await snapshots.load();
    const snapshot =
      wanted === undefined ? undefined : snapshots.list.find((s) => s.id === wanted || s.name === wanted);
    if (wanted !== undefined && !snapshot)
      throw new Error(`No snapshot "${wanted}" in project "${projects.current?.scope.name}".`);
    const result = await snapshots.export(snapshot?.id ?? null, format);
    return {
      summary: `Exported ${result.images} images as ${format}${snapshot ? ` from snapshot "${snapshot.name}"` : ''}.`,
      data: {
        format,
        images: result.images,
        missing: result.missing,
        snapshotId: snapshot?.id ?? null,
        snapshotHash: snapshot?.hash ?? null,
        fileName: result.fileName,
        totalImages: images.all.length,
      },
      exitCode: 0,
    };
  },
});

/** The split, snapshot and dataset-export pipeline commands. */
export const SNAPSHOT_COMMANDS: PipelineCommand[] = [splitCommand, snapshotCommand, exportCommand];
