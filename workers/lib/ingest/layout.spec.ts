import { describe, expect, it } from 'vitest';
import { detectLayout, mapLabel } from './layout.ts';
import { planBatch } from './dedup.ts';

describe('detectLayout', () => {
  const mvtec = [
    'screw/license.txt',
    'screw/readme.txt',
    'screw/train/good/000.png',
    'screw/train/good/001.png',
    'screw/test/good/000.png',
    'screw/test/scratch_head/000.png',
    'screw/test/thread_top/003.png',
    'screw/ground_truth/scratch_head/000_mask.png',
    'screw/ground_truth/thread_top/003_mask.png',
  ];

  it('recognises an MVTec AD category and ignores its ground-truth masks', () => {
    const r = detectLayout(mvtec);
    expect(r.kind).toBe('mvtec');
    expect(r.root).toBe('screw');
    expect(r.images).toEqual([
      {
        path: 'screw/train/good/000.png',
        fileName: '000.png',
        folderLabel: 'good',
        labelFolder: 'screw/train/good',
        defectType: null,
        origSplit: 'train',
      },
      {
        path: 'screw/train/good/001.png',
        fileName: '001.png',
        folderLabel: 'good',
        labelFolder: 'screw/train/good',
        defectType: null,
        origSplit: 'train',
      },
      {
        path: 'screw/test/good/000.png',
        fileName: '000.png',
        folderLabel: 'good',
        labelFolder: 'screw/test/good',
        defectType: null,
        origSplit: 'test',
      },
      {
        path: 'screw/test/scratch_head/000.png',
        fileName: '000.png',
        folderLabel: 'scratch_head',
        labelFolder: 'screw/test/scratch_head',
        defectType: 'scratch_head',
        origSplit: 'test',
      },
      {
        path: 'screw/test/thread_top/003.png',
        fileName: '003.png',
        folderLabel: 'thread_top',
        labelFolder: 'screw/test/thread_top',
        defectType: 'thread_top',
        origSplit: 'test',
      },
    ]);
    const ignored = Object.fromEntries(r.ignored.map((i) => [i.path, i.reason]));
    expect(ignored['screw/license.txt']).toMatch(/not an image file \(\.txt\)/);
    expect(ignored['screw/ground_truth/scratch_head/000_mask.png']).toMatch(/ground-truth mask/);
    expect(r.ignored).toHaveLength(4);
  });

  it('recognises MVTec without a root folder and across several categories', () => {
    expect(detectLayout(mvtec.map((p) => p.replace('screw/', ''))).kind).toBe('mvtec');
    const multi = [...mvtec, 'bottle/train/good/000.png', 'bottle/test/broken_large/000.png'];
    const r = detectLayout(multi);
    expect(r.kind).toBe('mvtec');
    expect(r.root).toBe('');
    expect(r.images.find((i) => i.path.startsWith('bottle/test'))?.defectType).toBe('broken_large');
  });

  it('treats train/<defect> folders as a split image folder, not MVTec', () => {
    const r = detectLayout([
      'data/train/ok/1.png',
      'data/train/ng/2.png',
      'data/test/ok/3.png',
      'data/test/ng/4.jpg',
    ]);
    expect(r.kind).toBe('imagefolder');
    expect(r.images.map((i) => [i.folderLabel, i.origSplit])).toEqual([
      ['ok', 'train'],
      ['ng', 'train'],
      ['ok', 'test'],
      ['ng', 'test'],
    ]);
  });

  it('strips a dropped root folder and labels by the first folder below it', () => {
    const r = detectLayout([
      'screws/good/a.png',
      'screws/bad/b.JPG',
      'screws/bad/batch2/c.webp',
      'screws/notes.md',
    ]);
    expect(r.kind).toBe('imagefolder');
    expect(r.root).toBe('screws');
    expect(r.images.map((i) => [i.fileName, i.folderLabel, i.origSplit])).toEqual([
      ['a.png', 'good', null],
      ['b.JPG', 'bad', null],
      ['c.webp', 'bad', null],
    ]);
    expect(r.ignored).toEqual([{ path: 'screws/notes.md', reason: expect.stringMatching(/\.md/) }]);
  });

  it('takes the split from a train/test root folder', () => {
    const r = detectLayout(['train/good/a.png', 'train/bad/b.png']);
    expect(r.root).toBe('train');
    expect(r.images.every((i) => i.origSplit === 'train')).toBe(true);
    expect(r.images.map((i) => i.folderLabel)).toEqual(['good', 'bad']);
  });

  it('never uses a split folder as a label', () => {
    const r = detectLayout(['train/a.png', 'test/b.png', 'Validation/c.png']);
    expect(r.kind).toBe('flat');
    expect(r.images.map((i) => [i.folderLabel, i.origSplit])).toEqual([
      [null, 'train'],
      [null, 'test'],
      [null, null],
    ]);
  });

  it('calls images without class folders flat, keeping the shared folder as root', () => {
    const r = detectLayout(['photos/a.png', 'photos/b.jpeg']);
    expect(r).toMatchObject({ kind: 'flat', root: 'photos' });
    expect(r.images.map((i) => i.folderLabel)).toEqual([null, null]);
    expect(detectLayout(['a.png', './b.bmp']).images.map((i) => i.fileName)).toEqual(['a.png', 'b.bmp']);
  });

  it('gives root-level images no label inside an image folder', () => {
    const r = detectLayout(['good/a.png', 'stray.png']);
    expect(r.kind).toBe('imagefolder');
    expect(r.images.find((i) => i.fileName === 'stray.png')?.folderLabel).toBeNull();
  });

  it('ignores macOS metadata, hidden files and extensionless files', () => {
    const r = detectLayout([
      '__MACOSX/good/._a.png',
      'good/.DS_Store',
      '.git/objects/x.png',
      'good/README',
      'good/a.png',
      'good/scan.tiff',
    ]);
    expect(r.images.map((i) => i.path)).toEqual(['good/a.png']);
    expect(r.ignored.map((i) => i.reason)).toEqual([
      expect.stringMatching(/__MACOSX/),
      expect.stringMatching(/hidden/),
      expect.stringMatching(/hidden/),
      expect.stringMatching(/no file extension/),
      expect.stringMatching(/\.tiff/),
    ]);
  });

  it('takes a shared folder named like a class as the label, and says which folder gave it', () => {
    const classes = ['good', 'bad'];
    const r = detectLayout(['good/a.png', 'good/b.png'], classes);
    expect(r.kind).toBe('imagefolder');
    expect(r.images.map((i) => [i.folderLabel, i.labelFolder])).toEqual([
      ['good', 'good'],
      ['good', 'good'],
    ]);
    const nested = detectLayout(['export/train/Good/a.png'], classes);
    expect(nested.images.map((i) => [i.folderLabel, i.labelFolder, i.origSplit])).toEqual([
      ['Good', 'export/train/Good', 'train'],
    ]);
    // A shared folder that is no class stays a wrapper around a flat set.
    expect(detectLayout(['photos/a.png'], classes).images[0]?.folderLabel).toBeNull();
    expect(detectLayout(['good/a.png']).images[0]?.folderLabel).toBeNull();
  });

  it('makes a copy of a stored bad part inside a dropped good/ folder a label conflict, not a duplicate', () => {
    const [image] = detectLayout(['good/copy.png'], ['good', 'bad']).images;
    const label = image?.folderLabel ? mapLabel(image.folderLabel, null, ['good', 'bad']) : null;
    const plan = planBatch(new Map([['same-hash', { label: 'bad' }]]), [
      { key: 'good/copy.png', sha256: 'same-hash', label },
    ]);
    expect(plan.duplicates).toEqual([]);
    expect(plan.conflicts).toHaveLength(1);
  });

  it('handles an empty list', () => {
    expect(detectLayout([])).toEqual({ kind: 'flat', root: '', images: [], ignored: [] });
  });
});

