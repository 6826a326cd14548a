import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CsvParseError, parseCsv } from './csv.ts';
import { LabelStudioParseError, fileNameFromRef, matchKeys, parseLabelStudio } from './label-studio.ts';
import type { LabelStudioItem } from './label-studio.ts';

const FIXTURE = new URL(
  '../../../tests/fixtures/label-studio/primehub-screw-tutorial-json-min.json',
  import.meta.url,
);
const fixtureText = readFileSync(FIXTURE, 'utf8');
const minRows = JSON.parse(fixtureText) as Array<{
  image: string;
  id: number;
  choice: string;
  annotator: string;
  annotation_id: number;
}>;

const count = (items: LabelStudioItem[], label: string): number =>
  items.filter((i) => i.label === label).length;

// What the JSON-MIN rows look like as a full export, one clean annotation per task.
function fullTask(row: (typeof minRows)[number], annotations?: unknown[]): unknown {
  return {
    id: row.id,
    data: { image: row.image },
    annotations: annotations ?? [
      {
        id: row.annotation_id,
        completed_by: { id: 1, email: row.annotator },
        was_cancelled: false,
        created_at: '2022-09-19T04:00:00.000Z',
        updated_at: '2022-09-19T04:00:00.000Z',
        result: [
          { type: 'choices', from_name: 'choice', to_name: 'image', value: { choices: [row.choice] } },
        ],
      },
    ],
  };
}

const choice = (label: string | string[]) => ({
  type: 'choices',
  value: { choices: Array.isArray(label) ? label : [label] },
});

function csvCell(v: string | number): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

describe('parseLabelStudio: JSON-MIN (PrimeHub screw tutorial export)', () => {
  const parsed = parseLabelStudio(fixtureText, 'project-6-at-2022-09-19-04-17-b9f72b54.json');

  it('reads all 40 tasks: 30 good, 10 bad, with annotators and file names', () => {
    expect(parsed.format).toBe('json-min');
    expect(parsed.problems).toEqual([]);
    expect(parsed.items).toHaveLength(40);
    expect(count(parsed.items, 'good')).toBe(30);
    expect(count(parsed.items, 'bad')).toBe(10);
    expect(parsed.items[0]).toEqual({
      imageRef: 'https://c.demo.primehub.io/console/apps/label-studio-6h5zd/data/upload/ok001.png',
      fileName: 'ok001.png',
      label: 'good',
      annotator: 'demo@infuseai.io',
    });
    expect(
      parsed.items.filter((i) => i.fileName.startsWith('manipulated_front')).every((i) => i.label === 'bad'),
    ).toBe(true);
  });

  it('finds the label under any from_name and reports unannotated and multi-choice rows', () => {
    const rows = [
      { image: '/data/upload/1/a.png', id: 1, defect_class: 'good', annotator: 'x@y' },
      { image: '/data/upload/1/b.png', id: 2, annotator: 'x@y' },
      { image: '/data/upload/1/c.png', id: 3, defect_class: { choices: ['good', 'bad'] } },
      { id: 4, defect_class: 'bad' },
    ];
    const r = parseLabelStudio(JSON.stringify(rows), 'min.json');
    expect(r.items).toEqual([
      { imageRef: '/data/upload/1/a.png', fileName: 'a.png', label: 'good', annotator: 'x@y' },
    ]);
    expect(r.problems).toEqual([
      { ref: '/data/upload/1/b.png', reason: expect.stringMatching(/not annotated.*defect_class/) },
      { ref: '/data/upload/1/c.png', reason: expect.stringMatching(/several choices \(good, bad\)/) },
      { ref: 'task 4', reason: expect.stringMatching(/no image reference/) },
    ]);
  });

  it('prefers a field named "choice" over other task data, and refuses to guess between others', () => {
    const good = [{ image: 'a.png', source: 'line 3', choice: 'bad' }];
    expect(parseLabelStudio(JSON.stringify(good), 'x.json').items[0]?.label).toBe('bad');
    const unclear = [{ image: 'a.png', source: 'line 3', verdict: 'bad' }];
    expect(() => parseLabelStudio(JSON.stringify(unclear), 'x.json')).toThrow(/source, verdict/);
  });
});

