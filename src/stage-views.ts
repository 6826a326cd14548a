import type { Component } from 'svelte';
import type { ProjectRecord } from '../workers/lib/db/schema/projects.ts';
import type { BuiltStageId } from './lib/domain/stages.ts';

/** A stage's screen: it gets the open project. */
export type StageView = Component<{ project: ProjectRecord }>;

/** Loads one stage's screen module on demand. */
type ViewLoader = () => Promise<{ default: StageView }>;

/**
 * The screen of every built stage, each loaded on demand so the first page load carries none of them;
 * the type turns a missing or surplus entry into a compile error.
 */
export const STAGE_VIEWS: Record<BuiltStageId, ViewLoader> = {
  scope: () => import('./views/ScopeView.svelte'),
  data: () => import('./views/DataView.svelte'),
  label: () => import('./views/LabelView.svelte'),
  profile: () => import('./views/ProfileView.svelte'),
  train: () => import('./views/TrainView.svelte'),
  evaluate: () => import('./views/EvaluateView.svelte'),
  registry: () => import('./views/RegistryView.svelte'),
  deploy: () => import('./views/DeployView.svelte'),
  monitor: () => import('./views/MonitorView.svelte'),
};

const loaded = new Map<BuiltStageId, StageView>();

/** The stage's screen when it was loaded before, so returning to a stage renders without waiting. */
export function loadedStageView(id: BuiltStageId): StageView | undefined {
  return loaded.get(id);
}

/** Loads the stage's screen (once) and remembers it. */
export async function loadStageView(id: BuiltStageId): Promise<StageView> {
  const view = (await STAGE_VIEWS[id]()).default;
  loaded.set(id, view);
  return view;
}
