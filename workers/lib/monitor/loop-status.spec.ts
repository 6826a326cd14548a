import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../db/schema/images.ts';
import type { SnapshotRecord } from '../db/schema/snapshots.ts';
import type { RunRecord } from '../db/schema/runs.ts';
import type { AliasEventRecord, EvaluationRecord, ModelVersionRecord } from '../db/schema/registry.ts';
import { loopStatus, type LoopRecords } from './loop-status.ts';

function image(
  id: string,
  label: string | null,
  station: boolean,
  labeledAt: number | null = null,
): ImageRecord {
  return {
    id,
    projectId: 'p1',
    sha256: id,
    label,
    labelSource: null,
    defectType: null,
    source: station ? 'station' : 'upload',
    originalPath: id,
    fileName: id,
    format: 'png',
    width: 8,
    height: 8,
    byteSize: 1,
    capturedAt: null,
    addedAt: 1,
    importId: 'i',
    labeledAt,
    provenance: station
      ? {
          reason: 'operator',
          station: 'line 4',
          versionId: null,
          modelLabel: 'shipped default',
          verdict: 'ng',
          score: 0.9,
          threshold: 0.5,
          at: 1,
          inspectionSeq: 3,
        }
      : null,
  } as ImageRecord;
}

const snapshot = (id: string, at: number, ids: Array<[string, string | null]>) =>
  ({
    id,
    projectId: 'p1',
    name: id,
    createdAt: at,
    hash: id,
    entries: ids.map(([imageId, label]) => ({ imageId, sha256: imageId, label, split: 'train' })),
    splitSettings: null,
  }) as SnapshotRecord;

const empty: LoopRecords = {
  images: [],
  snapshots: [],
  runs: [],
  versions: [],
  evaluations: [],
  aliasEvents: [],
};

describe('loopStatus', () => {
  it('counts station frames waiting for a label and asks for labels first', () => {
    const s = loopStatus({
      ...empty,
      images: [
        image('a', null, true),
        image('b', null, true),
        image('c', null, false),
        image('d', 'bad', true, 50),
      ],
    });
    expect(s.waiting).toBe(2);
    expect(s.labeled).toBe(1);
    expect(s.labeledNotInSnapshot).toBe(1);
    expect(s.labeledSince).toBe(50);
    expect(s.next).toMatch(/Label the 2 frames/);
  });

  it('follows the newest snapshot holding labeled station frames to its run, evaluation and promotion', () => {
    const images = [image('a', 'bad', true, 10), image('b', 'good', false)];
    const snapshots = [
      snapshot('old', 5, [['b', 'good']]),
      snapshot('s2', 20, [
        ['a', 'bad'],
        ['b', 'good'],
      ]),
    ];
    const runs = [
      { id: 'r1', name: 'retrain', snapshotId: 's2', status: 'done', startedAt: 30 } as RunRecord,
    ];
    const versions = [
      {
        id: 'p1/screws@2',
        projectId: 'p1',
        name: 'screws',
        version: 2,
        createdAt: 40,
        lineage: { runId: 'r1' },
      },
    ] as ModelVersionRecord[];
    const evaluations = [
      { id: 'e1', model: { kind: 'version', versionId: 'p1/screws@2' }, createdAt: 50, gatePassed: true },
    ] as EvaluationRecord[];
    const promoted = {
      modelId: 'p1/screws',
      alias: 'champion',
      kind: 'promote',
      to: 2,
      at: 60,
    } as AliasEventRecord;
    const before = loopStatus({ ...empty, images, snapshots, runs, versions, evaluations });
    expect(before.snapshot).toMatchObject({ id: 's2', stationFrames: 1 });
    expect(before.run).toMatchObject({ id: 'r1', state: 'done' });
    expect(before.evaluation).toMatchObject({ name: 'screws@2', state: 'gate passed' });
    expect(before.promotion).toBeNull();
    expect(before.next).toMatch(/Promote screws@2/);
    const after = loopStatus({
      ...empty,
      images,
      snapshots,
      runs,
      versions,
      evaluations,
      aliasEvents: [promoted],
    });
    expect(after.promotion).toMatchObject({ name: 'screws@2', at: 60 });
    expect(after.labeledNotInSnapshot).toBe(0);
  });

  it('asks for a snapshot while labeled station frames are in none', () => {
    const s = loopStatus({
      ...empty,
      images: [image('a', 'bad', true, 10)],
      snapshots: [snapshot('s', 5, [])],
    });
    expect(s.snapshot).toBeNull();
    expect(s.next).toMatch(/Take a snapshot/);
  });
});
