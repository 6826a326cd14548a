import { BUILT_STAGES, type BuiltStageId } from './domain/stages.ts';

/** Screens outside the pipeline, with their hash paths (without `#/`). */
const FIXED_PATHS = {
  projects: 'projects',
  'new-project': 'projects/new',
  diagnostics: 'diagnostics',
  station: 'station',
} as const;

/** A screen outside the pipeline. */
export type FixedScreen = keyof typeof FIXED_PATHS;

/** Every screen of the app: the fixed ones plus one per built stage. */
export type Screen = FixedScreen | BuiltStageId;

/** Where the app is; stage screens belong to the open project. */
export interface Route {
  screen: Screen;
}

/** A route to a stage screen. */
export interface StageRoute extends Route {
  screen: BuiltStageId;
}

/** The hash path of every screen; a stage path that repeats another breaks the round trip, see the spec. */
const PATHS: ReadonlyMap<Screen, string> = new Map<Screen, string>([
  ...Object.entries(FIXED_PATHS).map(([screen, path]) => [screen as FixedScreen, path] as const),
  ...BUILT_STAGES.map((stage) => [stage.id, stage.path] as const),
]);

/** The screen at each hash path. */
const SCREENS: ReadonlyMap<string, Screen> = new Map([...PATHS].map(([screen, path]) => [path, screen]));

/** The route a location hash names; anything unknown, including a stage not built yet, is the project list. */
export function parseRoute(hash: string): Route {
  return { screen: SCREENS.get(hash.replace(/^#\/?/, '')) ?? 'projects' };
}

/** The location hash of `route`, e.g. `#/projects/new`. */
export function formatRoute(route: Route): string {
  return `#/${PATHS.get(route.screen) ?? FIXED_PATHS.projects}`;
}

/** Whether `route` is the full-screen station of the open project (live camera inspection). */
export function isStationRoute(route: Route): boolean {
  return route.screen === 'station';
}

/** Whether `route` shows a pipeline stage, and so needs an open project. */
export function isStageRoute(route: Route): route is StageRoute {
  return BUILT_STAGES.some((stage) => stage.id === route.screen);
}
