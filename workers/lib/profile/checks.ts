/**
 * The built-in checks. Their names and parameter names are part of the assertions YAML format, so
 * renaming one breaks saved files: add a new check instead.
 */
import type { AssertionScope, ParamValue } from './assertion-types.ts';
import type { DatasetProfile, ProfileRow } from './profile-types.ts';
import { SPLITS } from '../splits/split.ts';
import { minSampleForLowerBound, wilsonLowerBound } from '../splits/test-size.ts';

/** Declared type and meaning of one check parameter. */
export interface ParamSpec {
  type: 'number' | 'boolean';
  required: boolean;
  /** Inclusive numeric bounds, where the parameter has natural ones. */
  lo?: number;
  hi?: number;
  doc: string;
}

/** What a check found: whether it held, a message with numbers, and the images at fault. */
export interface CheckOutcome {
  ok: boolean;
  message: string;
  offending: string[];
  observed?: number | string;
}

/** A built-in check: its parameters and how to run it. */
export interface CheckDef {
  doc: string;
  params: Record<string, ParamSpec>;
  /** At least one of these parameters must be given (e.g. a range needs min or max). */
  oneOf?: string[];
  run(profile: DatasetProfile, params: Record<string, ParamValue>, scope: AssertionScope): CheckOutcome;
}

/** Keys of an assertion map that are not check parameters. */
export const RESERVED_KEYS: readonly string[] = ['id', 'check', 'severity', 'blocking', 'description'];

const fmt = (x: number, digits = 1) => (Number.isInteger(x) ? String(x) : x.toFixed(digits));
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const num = (params: Record<string, ParamValue>, key: string, fallback: number) =>
  typeof params[key] === 'number' ? (params[key] as number) : fallback;

const FRACTION: ParamSpec = {
  type: 'number',
  required: false,
  lo: 0,
  hi: 1,
  doc: 'share of images allowed outside (0..1, default 0)',
};

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

function groupIds(groups: ReadonlyArray<{ ids: string[] }>): string[] {
  return [...new Set(groups.flatMap((g) => g.ids))];
}

