import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteDB } from 'idb';
import { openScrewOpsDb, type Db } from './open-db.ts';
import { createProject } from './projects-repo.ts';
import { setSetting } from './settings-repo.ts';
import { defaultScope } from '../domain/scope.ts';
import {
  getThumb,
  inspectionsCsv,
  listInspections,
  logInspection,
  shiftCounters,
  type NewInspection,
} from './inspections-repo.ts';
import type { Verdict } from '../station/station-types.ts';

let db: Db;
let name: string;
let counter = 0;
let projectId: string;

beforeEach(async () => {
  name = `screwops-inspections-test-${++counter}`;
  db = await openScrewOpsDb({}, name);
  projectId = (await createProject(db, defaultScope('Line 4'))).id;
});
afterEach(async () => {
  db.close();
  await deleteDB(name);
});

function verdict(at: number, v: Verdict, extra: Partial<NewInspection> = {}): NewInspection {
  return {
    projectId,
    at,
    kind: 'verdict',
    note: null,
    versionId: `${projectId}/screws@2`,
    modelLabel: 'screws@2',
    trigger: 'stable',
    verdict: v,
    score: v === 'no-part' ? null : v === 'ng' ? 0.9 : 0.1,
    threshold: 0.5,
    uncertain: false,
    latencyMs: 12.345,
    part: v === 'no-part' ? null : { cx: 320, cy: 240, angle: 0.5, length: 200 },
    frameWidth: 640,
    frameHeight: 480,
    ...extra,
  };
}

/** A health row as the station writes one every ten seconds. */
function health(at: number): NewInspection {
  return {
    ...verdict(at, 'ok'),
    kind: 'health',
    verdict: null,
    score: null,
    threshold: null,
    latencyMs: null,
    part: null,
    trigger: null,
    health: {
      seconds: 10.04,
      framesSeen: 100,
      framesInspected: 92,
      framesDropped: 8,
      fps: 9.16,
      backend: 'webgl',
      numTensors: 14,
      numBytes: 123456,
      wasmHeapBytes: null,
    },
  };
}

const thumb = (bytes: number) => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