describe('parseLabelStudio: full JSON', () => {
  it('matches the JSON-MIN export when every task has one annotation', () => {
    const full = parseLabelStudio(JSON.stringify(minRows.map((r) => fullTask(r))), 'export.json');
    const min = parseLabelStudio(fixtureText, 'export.json');
    expect(full.format).toBe('json');
    expect(full.items).toEqual(min.items);
    expect(full.problems).toEqual([]);
  });

  it('uses the latest non-cancelled annotation and reports tasks it cannot use', () => {
    const row = (k: number) => minRows[k] ?? expect.unreachable('fixture row missing');
    const [a, b, c, d, e, f] = [row(0), row(1), row(2), row(3), row(4), row(5)] as const;
    const tasks = [
      fullTask(a, [
        { id: 1, updated_at: '2022-01-01T00:00:00Z', result: [choice('good')] },
        { id: 2, updated_at: '2022-03-01T00:00:00Z', result: [choice('bad')], completed_by: 7 },
        { id: 3, updated_at: '2022-02-01T00:00:00Z', result: [choice('good')] },
      ]),
      fullTask(b, [
        { id: 1, updated_at: '2022-01-01T00:00:00Z', result: [choice('good')] },
        { id: 2, updated_at: '2022-05-01T00:00:00Z', result: [choice('bad')], was_cancelled: true },
      ]),
      fullTask(c, []),
      fullTask(d, [{ id: 9, was_cancelled: true, result: [] }]),
      fullTask(e, [{ id: 9, result: [{ type: 'rectanglelabels', value: { rectanglelabels: ['bad'] } }] }]),
      fullTask(f, [{ id: 9, result: [choice(['good', 'bad'])] }]),
      { id: 77, data: { caption: 'no image here' }, annotations: [] },
    ];
    const r = parseLabelStudio(JSON.stringify(tasks), 'full.json');
    expect(r.items.map((i) => [i.fileName, i.label, i.annotator])).toEqual([
      ['ok001.png', 'bad', 'user 7'],
      ['ok002.png', 'good', undefined],
    ]);
    expect(r.problems.map((p) => [fileNameFromRef(p.ref), p.reason])).toEqual([
      ['ok003.png', expect.stringMatching(/^It is not annotated yet/)],
      ['ok004.png', expect.stringMatching(/cancelled/)],
      ['ok005.png', expect.stringMatching(/no classification choice/)],
      ['ok006.png', expect.stringMatching(/several choices/)],
      ['task 77', expect.stringMatching(/no image reference/)],
    ]);
  });

  it('finds the image under another data key and reads old "completions"', () => {
    const tasks = [
      {
        id: 1,
        data: { img: '/data/local-files/?d=screws%2Fgood%2Fok%20001.png' },
        completions: [{ result: [choice('good')] }],
      },
    ];
    const r = parseLabelStudio(JSON.stringify(tasks), 'old.json');
    expect(r.items).toEqual([expect.objectContaining({ fileName: 'ok 001.png', label: 'good' })]);
  });
});

describe('parseLabelStudio: CSV', () => {
  const header = [
    'annotation_id',
    'annotator',
    'choice',
    'created_at',
    'id',
    'image',
    'lead_time',
    'updated_at',
  ];
  const lines = minRows.map((r) =>
    [r.annotation_id, r.annotator, r.choice, '2022-09-19 04:00:00', r.id, r.image, 3.2, '2022-09-19 04:00:00']
      .map(csvCell)
      .join(','),
  );

  it('matches the JSON-MIN export, with CRLF line ends', () => {
    const r = parseLabelStudio([header.join(','), ...lines].join('\r\n') + '\r\n', 'export.csv');
    expect(r.format).toBe('csv');
    expect(r.items).toEqual(parseLabelStudio(fixtureText, 'x.json').items);
  });

  it('keeps commas, quotes and line breaks inside quoted fields', () => {
    const ref = '/data/upload/3/1a2b3c4d-odd, "name".png';
    const text = ['image,choice,note', `${csvCell(ref)},bad,"two\nlines"`, '', 'x.png,,'].join('\n');
    const r = parseLabelStudio(text, 'odd.csv');
    expect(r.items).toEqual([{ imageRef: ref, fileName: '1a2b3c4d-odd, "name".png', label: 'bad' }]);
    expect(r.problems).toEqual([{ ref: 'x.png', reason: expect.stringMatching(/not annotated/) }]);
  });

  it('reads a JSON-encoded multi-choice cell as a problem, not a label', () => {
    const r = parseLabelStudio('image,choice\na.png,"{""choices"": [""good"", ""bad""]}"\n', 'm.csv');
    expect(r.items).toEqual([]);
    expect(r.problems[0]?.reason).toMatch(/several choices/);
  });
});

