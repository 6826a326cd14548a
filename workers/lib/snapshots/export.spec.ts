import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../ingest/csv.ts';
import { parseLabelStudio } from '../ingest/label-studio.ts';
import { detectLayout } from '../ingest/layout.ts';
import { checkZipPath } from '../ingest/zip-paths.ts';
import { createRng } from '../rng.ts';
import {
  exportImageFolderZip,
  exportLabelStudioJson,
  exportLabelStudioZip,
  exportMvtecZip,
  labelStudioConfig,
  mvtecFolderOf,
} from './export.ts';
import type { ExportItem } from './export.ts';
import type { Split } from '../splits/split.ts';

let n = 0;
function item(
  fileName: string,
  label: string | null,
  split: Split | null,
  defectType: string | null = null,
): ExportItem {
  n++;
  const rng = createRng(`bytes-${n}`);
  const bytes = Uint8Array.from({ length: 64 }, () => rng.int(0, 255));
  const sha256 = (n.toString(16).padStart(2, '0') + 'ab').repeat(16);
  const format = fileName.endsWith('.bmp') ? 'bmp' : 'png';
  return { fileName, sha256, label, split, defectType, bytes, format };
}

const CLASSES = ['ok', 'defect'];
const ITEMS: ExportItem[] = [
  item('a.png', 'ok', 'train'),
  item('b.png', 'ok', 'validation'),
  item('c.png', 'ok', 'test'),
  item('d.png', 'defect', 'train', 'scratch_head'),
  item('e.png', 'defect', 'test', null),
  item('f.bmp', 'ok', null),
  item('g.png', null, 'train'),
  item('dup.png', 'ok', 'train'),
  item('DUP.png', 'ok', 'train'), // clashes with dup.png on case-insensitive file systems
  item('dup.png', 'ok', 'test'), // same name, other folder: no clash
  item('frame-17', 'defect', 'test', 'thread_top'), // no extension
  item('../evil/.x.png', 'bad/label', 'train'),
];

function unzip(bytes: Uint8Array): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(bytes)));
}

function manifest(files: Map<string, Uint8Array>): Array<Record<string, string>> {
  const [header, ...rows] = parseCsv(
    strFromU8(files.get('manifest.csv') ?? new Uint8Array()),
    'manifest.csv',
  );
  return rows.map((r) => Object.fromEntries((header ?? []).map((h, k) => [h, r[k] ?? ''])));
}

const prefixOf = (i: ExportItem): string => i.sha256.slice(0, 8);

describe('exportImageFolderZip', () => {
  const files = unzip(exportImageFolderZip(ITEMS));
  const at = (i: number): ExportItem => ITEMS[i] as ExportItem;

  it('lays images out as split/label/file with unsplit/ and unlabeled/ folders', () => {
    expect([...files.keys()].sort()).toEqual(
      [
        'manifest.csv',
        'train/ok/a.png',
        'validation/ok/b.png',
        'test/ok/c.png',
        'train/defect/d.png',
        'test/defect/e.png',
        'unsplit/ok/f.bmp',
        'unlabeled/g.png',
        `train/ok/${prefixOf(at(7))}-dup.png`,
        `train/ok/${prefixOf(at(8))}-DUP.png`,
        'test/ok/dup.png',
        'test/defect/frame-17.png',
        'train/bad_label/___evil_.x.png',
      ].sort(),
    );
    expect(files.get('train/ok/a.png')).toEqual(at(0).bytes);
    expect(files.get(`train/ok/${prefixOf(at(8))}-DUP.png`)).toEqual(at(8).bytes);
  });

  it('writes paths the app’s own importer accepts and classifies as an image folder', () => {
    for (const p of files.keys()) expect(checkZipPath(p)).toEqual({ kind: 'ok', path: p });
    const layout = detectLayout([...files.keys()]);
    expect(layout.kind).toBe('imagefolder');
    expect(layout.images.find((i) => i.path === 'train/ok/a.png')?.folderLabel).toBe('ok');
  });

  it('has a manifest row per image with label, split, defect type and sha256', () => {
    const rows = manifest(files);
    expect(rows).toHaveLength(ITEMS.length);
    expect(rows.find((r) => r.file === 'train/defect/d.png')).toEqual({
      file: 'train/defect/d.png',
      label: 'defect',
      split: 'train',
      defect_type: 'scratch_head',
      sha256: at(3).sha256,
    });
    expect(rows.find((r) => r.file === 'unlabeled/g.png')?.split).toBe('train');
  });

  it('gives byte-identical zips for the same items in any order', () => {
    const again = exportImageFolderZip(createRng('order').shuffle([...ITEMS]));
    expect(again).toEqual(exportImageFolderZip(ITEMS));
  });

  it('numbers names that still clash after the sha256 prefix', () => {
    const twin = item('same.png', 'ok', 'train');
    const out = unzip(exportImageFolderZip([twin, { ...twin }, { ...twin }]));
    const p = prefixOf(twin);
    expect([...out.keys()].sort()).toEqual(
      [
        'manifest.csv',
        `train/ok/${p}-same-2.png`,
        `train/ok/${p}-same-3.png`,
        `train/ok/${p}-same.png`,
      ].sort(),
    );
  });
});

