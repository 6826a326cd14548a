import { describe, expect, it } from 'vitest';
import { BUILT_STAGES, STAGES, isBuilt } from './domain/stages.ts';
import { formatRoute, isStageRoute, isStationRoute, parseRoute, type Screen } from './routes.ts';

const FIXED: ReadonlyArray<[Screen, string]> = [
  ['projects', '#/projects'],
  ['new-project', '#/projects/new'],
  ['diagnostics', '#/diagnostics'],
  ['station', '#/station'],
];

describe('routes', () => {
  it('gives every built stage its own hash and reads it back', () => {
    expect(BUILT_STAGES.length).toBeGreaterThan(0);
    for (const stage of BUILT_STAGES) {
      const hash = formatRoute({ screen: stage.id });
      expect(hash).toBe(`#/${stage.path}`);
      expect(parseRoute(hash)).toEqual({ screen: stage.id });
    }
  });

  it('keeps the screens outside the pipeline at their hashes', () => {
    for (const [screen, hash] of FIXED) {
      expect(formatRoute({ screen })).toBe(hash);
      expect(parseRoute(hash)).toEqual({ screen });
    }
  });

  it('never gives two screens the same hash', () => {
    // A stage path that repeats another would read back as the wrong screen.
    const screens: Screen[] = [...FIXED.map(([screen]) => screen), ...BUILT_STAGES.map((s) => s.id)];
    const hashes = screens.map((screen) => formatRoute({ screen }));
    expect(new Set(hashes).size).toBe(screens.length);
    expect(screens.map((screen) => parseRoute(formatRoute({ screen })).screen)).toEqual(screens);
  });

  it('reads a hash with or without the slash, as links and the start URL write it', () => {
    expect(parseRoute('#data')).toEqual({ screen: 'data' });
    expect(parseRoute('data')).toEqual({ screen: 'data' });
    expect(parseRoute('#/projects/new')).toEqual({ screen: 'new-project' });
  });

  it('falls back to the project list for anything else, including stages not built yet', () => {
    const unbuilt = STAGES.filter((stage): boolean => !isBuilt(stage)).map((stage) => `#/${stage.id}`);
    for (const hash of [
      '',
      '#',
      '#/',
      '#/nope',
      '#/Data',
      '#/data/',
      '#/data/extra',
      '#/projects/x',
      ...unbuilt,
    ])
      expect(parseRoute(hash), hash).toEqual({ screen: 'projects' });
  });

  it('opens the station full screen at #/station and nowhere else', () => {
    expect(isStationRoute(parseRoute('#/station'))).toBe(true);
    expect(isStationRoute(parseRoute('#station'))).toBe(true);
    for (const hash of ['#/station/', '#/Station', '#/deploy/station', '#/projects'])
      expect(isStationRoute(parseRoute(hash)), hash).toBe(false);
    for (const stage of BUILT_STAGES) expect(isStationRoute({ screen: stage.id })).toBe(false);
  });

  it('routes every built stage, and only those, to a stage view that needs a project', () => {
    for (const stage of BUILT_STAGES)
      expect(isStageRoute(parseRoute(formatRoute({ screen: stage.id })))).toBe(true);
    for (const [screen] of FIXED) expect(isStageRoute({ screen })).toBe(false);
  });
});
