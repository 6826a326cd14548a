import { describe, expect, it } from 'vitest';
import { defaultScope } from '../../../workers/lib/domain/scope.ts';
import type { ProjectRecord } from '../../../workers/lib/db/schema/projects.ts';
import { BUILT_STAGES, STAGES, isBuilt, stageStatus, type StageFacts, type StageId } from './stages.ts';

const project: ProjectRecord = { id: 'p1', scope: defaultScope('Line 4'), createdAt: 1, updatedAt: 1 };
const none: StageFacts = {
  images: 0,
  labeled: 0,
  snapshots: 0,
  runs: 0,
  evaluations: 0,
  versions: 0,
  champion: null,
  deployed: null,
};
const some: StageFacts = {
  images: 12,
  labeled: 5,
  snapshots: 2,
  runs: 3,
  evaluations: 4,
  versions: 2,
  champion: 'default@1',
  deployed: 'screws@3',
};
const planned = STAGES.filter((stage): boolean => !isBuilt(stage));

describe('the stage table', () => {
  it('names every stage once, with a label for the nav', () => {
    expect(new Set(STAGES.map((s) => s.id)).size).toBe(STAGES.length);
    for (const stage of STAGES) expect(stage.label.trim()).not.toBe('');
  });
});

describe('stageStatus', () => {
  it('shows a stage without a screen as not in this version, with or without a project', () => {
    // Every stage has a screen in this build; an id outside the table stands in for a planned one.
    const ids = [...planned.map((stage) => stage.id), 'retired' as StageId];
    for (const id of ids)
      for (const open of [project, undefined])
        expect(stageStatus(id, open, some)).toEqual({
          available: false,
          text: 'Not in this version',
          tone: 'off',
        });
  });

  it('blocks every built stage until a project is open', () => {
    for (const stage of BUILT_STAGES)
      expect(stageStatus(stage.id, undefined, some)).toEqual({
        available: false,
        text: 'Open a project',
        tone: 'blocked',
      });
  });

  it('makes every built stage available once a project is open, whatever the project holds', () => {
    for (const stage of BUILT_STAGES)
      for (const facts of [none, some]) {
        const status = stageStatus(stage.id, project, facts);
        expect(status.available).toBe(true);
        expect(['done', 'todo']).toContain(status.tone);
        expect(status.text).not.toBe('');
      }
  });

  it('summarises the scope card', () => {
    const scope = { ...defaultScope(), classes: ['good', 'scratch', 'thread'] };
    scope.gate = { ...scope.gate, metric: 'f1', threshold: 0.97 };
    expect(stageStatus('scope', { ...project, scope }, none)).toEqual({
      available: true,
      text: '3 classes · gate f1 ≥ 0.97',
      tone: 'done',
    });
    const oneClass = { ...defaultScope(), mode: 'one-class' as const };
    expect(stageStatus('scope', { ...project, scope: oneClass }, none).text).toBe(
      'good parts only · gate accuracy ≥ 0.95',
    );
  });

  it('counts images, and asks for them before labelling', () => {
    expect(stageStatus('data', project, none)).toMatchObject({ text: 'No images yet', tone: 'todo' });
    expect(stageStatus('data', project, some)).toMatchObject({ text: '12 images', tone: 'done' });
    expect(stageStatus('label', project, none)).toMatchObject({ text: 'Add images first', tone: 'todo' });
    expect(stageStatus('label', project, some)).toMatchObject({ text: '5 of 12 labeled', tone: 'todo' });
    const allLabeled = { ...some, labeled: 12 };
    expect(stageStatus('label', project, allLabeled)).toMatchObject({
      text: '12 of 12 labeled',
      tone: 'done',
    });
  });

  it('counts snapshots and runs', () => {
    expect(stageStatus('profile', project, none)).toMatchObject({
      text: 'Take a snapshot first',
      tone: 'todo',
    });
    expect(stageStatus('profile', project, some)).toMatchObject({ text: '2 snapshots', tone: 'todo' });
    expect(stageStatus('train', project, none)).toMatchObject({ text: 'No runs yet', tone: 'todo' });
    expect(stageStatus('train', project, some)).toMatchObject({ text: '3 runs', tone: 'done' });
    expect(stageStatus('evaluate', project, none)).toMatchObject({
      text: 'No evaluations yet',
      tone: 'todo',
    });
    expect(stageStatus('evaluate', project, some)).toMatchObject({ text: '4 evaluations', tone: 'todo' });
    expect(stageStatus('registry', project, some)).toMatchObject({
      text: 'Champion default@1',
      tone: 'done',
    });
    expect(stageStatus('registry', project, { ...some, champion: null })).toMatchObject({
      text: '2 versions, no champion',
      tone: 'todo',
    });
  });

  it('names the deployed model, or says the shipped default runs', () => {
    expect(stageStatus('deploy', project, some)).toMatchObject({ text: 'Running screws@3', tone: 'done' });
    expect(stageStatus('deploy', project, none)).toMatchObject({
      text: 'Shipped default model',
      tone: 'todo',
    });
  });

  it('says which model the Monitor watches', () => {
    expect(stageStatus('monitor', project, some)).toMatchObject({ text: 'Watching screws@3', tone: 'todo' });
    expect(stageStatus('monitor', project, none)).toMatchObject({ text: 'Watching the shipped default' });
  });
});