describe('exportMvtecZip', () => {
  const files = unzip(exportMvtecZip(ITEMS, CLASSES));

  it('puts good train+validation images in train/good and all defects in test/<defect>', () => {
    const paths = [...files.keys()].filter((p) => p !== 'manifest.csv');
    const folders = new Set(paths.map((p) => p.slice(0, p.lastIndexOf('/'))));
    expect([...folders].sort()).toEqual([
      'test/bad_label',
      'test/defect',
      'test/good',
      'test/scratch_head',
      'test/thread_top',
      'train/good',
    ]);
    expect(paths).toContain('train/good/a.png');
    expect(paths).toContain('train/good/b.png');
    expect(paths).toContain('train/good/f.bmp');
    expect(paths).toContain('test/good/c.png');
    expect(paths).toContain('test/scratch_head/d.png');
    expect(paths).toContain('test/defect/e.png');
    expect(paths.some((p) => p.endsWith('g.png'))).toBe(false);
    expect(manifest(files)).toHaveLength(ITEMS.length - 1);
  });

  it('reads back as an MVTec tree in the app’s importer', () => {
    const layout = detectLayout([...files.keys()]);
    expect(layout.kind).toBe('mvtec');
    expect(layout.images.find((i) => i.path === 'test/scratch_head/d.png')?.defectType).toBe('scratch_head');
  });

  it('never names a defect folder "good" and needs a class list', () => {
    const odd = item('z.png', 'defect', 'test', 'Good');
    expect(mvtecFolderOf(odd, 'ok')).toBe('test/defect');
    expect(() => exportMvtecZip(ITEMS, [])).toThrow(/no classes/);
  });
});

describe('Label Studio export', () => {
  it('has one task per labeled image, with choices the app’s importer reads back', () => {
    const text = exportLabelStudioJson(ITEMS);
    const tasks = JSON.parse(text) as Array<{ id: number; data: { image: string }; annotations: unknown[] }>;
    const labeled = ITEMS.filter((i) => i.label !== null);
    expect(tasks).toHaveLength(labeled.length);
    expect(tasks.map((t) => t.id)).toEqual(labeled.map((_, k) => k + 1));
    expect(tasks.every((t) => t.data.image.startsWith('/data/upload/'))).toBe(true);
    const parsed = parseLabelStudio(text, 'export.json');
    expect(parsed.format).toBe('json');
    expect(parsed.problems).toEqual([]);
    const byName = new Map(parsed.items.map((i) => [i.fileName, i.label]));
    expect(byName.get('a.png')).toBe('ok');
    expect(byName.get('frame-17.png')).toBe('defect');
    expect(byName.get('___evil_.x.png')).toBe('bad/label');
  });

  it('adds unlabeled images as open tasks on request and honours the prefix', () => {
    const tasks = JSON.parse(
      exportLabelStudioJson(ITEMS, { includeUnlabeled: true, imagePrefix: '/data/local-files/?d=' }),
    ) as Array<{
      data: { image: string };
      annotations: unknown[];
    }>;
    expect(tasks).toHaveLength(ITEMS.length);
    expect(tasks.filter((t) => t.annotations.length === 0)).toHaveLength(1);
    expect(tasks.every((t) => t.data.image.startsWith('/data/local-files/?d='))).toBe(true);
  });

  it('zips the tasks with the very images they point at, plus a manifest and a labeling config', () => {
    const files = unzip(exportLabelStudioZip(ITEMS, { classes: CLASSES }));
    const tasks = JSON.parse(strFromU8(files.get('tasks.json') ?? new Uint8Array())) as Array<{
      data: { image: string };
    }>;
    for (const t of tasks) {
      const name = decodeURIComponent(t.data.image.slice('/data/upload/'.length));
      expect(files.has(`images/${name}`)).toBe(true);
    }
    expect(files.size).toBe(tasks.length + 3);
    expect(strFromU8(files.get('manifest.csv')!).split('\n')[0]).toBe('file,label,split,defect_type,sha256');
    // dup.png appears twice among the flat images, so both copies carry their sha256 prefix.
    expect([...files.keys()].filter((p) => /dup\.png$/i.test(p))).toHaveLength(3);
    const config = strFromU8(files.get('label_config.xml') ?? new Uint8Array());
    expect(config).toContain('<Choices name="choice" toName="image" choice="single"');
    expect(config).toContain('<Choice value="defect"/>');
  });

  it('escapes class names in the labeling config', () => {
    expect(labelStudioConfig(['a"<b>&'])).toContain('<Choice value="a&quot;&lt;b&gt;&amp;"/>');
  });
});
