import type { Db } from '../lib/db/open-db.ts';
import { listImages } from '../lib/db/images-repo.ts';
import { detectLayout, mapLabel, type LayoutImage } from '../lib/ingest/layout.ts';
import { LabelStudioParseError, matchLabelStudio, parseLabelStudio } from '../lib/ingest/label-studio.ts';
import { CsvParseError } from '../lib/ingest/csv.ts';
import { formatBytes } from '../lib/ingest/format.ts';
import { readZip } from '../lib/ingest/zip-safe.ts';
import { checkZipPath } from '../lib/ingest/zip-paths.ts';
import { DEFAULT_INGEST_LIMITS, type ZipLimits } from '../lib/ingest/limits.ts';
import { encodePng } from '../lib/png/encode-png.ts';
import {
  DEMO_STYLE,
  generateScrewImage,
  planDataset,
  STYLE_NAMES,
  UnknownStyleError,
  type DefectType,
} from '../lib/synth/screw-generator.ts';
import { throwIfAborted } from '../lib/abort-port.ts';
import { listZipNames } from './zip-listing.ts';
import { applyManifest, isManifest } from './manifest.ts';
import type { Candidate, IngestJob } from './ingest-job.ts';
import type { DroppedFile, IngestProgress, IngestTarget } from './ingest-types.ts';

type Progress = ((p: IngestProgress) => void) | undefined;

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** What kind of input a dropped file is: an archive, a labeling export, or (presumably) an image. */
export async function classifyDropped(file: DroppedFile): Promise<'zip' | 'label-studio' | 'image'> {
  const lower = file.path.toLowerCase();
  if (lower.endsWith('.json') || lower.endsWith('.csv')) return 'label-studio';
  const head = new Uint8Array(await file.file.slice(0, 4).arrayBuffer());
  if (lower.endsWith('.zip') || ZIP_MAGIC.every((b, i) => head[i] === b)) return 'zip';
  return 'image';
}

function labelOf(job: IngestJob, image: LayoutImage | undefined, classes: string[]) {
  const label = image?.folderLabel ? mapLabel(image.folderLabel, image.defectType, classes) : null;
  if (label !== null && image?.labelFolder) job.noteFolderLabel(image.labelFolder, label);
  return {
    label,
    labelSource: label === null ? null : ('folder' as const),
    defectType: image?.defectType ?? null,
  };
}

/** Images picked or dropped as files or folders; the folder layout gives their labels. */
export async function ingestImageFiles(
  job: IngestJob,
  target: IngestTarget,
  files: DroppedFile[],
  signal: AbortSignal,
  onProgress: Progress,
): Promise<void> {
  const layout = detectLayout(
    files.map((f) => f.path),
    target.classes,
  );
  const byPath = new Map(layout.images.map((image) => [image.path, image]));
  for (const ignored of layout.ignored) job.reject(ignored.path, ignored.reason);
  for (const dropped of files) {
    throwIfAborted(signal);
    const image = byPath.get(dropped.path);
    if (!image) continue;
    const candidate: Candidate = {
      key: dropped.path,
      path: dropped.path,
      fileName: image.fileName,
      ...labelOf(job, image, target.classes),
      capturedAt: null,
      size: dropped.file.size,
      bytes: async () => new Uint8Array(await dropped.file.arrayBuffer()),
    };
    await job.add(candidate, onProgress);
  }
}

/** Zip entries that describe the images rather than being images: labeling exports, manifests. */
const SIDECAR = /\.(json|csv)$/i;
/** Zip entries that belong to an export but carry nothing to import. */
const IGNORED_ENTRY = /(^|\/)label_config\.xml$/i;

/**
 * A zip archive, streamed entry by entry; its central directory gives the layout up front. Returns
 * the JSON/CSV entries (Label Studio tasks, export manifests) to apply after the images landed.
 */
export async function ingestZip(
  job: IngestJob,
  target: IngestTarget,
  archive: DroppedFile,
  limits: Partial<ZipLimits>,
  signal: AbortSignal,
  onProgress: Progress,
): Promise<DroppedFile[]> {
  const sidecars: DroppedFile[] = [];
  // The same normalised paths readZip yields; unsafe names are left out so they cannot skew the layout.
  const listed = await listZipNames(archive.file);
  const names = (listed ?? (await streamedNames(archive.file, limits, signal))).flatMap((name) => {
    const verdict = checkZipPath(name);
    return verdict.kind === 'ok' ? [verdict.path] : [];
  });
  const layout = detectLayout(names, target.classes);
  const byPath = new Map(layout.images.map((image) => [image.path, image]));
  const ignored = new Map(layout.ignored.map((entry) => [entry.path, entry.reason]));
  for await (const entry of readZip(archive.file.stream(), limits)) {
    throwIfAborted(signal);
    const key = `${archive.path}:${entry.path}`;
    const where = `${archive.path} › ${entry.path}`;
    if (!entry.ok) {
      job.reject(where, entry.reason, key);
      continue;
    }
    if (SIDECAR.test(entry.path)) {
      sidecars.push({ path: where, file: new Blob([entry.bytes]) });
      continue;
    }
    if (IGNORED_ENTRY.test(entry.path)) continue;
    const image = byPath.get(entry.path);
    if (!image) {
      job.reject(where, ignored.get(entry.path) ?? 'Not an image file (by its extension); skipped.', key);
      continue;
    }
    const bytes = entry.bytes;
    await job.add(
      {
        key,
        path: where,
        fileName: image.fileName,
        ...labelOf(job, image, target.classes),
        capturedAt: null,
        bytes: async () => bytes,
      },
      onProgress,
    );
  }
  return sidecars;
}

