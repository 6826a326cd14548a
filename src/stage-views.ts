import type { Component } from 'svelte';
import type { ProjectRecord } from '../workers/lib/db/schema/projects.ts';
import type { BuiltStageId } from './lib/domain/stages.ts';
import ScopeView from './views/ScopeView.svelte';
import DataView from './views/DataView.svelte';
import LabelView from './views/LabelView.svelte';
import ProfileView from './views/ProfileView.svelte';
import TrainView from './views/TrainView.svelte';
import EvaluateView from './views/EvaluateView.svelte';
import RegistryView from './views/RegistryView.svelte';
import DeployView from './views/DeployView.svelte';

/** A stage's screen: it gets the open project. */
export type StageView = Component<{ project: ProjectRecord }>;

/** The screen of every built stage; the type turns a missing or surplus entry into a compile error. */
export const STAGE_VIEWS: Record<BuiltStageId, StageView> = {
  scope: ScopeView,
  data: DataView,
  label: LabelView,
  profile: ProfileView,
  train: TrainView,
  evaluate: EvaluateView,
  registry: RegistryView,
  deploy: DeployView,
};
