/**
 * Label Studio exports: the full JSON task format (one choices annotation per labeled image), a
 * zip that carries the images along, and a matching labeling config.
 */
import { buildZip, canonicalOrder, manifestCsv, placeFiles } from './export-common.ts';
import type { ExportItem, PlacedItem } from './export-common.ts';

/** Options of the Label Studio exporters. */
export interface LabelStudioOptions {
  /** URL prefix of every `data.image` (default '/data/upload/', Label Studio's upload folder). */
  imagePrefix?: string;
  /** Also emit unlabeled images, as tasks without annotations, so they can be labeled there (default false). */
  includeUnlabeled?: boolean;
  /** Project classes; the zip then carries a `label_config.xml` offering them as choices. */
  classes?: readonly string[];
}

/** Name of the Choices control (`from_name`) and of the Image object (`to_name`) in exports. */
export const LABEL_STUDIO_NAMES = { fromName: 'choice', toName: 'image' } as const;

// Label Studio keeps images in one flat folder, so names must be unique across the whole export.
function placeFlat(items: readonly ExportItem[], includeUnlabeled: boolean): PlacedItem[] {
  const chosen = canonicalOrder(items).filter((i) => includeUnlabeled || i.label !== null);
  return placeFiles(chosen.map((item) => ({ folder: 'images', item })));
}

function tasksJson(placed: readonly PlacedItem[], prefix: string): string {
  const tasks = placed.map(({ path, item }, k) => {
    const id = k + 1;
    const name = path.slice('images/'.length);
    const annotations =
      item.label === null
        ? []
        : [
            {
              id,
              result: [
                {
                  id: `choice-${id}`,
                  from_name: LABEL_STUDIO_NAMES.fromName,
                  to_name: LABEL_STUDIO_NAMES.toName,
                  type: 'choices',
                  value: { choices: [item.label] },
                },
              ],
              was_cancelled: false,
            },
          ];
    // `meta` survives a Label Studio round trip, so the content hash and split come back too.
    const meta = { sha256: item.sha256, split: item.split, defect_type: item.defectType };
    return { id, data: { image: `${prefix}${encodeURIComponent(name)}` }, annotations, meta };
  });
  return JSON.stringify(tasks, null, 2) + '\n';
}

/**
 * Label Studio full-JSON export text: one task per labeled image (ids 1…n in sha256 order), its
 * `data.image` the prefix plus the URL-encoded file name, uniquified as in the zip variant.
 */
export function exportLabelStudioJson(
  items: readonly ExportItem[],
  options: LabelStudioOptions = {},
): string {
  const placed = placeFlat(items, options.includeUnlabeled ?? false);
  return tasksJson(placed, options.imagePrefix ?? '/data/upload/');
}

function xmlAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A single-choice image classification labeling config whose names match the exported tasks. */
export function labelStudioConfig(classes: readonly string[]): string {
  const choices = classes.map((c) => `    <Choice value="${xmlAttr(c)}"/>`).join('\n');
  return [
    '<View>',
    `  <Image name="${LABEL_STUDIO_NAMES.toName}" value="$image"/>`,
    `  <Choices name="${LABEL_STUDIO_NAMES.fromName}" toName="${LABEL_STUDIO_NAMES.toName}" choice="single" showInline="true">`,
    choices,
    '  </Choices>',
    '</View>',
    '',
  ].join('\n');
}

/**
 * Zip of `tasks.json` (as exportLabelStudioJson), the images under `images/` with the very names the
 * tasks point at, `manifest.csv` (so splits survive a round trip) and `label_config.xml` when classes
 * are given.
 */
export function exportLabelStudioZip(
  items: readonly ExportItem[],
  options: LabelStudioOptions = {},
): Uint8Array {
  const placed = placeFlat(items, options.includeUnlabeled ?? false);
  const texts: Record<string, string> = {
    'tasks.json': tasksJson(placed, options.imagePrefix ?? '/data/upload/'),
    'manifest.csv': manifestCsv(placed),
  };
  if (options.classes) texts['label_config.xml'] = labelStudioConfig(options.classes);
  return buildZip(placed, texts);
}