/** Reads RFC 4180 CSV back into rows, so the test checks what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += c;
    }
  }
  return rows;
}

describe('inspection log', () => {
  it('lists a project’s rows newest first within a time window', async () => {
    const other = (await createProject(db, defaultScope('Line 5'))).id;
    for (const at of [1000, 3000, 2000, 4000]) await logInspection(db, verdict(at, 'ok'));
    await logInspection(db, { ...verdict(2500, 'ng'), projectId: other });
    expect((await listInspections(db, projectId)).map((r) => r.at)).toEqual([4000, 3000, 2000, 1000]);
    expect((await listInspections(db, projectId, { since: 2000, until: 4000 })).map((r) => r.at)).toEqual([
      3000, 2000,
    ]);
    expect((await listInspections(db, projectId, { limit: 2 })).map((r) => r.at)).toEqual([4000, 3000]);
    expect((await listInspections(db, other)).map((r) => r.verdict)).toEqual(['ng']);
  });

  it('prunes the oldest thumbnails past the cap and keeps every verdict row', async () => {
    await setSetting(db, 'inspectionThumbCapBytes', 250);
    const other = (await createProject(db, defaultScope('Line 5'))).id;
    const otherRow = await logInspection(db, { ...verdict(500, 'ng'), projectId: other }, thumb(200));
    const logged = [];
    for (let i = 1; i <= 5; i++) logged.push(await logInspection(db, verdict(i * 1000, 'ng'), thumb(100)));
    expect(logged.every((r) => r.hasThumb)).toBe(true);
    const rows = await listInspections(db, projectId);
    expect(rows.map((r) => [r.at, r.hasThumb])).toEqual([
      [5000, true],
      [4000, true],
      [3000, false],
      [2000, false],
      [1000, false],
    ]);
    expect(await getThumb(db, logged[0]!.seq!)).toBeUndefined();
    expect((await getThumb(db, logged[4]!.seq!))?.size).toBe(100);
    // The cap is per project: the other project's thumbnail is not pruned for this one's.
    expect((await getThumb(db, otherRow.seq!))?.size).toBe(200);
  });

  it('does not keep a thumbnail larger than the whole cap, nor prune for it', async () => {
    await setSetting(db, 'inspectionThumbCapBytes', 250);
    const small = await logInspection(db, verdict(1000, 'ng'), thumb(100));
    const huge = await logInspection(db, verdict(2000, 'ng'), thumb(300));
    expect(huge.hasThumb).toBe(false);
    expect(await getThumb(db, huge.seq!)).toBeUndefined();
    expect((await getThumb(db, small.seq!))?.size).toBe(100);
  });

  it('counts a shift’s verdicts, leaving out gaps and rows before the shift', async () => {
    await logInspection(db, verdict(500, 'ng'));
    await logInspection(db, verdict(1000, 'ok'));
    await logInspection(db, verdict(1100, 'ok', { uncertain: true }));
    await logInspection(db, verdict(1200, 'ng'));
    await logInspection(db, verdict(1300, 'ng', { uncertain: true }));
    await logInspection(db, verdict(1400, 'no-part'));
    await logInspection(db, verdict(1450, 'out-of-domain'));
    await logInspection(db, { ...verdict(1500, 'ok'), kind: 'gap', verdict: null, note: 'worker restarted' });
    await logInspection(db, health(1600));
    expect(await shiftCounters(db, projectId, 1000)).toEqual({
      ok: 2,
      ng: 2,
      noPart: 1,
      outOfDomain: 1,
      uncertain: 2,
      total: 6,
    });
  });

  it('writes CSV with a header, ISO times and quoted fields that read back unchanged', async () => {
    const note = 'camera "USB 2", unplugged\nthen back';
    await logInspection(db, verdict(Date.UTC(2026, 0, 2, 3, 4, 5, 6), 'ng'));
    await logInspection(db, {
      ...verdict(Date.UTC(2026, 0, 2, 3, 5), 'ok'),
      kind: 'gap',
      note,
      verdict: null,
    });
    const csv = inspectionsCsv(await listInspections(db, projectId));
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, gap, ng] = parseCsv(csv);
    expect(header?.slice(0, 5)).toEqual(['time', 'kind', 'verdict', 'score', 'threshold']);
    const column = (row: string[] | undefined, key: string) => row?.[header!.indexOf(key)];
    expect(column(gap, 'time')).toBe('2026-01-02T03:05:00.000Z');
    expect(column(gap, 'note')).toBe(note);
    expect(column(gap, 'verdict')).toBe('');
    expect(column(ng, 'time')).toBe('2026-01-02T03:04:05.006Z');
    expect([column(ng, 'verdict'), column(ng, 'score'), column(ng, 'latency_ms')]).toEqual([
      'ng',
      '0.9',
      '12.3',
    ]);
    expect(gap).toHaveLength(header!.length);
    expect(column(ng, 'health_fps')).toBe('');
    expect(csv).toContain('"camera ""USB 2"", unplugged\nthen back"');
  });

  it('lists only the kinds asked for, the limit counting those, and writes health rows to CSV', async () => {
    await logInspection(db, verdict(1000, 'ok'));
    await logInspection(db, health(2000));
    await logInspection(db, verdict(3000, 'ng'));
    await logInspection(db, health(4000));
    const shown = await listInspections(db, projectId, { kinds: ['verdict', 'gap'], limit: 2 });
    expect(shown.map((r) => r.at)).toEqual([3000, 1000]);
    const [header, newest] = parseCsv(inspectionsCsv(await listInspections(db, projectId)));
    const column = (key: string) => newest?.[header!.indexOf(key)];
    expect([column('kind'), column('verdict'), column('health_fps'), column('health_seconds')]).toEqual([
      'health',
      '',
      '9.2',
      '10',
    ]);
    expect([column('health_frames_dropped'), column('health_backend'), column('health_bytes')]).toEqual([
      '8',
      'webgl',
      '123456',
    ]);
  });
});
