/**
 * The assertions file format (YAML 1.2, one document):
 *
 *   version: 1                     # optional; only 1 exists
 *   assertions:
 *     - id: brightness             # required, unique string
 *       check: brightness_within   # required, a built-in check name (see CHECKS)
 *       min: 20                    # the check's parameters, inline, typed as CHECKS declares
 *       max: 235
 *       severity: warn             # optional: fail (default) or warn
 *       blocking: false            # optional: default true for severity fail, false for warn
 *       description: Not too dark  # optional free text
 *
 * Validation reports every problem with the 1-based line and column of the offending key or value, so
 * an editor can underline it; nothing is coerced (a quoted "10" is not a number).
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, stringify } from 'yaml';
import type { Node, Pair } from 'yaml';
import type { Assertion, ParamValue } from './assertion-types.ts';
import { CHECKS, missingParams, paramProblem, RESERVED_KEYS } from './checks.ts';

/** A problem in an assertions file at a 1-based line and column. */
export interface YamlError {
  line: number;
  column: number;
  message: string;
}

/** Serialises assertions to the file format above, with a comment header listing the checks. */
export function assertionsToYaml(assertions: readonly Assertion[]): string {
  const items = assertions.map((a) => {
    const item: Record<string, ParamValue> = { id: a.id, check: a.check };
    for (const [k, v] of Object.entries(a.params)) item[k] = v;
    item['severity'] = a.severity;
    item['blocking'] = a.blocking;
    if (a.description !== undefined) item['description'] = a.description;
    return item;
  });
  const checks = [...CHECKS].map(([name, def]) => {
    const params = Object.entries(def.params).map(([k, p]) => `${k}${p.required ? '' : '?'}`);
    return `#   ${name}${params.length ? ` (${params.join(', ')})` : ''}`;
  });
  const header = [
    '# ScrewOps data assertions. Keys: id, check, severity (fail|warn), blocking, description,',
    "# plus the check's parameters (? = optional). Checks:",
    ...checks,
  ].join('\n');
  return `${header}\n${stringify({ version: 1, assertions: items }, { lineWidth: 0 })}`;
}

type Result = { assertions: Assertion[] } | { errors: YamlError[] };

/** Parses and validates an assertions file; either every assertion or every error (sorted by line). */
export function parseAssertionsYaml(text: string): Result {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const errors: YamlError[] = [];
  const at = (offset: number, message: string) => {
    const { line, col } = lines.linePos(offset);
    errors.push({ line, column: col, message });
  };
  const atNode = (node: unknown, message: string, fallback = 0) =>
    at((node as Node | null)?.range?.[0] ?? fallback, message);

  for (const e of [...doc.errors, ...doc.warnings]) at(e.pos[0], e.message.split('\n')[0] ?? e.message);
  if (errors.length) return { errors: sortErrors(errors) };

  const root = doc.contents;
  if (!isMap(root)) {
    atNode(root, "expected a map with an 'assertions' list");
    return { errors };
  }
  let list: unknown = undefined;
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? pair.key.value : undefined;
    if (key === 'assertions') list = pair.value;
    else if (key === 'version') {
      if (!(isScalar(pair.value) && pair.value.value === 1))
        atNode(pair.value ?? pair.key, 'version must be 1');
    } else
      atNode(pair.key, `unknown top-level key ${JSON.stringify(key)} (expected 'version' or 'assertions')`);
  }
  if (list === undefined) atNode(root, "missing 'assertions' list");
  else if (!isSeq(list)) atNode(list, "'assertions' must be a list of maps", root.range?.[0]);

  const assertions: Assertion[] = [];
  const seen = new Map<string, number>();
  for (const item of isSeq(list) ? list.items : []) {
    const a = parseItem(item, atNode, lines, seen);
    if (a) assertions.push(a);
  }
  return errors.length ? { errors: sortErrors(errors) } : { assertions };
}

function sortErrors(errors: YamlError[]): YamlError[] {
  return errors.sort((a, b) => a.line - b.line || a.column - b.column);
}

type Report = (node: unknown, message: string, fallback?: number) => void;

/** Validates one list item; null when it has errors (already reported). */
function parseItem(
  item: unknown,
  report: Report,
  lines: LineCounter,
  seen: Map<string, number>,
): Assertion | null {
  if (!isMap(item)) {
    report(item, 'each assertion must be a map of keys (id, check, …)');
    return null;
  }
  let ok = true;
  const fail: Report = (node, message) => {
    ok = false;
    report(node, message, item.range?.[0]);
  };
  const pairs = new Map<string, Pair<unknown, unknown>>();
  for (const pair of item.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') {
      fail(pair.key, 'keys must be plain strings');
      continue;
    }
    if (!isScalar(pair.value))
      fail(pair.value ?? pair.key, `'${pair.key.value}' must have a single value, not a list or map`);
    else pairs.set(pair.key.value, pair);
  }
  const value = (key: string): unknown => {
    const v = pairs.get(key)?.value;
    return isScalar(v) ? v.value : undefined;
  };
  const node = (key: string) => pairs.get(key)?.value;
  // Keys whose value was not a scalar are already reported; they count as present, not as missing.
  const keys = new Set(item.items.map((p) => (isScalar(p.key) ? p.key.value : undefined)));

  const id = value('id');
  if (!keys.has('id')) fail(item, "missing 'id'");
  else if (!pairs.has('id')) ok = false;
  else if (typeof id !== 'string' || id.trim() === '') fail(node('id'), 'id must be a non-empty string');
  else if (seen.has(id)) fail(node('id'), `duplicate id '${id}' (first used on line ${seen.get(id)})`);
  else seen.set(id, lines.linePos((node('id') as Node).range?.[0] ?? 0).line);

  const check = value('check');
  const def = typeof check === 'string' ? CHECKS.get(check) : undefined;
  if (!keys.has('check')) fail(item, "missing 'check'");
  else if (!pairs.has('check')) ok = false;
  else if (!def)
    fail(node('check'), `unknown check ${JSON.stringify(check)} (known: ${[...CHECKS.keys()].join(', ')})`);

  const severity = value('severity') ?? 'fail';
  if (severity !== 'fail' && severity !== 'warn') fail(node('severity'), "severity must be 'fail' or 'warn'");
  const blocking = value('blocking') ?? severity === 'fail';
  if (typeof blocking !== 'boolean') fail(node('blocking'), 'blocking must be true or false');
  const description = value('description');
  if (description !== undefined && typeof description !== 'string')
    fail(node('description'), 'description must be text');

  const params: Record<string, ParamValue> = {};
  if (def && typeof check === 'string') {
    for (const [key, pair] of pairs) {
      if (RESERVED_KEYS.includes(key)) continue;
      const v = value(key);
      const problem = paramProblem(check, key, v);
      if (problem) fail(Object.hasOwn(def.params, key) ? pair.value : pair.key, problem);
      else params[key] = v as ParamValue;
    }
    for (const message of missingParams(
      check,
      [...keys].filter((k): k is string => typeof k === 'string'),
    ))
      fail(node('check'), message);
  }
  if (!ok) return null;
  const out: Assertion = {
    id: id as string,
    check: check as string,
    params,
    severity: severity as Assertion['severity'],
    blocking: blocking as boolean,
  };
  if (typeof description === 'string') out.description = description;
  return out;
}