describe('parseLabelStudio: errors', () => {
  it('names the file when JSON is broken or not a task list', () => {
    expect(() => parseLabelStudio('[{"image": "a.png",', 'cut.json')).toThrow(LabelStudioParseError);
    expect(() => parseLabelStudio('[{"image": "a.png",', 'cut.json')).toThrow(/cut\.json is not valid JSON/);
    expect(() => parseLabelStudio('{"version": 1}', 'cfg.json')).toThrow(/not a list of Label Studio tasks/);
    expect(() => parseLabelStudio('[1, 2]', 'n.json')).toThrow(/non-objects/);
    expect(() => parseLabelStudio('[{"id": 1, "choice": "x"}]', 'n.json')).toThrow(/no "image" field/);
  });

  it('reports an unterminated CSV quote with its line', () => {
    expect(() => parseLabelStudio('image,choice\n"a.png,good\n', 'bad.csv')).toThrow(CsvParseError);
    expect(() => parseCsv('a,b\nc,"d\ne', 'bad.csv')).toThrow(/line 2/);
  });

  it('returns nothing for an empty export', () => {
    expect(parseLabelStudio('[]', 'e.json')).toEqual({ format: 'json', items: [], problems: [] });
    expect(parseLabelStudio('', 'e.csv')).toEqual({ format: 'csv', items: [], problems: [] });
  });
});

describe('fileNameFromRef and matchKeys', () => {
  it('takes the decoded last segment of URLs and paths', () => {
    expect(fileNameFromRef('https://h/data/upload/6/ok%20001.png?token=abc#x')).toBe('ok 001.png');
    expect(fileNameFromRef('s3://bucket/screws/bad/x.jpg')).toBe('x.jpg');
    expect(fileNameFromRef('C:\\images\\good\\y.png')).toBe('y.png');
    expect(fileNameFromRef('/data/upload/100%real.png')).toBe('100%real.png');
  });

  it('strips only an 8-hex-digit upload prefix', () => {
    expect(matchKeys('1a2b3c4d-ok001.png')).toEqual(['1a2b3c4d-ok001.png', 'ok001.png']);
    expect(matchKeys('1a2b3c4-ok001.png')).toEqual(['1a2b3c4-ok001.png']);
    expect(matchKeys('1a2b3c4g-ok001.png')).toEqual(['1a2b3c4g-ok001.png']);
    expect(matchKeys('ok001.png')).toEqual(['ok001.png']);
  });
});

describe('parseLabelStudio: large exports', () => {
  // Rows with keys of their own once made every guess visit every key of every row (quadratic): 4,000
  // rows took 4.5 s, 8,000 took 15 s. Linear parsing takes well under a second; the bound is generous
  // so a busy machine cannot fail it, yet far below the quadratic time.
  it('reads 8,000 JSON-MIN rows that each carry an extra key of their own', () => {
    const rows = Array.from({ length: 8_000 }, (_, i) => ({
      id: i,
      image: `/data/upload/1/${i}.png`,
      choice: i % 3 ? 'good' : 'bad',
      [`note_${i}`]: `x${i}`,
    }));
    const text = JSON.stringify(rows);
    const started = performance.now();
    const parsed = parseLabelStudio(text, 'big.json');
    expect(performance.now() - started).toBeLessThan(4000);
    expect(parsed.format).toBe('json-min');
    expect(parsed.items).toHaveLength(8_000);
    expect(parsed.items[3]).toEqual({ imageRef: '/data/upload/1/3.png', label: 'bad', fileName: '3.png' });
  });

  it('guesses the image and label fields when rows name them differently', () => {
    const rows = [
      { id: 1, extra_1: 1, pic: 'a.png', verdict: 'good' },
      { id: 2, extra_2: 2, pic: 'b.png', verdict: 'bad' },
    ];
    expect(parseLabelStudio(JSON.stringify(rows), 'g.json').items.map((i) => [i.fileName, i.label])).toEqual([
      ['a.png', 'good'],
      ['b.png', 'bad'],
    ]);
  });

  it('refuses text over the size limit with a message that says what to do', () => {
    expect(() => parseLabelStudio('[' + ' '.repeat(100) + ']', 'huge.json', 50)).toThrow(
      /huge\.json is 102 characters long, over the 50 limit\. Export fewer tasks/,
    );
  });
});
