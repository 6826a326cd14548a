import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchLabelStudio, parseLabelStudio } from './label-studio.ts';
import type { LabelStudioItem } from './label-studio.ts';

const FIXTURE = new URL(
  '../../../tests/fixtures/label-studio/primehub-screw-tutorial-json-min.json',
  import.meta.url,
);
const fixtureText = readFileSync(FIXTURE, 'utf8');

describe('matchLabelStudio', () => {
  const items = parseLabelStudio(fixtureText, 'fixture.json').items;
  const names = items.map((i) => i.fileName);

  it('applies the fixture to a binary ok/ng project, mapping good/bad onto it', () => {
    const available = names.map((n, k) => ({ key: `img-${k}`, fileName: n.toUpperCase() }));
    const r = matchLabelStudio(items, available, ['ok', 'ng']);
    expect(r.missingImages).toEqual([]);
    expect(r.matched).toHaveLength(40);
    expect(r.matched.filter((m) => m.label === 'ok')).toHaveLength(30);
    expect(r.matched.find((m) => m.fileName === 'manipulated_front003.png')).toMatchObject({
      key: `img-${names.indexOf('manipulated_front003.png')}`,
      label: 'ng',
      annotator: 'demo@infuseai.io',
    });
  });

  it('matches across the upload prefix in either direction, exact names first', () => {
    const prefixed: LabelStudioItem = {
      imageRef: '/u/deadbeef-ok001.png',
      fileName: 'deadbeef-ok001.png',
      label: 'good',
    };
    const plain: LabelStudioItem = { imageRef: '/u/ok002.png', fileName: 'ok002.png', label: 'bad' };
    const r = matchLabelStudio(
      [prefixed, plain],
      [
        { key: 'a', fileName: 'ok001.png' },
        { key: 'b', fileName: 'cafebabe-ok002.png' },
      ],
      ['good', 'bad'],
    );
    expect(r.matched.map((m) => [m.key, m.label])).toEqual([
      ['a', 'good'],
      ['b', 'bad'],
    ]);
    const exact = matchLabelStudio(
      [prefixed],
      [
        { key: 'p', fileName: 'ok001.png' },
        { key: 'q', fileName: 'deadbeef-ok001.png' },
      ],
      ['good', 'bad'],
    );
    expect(exact.matched.map((m) => m.key)).toEqual(['q']);
  });

  it('lists missing images and labels that are not project classes', () => {
    const available = names.filter((n) => n !== 'ok007.png').map((n) => ({ key: n, fileName: n }));
    const r = matchLabelStudio(items, available, ['good', 'scratch_head', 'thread_top']);
    expect(r.missingImages.map((m) => m.fileName)).toEqual(['ok007.png']);
    expect(r.unknownLabels).toHaveLength(10);
    expect(r.unknownLabels[0]?.reason).toMatch(
      /"bad" is not one of the project's classes \(good, scratch_head, thread_top\)/,
    );
    expect(r.matched).toHaveLength(29);
  });

  it('refuses to guess between same-named images or conflicting tasks', () => {
    const item = (fileName: string, label: string): LabelStudioItem => ({
      imageRef: fileName,
      fileName,
      label,
    });
    const r = matchLabelStudio(
      [
        item('000.png', 'good'),
        item('a.png', 'good'),
        item('a.png', 'bad'),
        item('a.png', 'good'),
        item('b.png', 'bad'),
        item('b.png', 'bad'),
      ],
      [
        { key: 'train/000', fileName: '000.png' },
        { key: 'test/000', fileName: '000.png' },
        { key: 'a', fileName: 'a.png' },
        { key: 'b', fileName: 'b.png' },
      ],
      ['good', 'bad'],
    );
    expect(r.matched).toEqual([{ key: 'b', label: 'bad', fileName: 'b.png' }]);
    expect(r.ambiguous.map((a) => a.reason)).toEqual([
      expect.stringMatching(/2 images are named "000.png"/),
      expect.stringMatching(/Two tasks label "a.png" differently \(good and bad\)/),
    ]);
  });
});