// Without a readable central directory (zip64, damage) the names come from a first pass over the
// entries, so the layout (and every label) is the same as with one.
async function streamedNames(
  archive: Blob,
  limits: Partial<ZipLimits>,
  signal: AbortSignal,
): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of readZip(archive.stream(), limits)) {
    throwIfAborted(signal);
    if (entry.ok) names.push(entry.path);
  }
  return names;
}

/**
 * Applies a Label Studio export, or a ScrewOps export manifest, to the project's images (stored
 * before, or in this import). An export that is too large or cannot be parsed is rejected alone.
 */
export async function ingestLabelStudio(
  db: Db,
  job: IngestJob,
  target: IngestTarget,
  exportFile: DroppedFile,
  maxExportBytes = DEFAULT_INGEST_LIMITS.maxExportBytes,
): Promise<void> {
  if (exportFile.file.size > maxExportBytes) {
    return job.reject(
      exportFile.path,
      `The export is ${formatBytes(exportFile.file.size)}, over the ${formatBytes(maxExportBytes)} limit for label files. Export fewer tasks at a time (e.g. filter by date) and import each part.`,
    );
  }
  const text = await exportFile.file.text();
  let parsed;
  try {
    if (isManifest(text)) return await applyManifest(job, target, exportFile, text);
    parsed = parseLabelStudio(text, exportFile.path);
  } catch (error) {
    if (error instanceof LabelStudioParseError || error instanceof CsvParseError)
      return job.reject(exportFile.path, error.message);
    throw error;
  }
  for (const problem of parsed.problems) job.reject(`${exportFile.path} › ${problem.ref}`, problem.reason);
  const images = await listImages(db, target.projectId);
  const match = matchLabelStudio(
    parsed.items,
    images.map((i) => ({ key: i.id, fileName: i.fileName })),
    target.classes,
  );
  for (const miss of [...match.missingImages, ...match.unknownLabels, ...match.ambiguous])
    job.reject(`${exportFile.path} › ${miss.fileName}`, miss.reason);
  await job.applyLabels(
    match.matched.map((m) => ({ id: m.key, label: m.label, labelSource: 'imported' as const })),
  );
}

/** Options of the embedded demo dataset. */
export interface DemoOptions {
  count: number;
  seed: number;
  /** image side, pixels */
  size: number;
  /** 0..1 */
  defectRatio: number;
  defectMix?: Partial<Record<DefectType, number>>;
  /** the generator's look (a name from STYLE_NAMES); absent means the demo look */
  style?: string;
}

/** The title a demo import gets; the same options resume the same import. */
export function demoTitle(o: DemoOptions): string {
  const mix = o.defectMix ? ` (${Object.keys(o.defectMix).join(', ')})` : '';
  const style = o.style && o.style !== DEMO_STYLE ? `, style ${o.style}` : '';
  return `Demo dataset: ${o.count} screws, ${o.size} px, ${Math.round(o.defectRatio * 100)}% defective${mix}${style}, seed ${o.seed}`;
}

/** Generates the seeded synthetic screw dataset image by image and ingests it. */
export async function ingestDemo(
  job: IngestJob,
  target: IngestTarget,
  options: DemoOptions,
  signal: AbortSignal,
  onProgress: Progress,
): Promise<void> {
  const plan = planDataset(options);
  const style = options.style ?? DEMO_STYLE;
  // An unknown style is refused before anything is stored.
  if (!STYLE_NAMES.includes(style)) throw new UnknownStyleError(style);
  // Each look gets its own folder, so two styles generated with one seed never share a path.
  const folder = style === DEMO_STYLE ? `demo-seed${options.seed}` : `demo-${style}-seed${options.seed}`;
  job.total = plan.length;
  for (const item of plan) {
    throwIfAborted(signal);
    const defectType = item.kind === 'good' ? null : item.kind;
    const label = mapLabel(item.kind === 'good' ? 'good' : item.kind, defectType, target.classes);
    const fileName = `${item.name}.png`;
    await job.add(
      {
        key: item.name,
        path: `${folder}/${fileName}`,
        fileName,
        label,
        labelSource: label === null ? null : 'generated',
        defectType,
        capturedAt: null,
        bytes: async () => {
          const image = generateScrewImage({ seed: item.seed, kind: item.kind, size: options.size, style });
          return encodePng(
            image.pixels,
            image.width,
            image.height,
            image.channels,
          ) as Uint8Array<ArrayBuffer>;
        },
      },
      onProgress,
    );
  }
}
