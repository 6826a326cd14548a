import { snapshots } from '../lib/stores/snapshots.svelte.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import { images } from '../lib/stores/images.svelte.ts';
import type { ExportFormat } from '../../workers/snapshots/snapshots-types.ts';
import type { PipelineCommand } from './types.ts';
import { numberOption } from './options.ts';

const splitCommand: PipelineCommand = {
  describe:
    'split [--train R --validation R --test R --seed K --near-duplicate-bits B --reassign]: stratified, leak-free splits',
  async run(options) {
    const base = snapshots.settings;
    const ratios = {
      train: numberOption(options, 'train', base.ratios.train, 'share'),
      validation: numberOption(options, 'validation', base.ratios.validation, 'share'),
      test: numberOption(options, 'test', base.ratios.test, 'share'),
    };
    const total = ratios.train + ratios.validation + ratios.test;
    if (Math.abs(total - 1) > 1e-6)
      throw new Error(`--train, --validation and --test must add up to 1; they add up to ${total}.`);
    const settings = {
      ratios,
      seed: numberOption(options, 'seed', base.seed, 'whole'),
      nearDuplicateBits: numberOption(options, 'nearDuplicateBits', base.nearDuplicateBits, 'whole'),
    };
    const report = await snapshots.split(settings, options['reassign'] === true);
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
};

const snapshotCommand: PipelineCommand = {
  describe: 'snapshot --name N: freeze the current labels and splits as a hashed dataset version',
  async run(options) {
    const name = options['name'];
    if (typeof name !== 'string' || !name.trim())
      throw new Error('snapshot needs --name, e.g. --name "v1 labeled".');
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
};

const FORMATS: ExportFormat[] = ['imagefolder', 'mvtec', 'labelstudio'];

const exportCommand: PipelineCommand = {
  describe:
    'export-dataset --format imagefolder|mvtec|labelstudio --out FILE [--snapshot ID]: write a dataset zip',
  async run(options) {
    const format = options['format'] ?? 'imagefolder';
    if (typeof format !== 'string' || !FORMATS.includes(format as ExportFormat))
      throw new Error(`--format must be one of ${FORMATS.join(', ')}; got "${String(format)}".`);
    if (typeof options['out'] !== 'string') throw new Error('export-dataset needs --out FILE.zip.');
    await snapshots.load();
    const wanted = options['snapshot'];
    const snapshot =
      typeof wanted === 'string'
        ? snapshots.list.find((s) => s.id === wanted || s.name === wanted)
        : undefined;
    if (typeof wanted === 'string' && !snapshot)
      throw new Error(`No snapshot "${wanted}" in project "${projects.current?.scope.name}".`);
    const result = await snapshots.export(snapshot?.id ?? null, format as ExportFormat);
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
};

/** The split, snapshot and dataset-export pipeline commands. */
export const SNAPSHOT_COMMANDS: Record<string, PipelineCommand> = {
  split: splitCommand,
  snapshot: snapshotCommand,
  'export-dataset': exportCommand,
};
