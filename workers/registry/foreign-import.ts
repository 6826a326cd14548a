/**
 * Importing a model trained elsewhere (a Teachable Machine image export or a plain tfjs layers model):
 * read what its files say, complete it with the person's answers, record its golden outputs, verify it
 * like any bundle and only then register it.
 */
import type { Db } from '../lib/db/open-db.ts';
import { requireProject } from '../lib/db/projects-repo.ts';
import { registerVersion } from '../lib/db/registry-repo.ts';
import type { ModelVersionRecord } from '../lib/db/schema/registry.ts';
import { exportBundleZip, importBundleZip } from '../../models/bundle/bundle-model.ts';
import { BundleRejectedError } from '../../models/bundle/errors.ts';
import {
  completeForeignImport,
  importLayersModel,
  importTeachableMachine,
  type ForeignImport,
  type ForeignMissing,
} from '../../models/bundle/foreign.ts';
import { frameResizeSpec, isFrameResizeSpec } from '../../models/preprocess/spec.ts';
import type { ImportTarget } from './bundle-transfer.ts';

/** What a foreign model's files say, and what the person must still answer. */
export interface ForeignSummary {
  kind: ForeignImport['source'];
  /** the model's name, from its files */
  name: string;
  /** one label per output where the files name them */
  labels: string[] | null;
  /** outputs the topology declares, where it does */
  outputCount: number | null;
  /** [height, width, channels] of the model's input */
  inputShape: [number, number, number];
  missing: ForeignMissing[];
  /** the whole-frame resize the files imply (Teachable Machine) or suggest (square RGB input) */
  suggestedPreprocess: { size: number; range: [number, number] } | null;
}

/** The person's answers for what a foreign model lacks. */
export interface ForeignModelAnswers {
  /** one label per output, in output order (required where the files name none) */
  labels?: string[];
  /** the label of good parts */
  goodLabel: string;
  /** pixel range for the whole-frame resize where the files leave it open; [-1, 1] unless given */
  range?: [number, number];
}

/** Where and how a foreign model is registered. */
export interface ForeignTarget extends ImportTarget {
  /** the decision threshold on the bad probability; 0.5 unless given */
  threshold?: number;
}

/** Files keyed by base name: a folder upload names them with their folder. */
function byBaseName(files: Record<string, Uint8Array>): Record<string, Uint8Array> {
  const out: Record<string, Uint8Array> = {};
  for (const [path, bytes] of Object.entries(files)) out[path.split('/').pop() ?? path] = bytes;
  return out;
}

/** The draft: a Teachable Machine export when metadata.json is there, else a plain layers model. */
function readDraft(files: Record<string, Uint8Array>): ForeignImport {
  const named = byBaseName(files);
  if (!named['model.json'])
    throw new BundleRejectedError(
      'file',
      `No model.json among the files (${Object.keys(files).join(', ') || 'none'}); choose model.json with its weight files.`,
    );
  return named['metadata.json'] ? importTeachableMachine(named) : importLayersModel(named);
}

/** Reads a foreign model's files and says what they hold and what is missing; nothing is stored. */
export function readForeign(files: Record<string, Uint8Array>): ForeignSummary {
  const draft = readDraft(files);
  const pre = draft.preprocess;
  return {
    kind: draft.source,
    name: draft.name,
    labels: draft.labels,
    outputCount: draft.outputCount,
    inputShape: draft.inputShape,
    missing: draft.missing,
    suggestedPreprocess: isFrameResizeSpec(pre) ? { size: pre.width, range: pre.range } : null,
  };
}

/**
 * Completes a foreign model with the answers, records its golden outputs, verifies the bundle like
 * any import, checks its classes against the project's and registers it. A refusal stores nothing.
 */
export async function importForeign(
  db: Db,
  files: Record<string, Uint8Array>,
  answers: ForeignModelAnswers,
  target: ForeignTarget,
): Promise<ModelVersionRecord> {
  const project = await requireProject(db, target.projectId);
  const draft = readDraft(files);
  const [height, width, channels] = draft.inputShape;
  if (draft.missing.includes('preprocess') && (height !== width || channels !== 3))
    throw new BundleRejectedError(
      'preprocess',
      `The model takes ${height}×${width}×${channels} inputs; ScrewOps imports square RGB image models only.`,
    );
  const labels = answers.labels ?? draft.labels;
  if (labels && draft.outputCount !== null && labels.length !== draft.outputCount)
    throw new BundleRejectedError(
      'metadata',
      `The model has ${draft.outputCount} outputs but ${labels.length} labels were given (${labels.join(', ')}); give one label per output.`,
    );
  const implied = isFrameResizeSpec(draft.preprocess) ? draft.preprocess.range : undefined;
  const bundle = completeForeignImport(draft, {
    name: target.name,
    goodLabel: answers.goodLabel,
    ...(answers.labels ? { labels: answers.labels } : {}),
    preprocess: frameResizeSpec(
      height,
      (draft.missing.includes('preprocess') ? answers.range : undefined) ?? implied ?? [-1, 1],
    ),
  });
  const classes = bundle.metadata.classes;
  const expected = project.scope.classes;
  if (classes.length !== expected.length || classes.some((c, i) => c !== expected[i]))
    throw new BundleRejectedError(
      'metadata',
      `The model's labels, good first, are ${classes.join(' / ')}, but this project's classes are ${expected.join(' / ')}. Name the labels as the project's classes.`,
    );
  // The golden outputs are recorded from the model as read here; the import check then holds it to them.
  const { bundle: verified } = await importBundleZip(await exportBundleZip(bundle));
  return registerVersion(db, {
    projectId: project.id,
    name: target.name,
    bundle: verified,
    source: 'import',
    threshold: target.threshold ?? 0.5,
    thresholdRule: target.threshold === undefined ? 'default 0.5 for a foreign model' : 'given on import',
    tfjsVersion: target.tfjsVersion,
    appVersion: target.appVersion,
    lineage: { runId: null, snapshotId: null, snapshotHash: null, profileId: null },
    gatePassed: null,
    description: `Imported from a ${draft.source === 'teachable-machine' ? 'Teachable Machine' : 'tfjs layers'} model "${draft.name}".`,
  });
}
