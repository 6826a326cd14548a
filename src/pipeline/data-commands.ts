import { ingest, DEMO_DEFAULTS } from '../lib/stores/ingest.svelte.ts';
import { images } from '../lib/stores/images.svelte.ts';
import { projects } from '../lib/stores/projects.svelte.ts';
import type { IngestReport } from '../../workers/ingest/ingest-types.ts';
import type { DroppedFile } from '../../workers/ingest/ingest-types.ts';
import { DEFECT_TYPES } from '../../workers/lib/synth/defects.ts';
import type { CommandResult, PipelineCommand } from './types.ts';
import { defineCommand } from './options.ts';
import { importLine } from './progress.ts';

/** The hidden file input the runner fills with `setInputFiles`, in the order of `relativePaths`. */
export const RUNNER_FILE_INPUT_ID = 'pipeline-files';

function reportResult(report: IngestReport): CommandResult {
  const total = images.all.length;
  const lines = [
    `${report.status === 'done' ? 'Imported' : `Import ${report.status}`}: ${report.title}`,
    `  ${report.accepted} stored, ${report.duplicates} duplicates, ${report.rejected.length} rejected, ` +
      `${report.conflicts.length} conflicts, ${report.labeled} labeled; ${report.imagesPerSecond.toFixed(1)} images/s`,
    ...report.folderLabels.map((f) => `  labeled ${f.label} from folder ${f.folder}/: ${f.images} images`),
    ...report.rejected.slice(0, 20).map((r) => `  rejected ${r.file}: ${r.reason}`),
    ...(report.rejected.length > 20 ? [`  … and ${report.rejected.length - 20} more (use --json)`] : []),
    ...(report.stoppedReason ? [`  stopped: ${report.stoppedReason}`] : []),
    `  The project now has ${total} images.`,
  ];
  const counts = images.countsByLabel;
  return {
    summary: lines.join('\n'),
    data: {
      importId: report.importId,
      status: report.status,
      accepted: report.accepted,
      duplicates: report.duplicates,
      rejected: report.rejected,
      conflicts: report.conflicts,
      labeled: report.labeled,
      folderLabels: report.folderLabels,
      resumedSkipped: report.resumedSkipped,
      imagesPerSecond: Number(report.imagesPerSecond.toFixed(2)),
      elapsedMs: Math.round(report.elapsedMs),
      stoppedReason: report.stoppedReason,
      totalImages: total,
      labels: Object.fromEntries([...counts].map(([label, n]) => [label || 'unlabeled', n])),
    },
    exitCode: report.status === 'done' ? 0 : 1,
  };
}

async function loaded(): Promise<void> {
  if (projects.current) await images.load(projects.current.id);
}

/** The running import's progress line, for the runner. */
const importProgress = () => (ingest.progress ? importLine(ingest.progress) : undefined);

const importCommand = defineCommand({
  name: 'import',
  describe: 'import <path>: a folder (ImageFolder or MVTec layout), a zip archive or a Label Studio export',
  options: {
    relativePaths: {
      type: 'string',
      default: '[]',
      internal: true,
      help: "JSON list of the uploaded files' paths, in the file input's order (the runner sets it)",
    },
  },
  progress: importProgress,
  async run(options) {
    const input = document.getElementById(RUNNER_FILE_INPUT_ID) as HTMLInputElement | null;
    const paths = JSON.parse(options.relativePaths) as string[];
    const files = Array.from(input?.files ?? []);
    if (!files.length || files.length !== paths.length)
      throw new Error('import needs a path to a folder, zip or export file.');
    const dropped: DroppedFile[] = files.map((file, i) => ({ path: paths[i]!, file }));
    const source = dropped.some((f) => f.path.toLowerCase().endsWith('.zip'))
      ? 'zip'
      : paths.some((p) => p.includes('/'))
        ? 'folder'
        : 'file';
    await loaded();
    return reportResult(await ingest.importDropped(dropped, source));
  },
});

const generateCommand = defineCommand({
  name: 'generate',
  describe: 'load the seeded synthetic demo dataset',
  options: {
    count: { type: 'whole', default: DEMO_DEFAULTS.count, help: 'how many images' },
    seed: { type: 'whole', default: DEMO_DEFAULTS.seed, help: 'seed of the generator' },
    size: { type: 'whole', default: DEMO_DEFAULTS.size, help: 'side of each image, pixels' },
    defectRatio: { type: 'share', default: DEMO_DEFAULTS.defectRatio, help: 'share of defective screws' },
    defectTypes: { type: 'string', help: `comma-separated defect types (${DEFECT_TYPES.join(', ')})` },
    style: { type: 'string', help: "the generator's look (demo, or a style the generator lists)" },
  },
  progress: importProgress,
  async run(options) {
    const types = options.defectTypes?.split(',').map((t) => t.trim());
    const unknown = types?.filter((t) => !(DEFECT_TYPES as readonly string[]).includes(t)) ?? [];
    if (unknown.length)
      throw new Error(`Unknown defect types: ${unknown.join(', ')}. Known: ${DEFECT_TYPES.join(', ')}.`);
    const demo = {
      ...(types ? { defectMix: Object.fromEntries(types.map((t) => [t, 1])) } : {}),
      count: options.count,
      seed: options.seed,
      size: options.size,
      defectRatio: options.defectRatio,
      ...(options.style ? { style: options.style } : {}),
    };
    await loaded();
    return reportResult(await ingest.loadDemo(demo));
  },
});

/** The Data stage's pipeline commands. */
export const DATA_COMMANDS: PipelineCommand[] = [importCommand, generateCommand];
