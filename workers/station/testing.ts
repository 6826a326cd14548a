import { decisionThreshold, type ModelBundle } from '../../models/bundle.ts';
import type { StationSource } from './station-source.ts';

/**
 * `bundle` as the station's shipped default, as its specs load it: `key` caches it, `label` is what the
 * station shows, `versionId` its registry id (null when it never was registered).
 */
export function shippedSource(
  bundle: ModelBundle,
  key: string,
  label: string,
  versionId: string | null = key,
): StationSource {
  return {
    key,
    bundle,
    isShippedDefault: true,
    model: {
      versionId,
      label,
      threshold: decisionThreshold(bundle.metadata),
      source: 'shipped',
      origin: null,
      deployedAt: 0,
      reason: 'test',
    },
  };
}
