/** Per-image quality checks: brightness, contrast, sharpness and resolution within bounds. */
import type { CheckDef } from './check-types.ts';
import { FRACTION, fmt, num, pct } from './check-format.ts';
import type { ProfileRow } from './profile-types.ts';

/** A per-image range check on one statistic; unset ends are open. */
function within(
  what: string,
  unit: string,
  value: (row: ProfileRow) => number | null,
): Pick<CheckDef, 'params' | 'oneOf' | 'run'> {
  return {
    params: {
      min: { type: 'number', required: false, doc: `lowest allowed ${what} (${unit})` },
      max: { type: 'number', required: false, doc: `highest allowed ${what} (${unit})` },
      max_fraction: FRACTION,
    },
    oneOf: ['min', 'max'],
    run(profile, params) {
      const lo = num(params, 'min', -Infinity);
      const hi = num(params, 'max', Infinity);
      const offending: string[] = [];
      let seen = 0;
      let worstLo = Infinity;
      let worstHi = -Infinity;
      for (const row of profile.rows) {
        const v = value(row);
        if (v === null) continue;
        seen++;
        if (v < lo || v > hi) offending.push(row.id);
        worstLo = Math.min(worstLo, v);
        worstHi = Math.max(worstHi, v);
      }
      const share = seen > 0 ? offending.length / seen : 0;
      const range = `[${Number.isFinite(lo) ? fmt(lo) : '−∞'}, ${Number.isFinite(hi) ? fmt(hi) : '∞'}]`;
      const span = seen > 0 ? `; observed ${fmt(worstLo)}..${fmt(worstHi)}` : '';
      return {
        ok: share <= num(params, 'max_fraction', 0),
        message: `${offending.length} of ${seen} images (${pct(share)}) have ${what} outside ${range} ${unit}${span}`,
        offending,
        observed: offending.length,
      };
    },
  };
}

/** Image quality checks by name. */
export const IMAGE_CHECKS: Readonly<Record<string, CheckDef>> = {
  brightness_within: {
    doc: 'mean luma of each image lies in [min, max]',
    ...within('brightness', 'levels', (r) => r.stats?.mean ?? null),
  },
  contrast_within: {
    doc: 'luma std of each image lies in [min, max]',
    ...within('contrast', 'levels', (r) => r.stats?.std ?? null),
  },
  sharpness_within: {
    doc: 'Laplacian variance of each image lies in [min, max]',
    ...within('sharpness', 'levels²', (r) => r.stats?.sharpness ?? null),
  },
  min_resolution: {
    doc: 'the shorter side of each image is at least `min` pixels',
    params: {
      min: { type: 'number', required: true, lo: 1, doc: 'shortest allowed side (pixels)' },
      max_fraction: FRACTION,
    },
    run(profile, params) {
      const min = num(params, 'min', 0);
      const sized = profile.rows.filter((r) => r.width > 0 && r.height > 0);
      const offending = sized.filter((r) => Math.min(r.width, r.height) < min).map((r) => r.id);
      const smallest = sized.reduce((m, r) => Math.min(m, r.width, r.height), Infinity);
      const share = sized.length ? offending.length / sized.length : 0;
      return {
        ok: share <= num(params, 'max_fraction', 0),
        message: `${offending.length} of ${sized.length} images have a side below ${min} px${Number.isFinite(smallest) ? `; smallest side ${smallest} px` : ''}`,
        offending,
        observed: Number.isFinite(smallest) ? smallest : 0,
      };
    },
  },
};
