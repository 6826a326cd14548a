import type { ProjectRecord } from '../../../workers/lib/db/schema/projects.ts';

/** A stage's status for the open project. */
export interface StageStatus {
  /** the stage has a working screen in this build */
  available: boolean;
  /** short status text, e.g. "Defined" */
  text: string;
  tone: 'done' | 'todo' | 'blocked' | 'off';
}

/** What the stage statuses are computed from. */
export interface StageFacts {
  images: number;
  labeled: number;
  snapshots: number;
  runs: number;
  /** stored evaluations of the project */
  evaluations: number;
  /** registered model versions, the shipped default included once the registry was opened */
  versions: number;
  /** "default@1" when a champion is set */
  champion: string | null;
  /** the label of the model deployed on this device ("screws@3"); null while the shipped default runs */
  deployed: string | null;
}

/** How far an open project got in a built stage; the stage is available whenever a project is open. */
type ProgressOf = (project: ProjectRecord, facts: StageFacts) => Pick<StageStatus, 'text' | 'tone'>;

/** A stage with a screen in this build: reachable at `#/<path>`, with its view in `src/stage-views.ts`. */
interface BuiltStageSpec {
  id: string;
  label: string;
  /** the hash path without `#/`; it must not clash with another stage or a screen outside the pipeline */
  path: string;
  progress: ProgressOf;
}

/** A stage shown in the nav before it has a screen: no route, no view, "Not in this version". */
interface PlannedStageSpec {
  id: string;
  label: string;
  path?: never;
  progress?: never;
}

/**
 * The pipeline stages, in order: the one table the route type, the nav, the statuses and (through
 * `src/stage-views.ts`) the views are derived from. Giving a stage a `path` and a `progress` makes it built.
 */
export const STAGES = [
  {
    id: 'scope',
    label: 'Scope',
    path: 'scope',
    progress: ({ scope: { gate, classes, mode } }) => ({
      text: `${mode === 'one-class' ? 'good parts only' : `${classes.length} classes`} · gate ${gate.metric} ≥ ${gate.threshold}`,
      tone: 'done',
    }),
  },
  {
    id: 'data',
    label: 'Data',
    path: 'data',
    progress: (_, { images }) =>
      images ? { text: `${images} images`, tone: 'done' } : { text: 'No images yet', tone: 'todo' },
  },
  {
    id: 'label',
    label: 'Label',
    path: 'label',
    progress: (_, { images, labeled }) =>
      images
        ? { text: `${labeled} of ${images} labeled`, tone: labeled === images ? 'done' : 'todo' }
        : { text: 'Add images first', tone: 'todo' },
  },
  {
    id: 'profile',
    label: 'Profile',
    path: 'profile',
    // Profiling never finishes a stage: every new snapshot can be profiled again.
    progress: (_, { snapshots }) => ({
      text: snapshots ? `${snapshots} snapshots` : 'Take a snapshot first',
      tone: 'todo',
    }),
  },
  {
    id: 'train',
    label: 'Train',
    path: 'train',
    progress: (_, { runs }) =>
      runs ? { text: `${runs} runs`, tone: 'done' } : { text: 'No runs yet', tone: 'todo' },
  },
  {
    id: 'evaluate',
    label: 'Evaluate',
    path: 'evaluate',
    // Like profiling, evaluating never finishes: every model and snapshot can be evaluated again.
    progress: (_, { evaluations }) => ({
      text: evaluations ? `${evaluations} evaluations` : 'No evaluations yet',
      tone: 'todo',
    }),
  },
  {
    id: 'registry',
    label: 'Registry',
    path: 'registry',
    progress: (_, { versions, champion }) =>
      champion
        ? { text: `Champion ${champion}`, tone: 'done' }
        : { text: versions ? `${versions} versions, no champion` : 'Open to see models', tone: 'todo' },
  },
  {
    id: 'deploy',
    label: 'Deploy',
    path: 'deploy',
    // The shipped default model always serves, so a station is never without a model; deploying is still to do.
    progress: (_, { deployed }) =>
      deployed
        ? { text: `Running ${deployed}`, tone: 'done' }
        : { text: 'Shipped default model', tone: 'todo' },
  },
  {
    id: 'monitor',
    label: 'Monitor',
    path: 'monitor',
    // Watching never finishes: the status names what is being watched.
    progress: (_, { deployed }) => ({
      text: deployed ? `Watching ${deployed}` : 'Watching the shipped default',
      tone: 'todo',
    }),
  },
] as const satisfies readonly (BuiltStageSpec | PlannedStageSpec)[];

/** One row of the stage table. */
export type Stage = (typeof STAGES)[number];

/** A stage id. */
export type StageId = Stage['id'];

/** A stage with a screen in this build. */
export type BuiltStage = Extract<Stage, { path: string }>;

/** The id of a stage with a screen in this build; every one of them needs a view. */
export type BuiltStageId = BuiltStage['id'];

/** Whether `stage` has a screen in this build. */
export function isBuilt(stage: Stage): stage is BuiltStage {
  return 'path' in stage;
}

/** The stages with a screen in this build, in pipeline order. */
export const BUILT_STAGES: readonly BuiltStage[] = STAGES.filter(isBuilt);

/** The status of `stage` for `project` (undefined while no project is open). */
export function stageStatus(
  stage: StageId,
  project: ProjectRecord | undefined,
  facts: StageFacts,
): StageStatus {
  const row = STAGES.find((s) => s.id === stage);
  if (!row || !isBuilt(row)) return { available: false, text: 'Not in this version', tone: 'off' };
  if (!project) return { available: false, text: 'Open a project', tone: 'blocked' };
  return { available: true, ...row.progress(project, facts) };
}
