import type { ProjectRecord } from '../../../workers/lib/db/schema/projects.ts';

/** The pipeline stages, in order. */
export const STAGES = [
  { id: 'scope', label: 'Scope' },
  { id: 'data', label: 'Data' },
  { id: 'label', label: 'Label' },
  { id: 'profile', label: 'Profile' },
  { id: 'train', label: 'Train' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'registry', label: 'Registry' },
  { id: 'deploy', label: 'Deploy' },
  { id: 'monitor', label: 'Monitor' },
] as const;

/** A stage id. */
export type StageId = (typeof STAGES)[number]['id'];

/** A stage's status for the open project. */
export interface StageStatus {
  /** the stage has a working screen in this build */
  available: boolean;
  /** short status text, e.g. "Defined" */
  text: string;
  tone: 'done' | 'todo' | 'blocked' | 'off';
}

/** Stages with a working screen; the others show their status but cannot be opened yet. */
const BUILT: ReadonlySet<StageId> = new Set(['scope', 'data', 'label', 'profile', 'train']);

/** What the stage statuses are computed from. */
export interface StageFacts {
  images: number;
  labeled: number;
  snapshots: number;
  runs: number;
}

/** The status of every stage for `project`. */
export function stageStatus(
  stage: StageId,
  project: ProjectRecord | undefined,
  facts: StageFacts,
): StageStatus {
  const imageCount = facts.images;
  if (!BUILT.has(stage)) return { available: false, text: 'Not in this version', tone: 'off' };
  if (!project) return { available: false, text: 'Open a project', tone: 'blocked' };
  if (stage === 'data')
    return imageCount
      ? { available: true, text: `${imageCount} images`, tone: 'done' }
      : { available: true, text: 'No images yet', tone: 'todo' };
  if (stage === 'profile')
    return facts.snapshots
      ? { available: true, text: `${facts.snapshots} snapshots`, tone: 'todo' }
      : { available: true, text: 'Take a snapshot first', tone: 'todo' };
  if (stage === 'train')
    return facts.runs
      ? { available: true, text: `${facts.runs} runs`, tone: 'done' }
      : { available: true, text: 'No runs yet', tone: 'todo' };
  if (stage === 'label') {
    if (!imageCount) return { available: true, text: 'Add images first', tone: 'todo' };
    const tone = facts.labeled === imageCount ? 'done' : 'todo';
    return { available: true, text: `${facts.labeled} of ${imageCount} labeled`, tone };
  }
  const { gate, classes } = project.scope;
  return {
    available: true,
    text: `${classes.length} classes · gate ${gate.metric} ≥ ${gate.threshold}`,
    tone: 'done',
  };
}