describe('mapLabel', () => {
  it('matches class names exactly, then ignoring case and separators', () => {
    expect(mapLabel('good', null, ['good', 'bad'])).toBe('good');
    expect(mapLabel('GOOD', null, ['good', 'bad'])).toBe('good');
    expect(mapLabel('Scratch-Head', 'Scratch-Head', ['good', 'scratch_head', 'thread'])).toBe('scratch_head');
  });

  it('maps good synonyms and every defect folder onto a binary project', () => {
    for (const g of ['ok', 'Normal', 'pass', 'good']) expect(mapLabel(g, null, ['ok', 'ng'])).toBe('ok');
    expect(mapLabel('scratch_head', 'scratch_head', ['ok', 'ng'])).toBe('ng');
    expect(mapLabel('manipulated_front', null, ['good', 'bad'])).toBe('bad');
    expect(mapLabel('bad', null, ['OK', 'NG'])).toBe('NG');
  });

  it('finds the good class of a binary project that lists it second', () => {
    expect(mapLabel('normal', null, ['defective', 'fine'])).toBe('fine');
    expect(mapLabel('crack', null, ['defective', 'fine'])).toBe('defective');
    expect(mapLabel('normal', null, ['bad', 'accepted'])).toBe('accepted');
    expect(mapLabel('crack', null, ['ng', 'ok'])).toBe('ng');
  });

  it('does not call neutral folders defective in a binary project', () => {
    expect(mapLabel('unlabeled', null, ['good', 'bad'])).toBeNull();
    expect(mapLabel('Images', null, ['good', 'bad'])).toBeNull();
    expect(mapLabel('', null, ['good', 'bad'])).toBeNull();
  });

  it('maps defects only onto a same-named class in a multi-class project', () => {
    const classes = ['good', 'scratch_head', 'thread_side'];
    expect(mapLabel('thread_side', 'thread_side', classes)).toBe('thread_side');
    expect(mapLabel('manipulated_front', 'manipulated_front', classes)).toBeNull();
    expect(mapLabel('ok', null, classes)).toBe('good');
    expect(mapLabel('bad', null, classes)).toBeNull();
  });
});