/** Built-in checks by name. */
export const CHECKS: Readonly<Record<string, CheckDef>> = {
  min_images_per_class_per_split: {
    doc: 'every scope class has at least `min` labelled images in each of train, validation and test',
    params: { min: { type: 'number', required: true, lo: 0, doc: 'fewest images per class and split' } },
    run(profile, params, scope) {
      const min = num(params, 'min', 0);
      const short: string[] = [];
      let fewest = Infinity;
      for (const label of scope.classes) {
        for (const split of SPLITS) {
          const count = profile.counts.find((c) => c.label === label && c.split === split)?.count ?? 0;
          fewest = Math.min(fewest, count);
          if (count < min) short.push(`${label}/${split} ${count}`);
        }
      }
      const cells = scope.classes.length * SPLITS.length;
      return {
        ok: short.length === 0,
        message: short.length
          ? `${short.length} of ${cells} class × split cells have fewer than ${min} images: ${short.join(', ')}`
          : `all ${cells} class × split cells have ≥ ${min} images (fewest ${fewest})`,
        offending: [],
        observed: Number.isFinite(fewest) ? fewest : 0,
      };
    },
  },
  max_class_imbalance: {
    doc: 'largest over smallest scope-class image count is at most `max`',
    params: { max: { type: 'number', required: true, lo: 1, doc: 'highest allowed ratio' } },
    run(profile, params, scope) {
      const max = num(params, 'max', Infinity);
      const counts = scope.classes.map((label) => ({
        label,
        count: profile.classTotals.find((c) => c.label === label)?.count ?? 0,
      }));
      if (counts.length < 2) return { ok: true, message: 'fewer than two classes in scope', offending: [] };
      const hi = counts.reduce((a, b) => (b.count > a.count ? b : a));
      const lo = counts.reduce((a, b) => (b.count < a.count ? b : a));
      const ratio = lo.count > 0 ? hi.count / lo.count : Infinity;
      const shown = Number.isFinite(ratio) ? fmt(ratio, 2) : '∞';
      return {
        ok: ratio <= max,
        message: `class imbalance ${shown} (${hi.label} ${hi.count} vs ${lo.label} ${lo.count}); allowed ≤ ${fmt(max, 2)}`,
        offending: [],
        observed: Number.isFinite(ratio) ? Math.round(ratio * 100) / 100 : 'inf',
      };
    },
  },
  no_cross_split_duplicates: {
    doc: 'no image content (identical when `exact`, near-identical when `near`) sits in two splits',
    params: {
      exact: { type: 'boolean', required: false, doc: 'count identical files (default true)' },
      near: { type: 'boolean', required: false, doc: 'count near duplicates (default true)' },
    },
    run(profile, params) {
      const leaks = profile.leaks.filter((g) => params[g.kind] !== false);
      const exact = leaks.filter((g) => g.kind === 'exact').length;
      const offending = groupIds(leaks);
      return {
        ok: leaks.length === 0,
        message: leaks.length
          ? `${plural(leaks.length, 'duplicate group spans', 'duplicate groups span')} splits (${exact} exact, ${leaks.length - exact} near), ${offending.length} images`
          : 'no duplicate content across splits',
        offending,
        observed: leaks.length,
      };
    },
  },
  no_label_conflicts: {
    doc: 'identical images never carry different labels',
    params: {},
    run(profile) {
      const offending = groupIds(profile.labelConflicts);
      const n = profile.labelConflicts.length;
      return {
        ok: n === 0,
        message: n
          ? `${plural(n, 'identical-content group carries', 'identical-content groups carry')} conflicting labels (${offending.length} images)`
          : 'no label conflicts',
        offending,
        observed: n,
      };
    },
  },
  all_decodable: {
    doc: 'every image decodes',
    params: {},
    run(profile) {
      const n = profile.undecodable.length;
      return {
        ok: n === 0,
        message: n
          ? `${n} of ${profile.imageCount} images could not be decoded`
          : `all ${profile.imageCount} images decode`,
        offending: profile.undecodable.slice(),
        observed: n,
      };
    },
  },
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
  test_split_gate_power: {
    doc: 'the labelled test split is large enough that the Wilson 95% lower bound at the gate accuracy reaches `min_lower_bound`',
    params: {
      gate: {
        type: 'number',
        required: false,
        lo: 0,
        hi: 1,
        doc: 'accuracy to test at (default: scope gate)',
      },
      min_lower_bound: {
        type: 'number',
        required: false,
        lo: 0,
        hi: 1,
        doc: 'required lower bound (default gate − 0.05)',
      },
    },
    run(profile, params, scope) {
      const gate = num(params, 'gate', scope.gate.threshold);
      const target = num(params, 'min_lower_bound', Math.max(0, gate - 0.05));
      const n = profile.counts
        .filter((c) => c.split === 'test' && c.label !== null)
        .reduce((s, c) => s + c.count, 0);
      const lb = wilsonLowerBound(gate * n, n);
      const need = minSampleForLowerBound(gate, target);
      const needText = need === null ? 'no test size reaches it' : `needs ≥ ${need} labelled test images`;
      return {
        ok: lb >= target,
        message: `Wilson 95% lower bound at accuracy ${fmt(gate, 3)} with ${n} labelled test images is ${lb.toFixed(3)} (required ≥ ${fmt(target, 3)}; ${needText})`,
        offending: [],
        observed: Math.round(lb * 10_000) / 10_000,
      };
    },
  },
};

/** Why `value` is not acceptable for parameter `key` of `check`, or null when it is. */
export function paramProblem(check: string, key: string, value: unknown): string | null {
  const def = CHECKS[check];
  if (!def) return `unknown check '${check}'`;
  const spec = def.params[key];
  if (!spec) {
    const known = Object.keys(def.params);
    return `'${key}' is not a parameter of ${check}${known.length ? ` (expected: ${known.join(', ')})` : ' (it takes none)'}`;
  }
  if (typeof value !== spec.type || (typeof value === 'number' && !Number.isFinite(value))) {
    return `${check}.${key} must be a ${spec.type}, got ${JSON.stringify(value) ?? String(value)}`;
  }
  if (
    typeof value === 'number' &&
    ((spec.lo !== undefined && value < spec.lo) || (spec.hi !== undefined && value > spec.hi))
  ) {
    return `${check}.${key} must be in [${spec.lo ?? '−∞'}, ${spec.hi ?? '∞'}], got ${value}`;
  }
  return null;
}

/** Problems with the set of parameter keys given to `check` (missing required ones), each as a message. */
export function missingParams(check: string, keys: readonly string[]): string[] {
  const def = CHECKS[check];
  if (!def) return [];
  const out = Object.entries(def.params)
    .filter(([k, spec]) => spec.required && !keys.includes(k))
    .map(([k]) => `${check} needs parameter '${k}'`);
  if (def.oneOf && !def.oneOf.some((k) => keys.includes(k)))
    out.push(`${check} needs at least one of ${def.oneOf.join(', ')}`);
  return out;
}
