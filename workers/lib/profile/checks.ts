/**
 * The built-in checks. Their names and parameter names are part of the assertions YAML format, so
 * renaming one breaks saved files: add a new check instead.
 */
import type { CheckDef } from './check-types.ts';
import { IMAGE_CHECKS } from './checks-image.ts';
import { INTEGRITY_CHECKS } from './checks-integrity.ts';
import { SPLIT_CHECKS } from './checks-split.ts';

/** Re-exported so callers need only this module. */
export type { CheckDef, CheckOutcome, ParamSpec } from './check-types.ts';

/** Keys of an assertion map that are not check parameters. */
export const RESERVED_KEYS: readonly string[] = ['id', 'check', 'severity', 'blocking', 'description'];

/**
 * Built-in checks by name. A Map, so a name from a file (`__proto__`, `toString`) finds only a real
 * check, never something inherited from Object.
 */
export const CHECKS: ReadonlyMap<string, CheckDef> = new Map([
  ...Object.entries(SPLIT_CHECKS),
  ...Object.entries(INTEGRITY_CHECKS),
  ...Object.entries(IMAGE_CHECKS),
]);

/** Why `value` is not acceptable for parameter `key` of `check`, or null when it is. */
export function paramProblem(check: string, key: string, value: unknown): string | null {
  const def = CHECKS.get(check);
  if (!def) return `unknown check '${check}'`;
  const spec = Object.hasOwn(def.params, key) ? def.params[key] : undefined;
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
  const def = CHECKS.get(check);
  if (!def) return [];
  const out = Object.entries(def.params)
    .filter(([k, spec]) => spec.required && !keys.includes(k))
    .map(([k]) => `${check} needs parameter '${k}'`);
  if (def.oneOf && !def.oneOf.some((k) => keys.includes(k)))
    out.push(`${check} needs at least one of ${def.oneOf.join(', ')}`);
  return out;
}
