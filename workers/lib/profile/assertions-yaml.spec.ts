import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import type { AssertionScope } from './assertions.ts';
import { assertionsToYaml, defaultAssertions, parseAssertionsYaml } from './assertions.ts';

const scope: AssertionScope = { classes: ['good', 'bad'], inputSize: 128, gate: { threshold: 0.95 } };

/** Errors as "line:column message-fragment" for compact assertions. */
function errorsOf(text: string) {
  const out = parseAssertionsYaml(text);
  if (!('errors' in out)) throw new Error(`expected errors, got ${JSON.stringify(out)}`);
  return out.errors;
}

describe('assertionsToYaml / parseAssertionsYaml round trip', () => {
  it('round-trips the defaults exactly, params inline', () => {
    const defaults = defaultAssertions(scope);
    const text = assertionsToYaml(defaults);
    expect(parseAssertionsYaml(text)).toEqual({ assertions: defaults });
    expect(text).toMatch(
      /^ {4}check: brightness_within\n {4}min: 20\n {4}max: 235\n {4}severity: fail\n {4}blocking: false$/m,
    );
    expect(parseDocument(text).toJS().version).toBe(1);
  });

  it('quotes text that would otherwise change type or break the syntax', () => {
    const tricky = [
      {
        id: 'true',
        check: 'all_decodable',
        params: {},
        severity: 'warn' as const,
        blocking: false,
        description: 'a: b # not a comment\nsecond line',
      },
    ];
    expect(parseAssertionsYaml(assertionsToYaml(tricky))).toEqual({ assertions: tricky });
  });

  it('fills severity and blocking defaults', () => {
    const out = parseAssertionsYaml(
      'assertions:\n  - id: d\n    check: all_decodable\n  - id: w\n    check: all_decodable\n    severity: warn\n',
    );
    expect(out).toEqual({
      assertions: [
        { id: 'd', check: 'all_decodable', params: {}, severity: 'fail', blocking: true },
        { id: 'w', check: 'all_decodable', params: {}, severity: 'warn', blocking: false },
      ],
    });
    expect(parseAssertionsYaml('assertions: []\n')).toEqual({ assertions: [] });
  });
});

describe('parseAssertionsYaml errors point at the offending line', () => {
  it('reports every validation problem with its line and column', () => {
    const text = [
      'assertions:', //                                   1
      '  - id: a', //                                     2
      '    check: brightness_within', //                  3
      '    min: "20"', //                                 4  ill-typed (string)
      '    severity: fatal', //                           5  bad severity
      '  - id: a', //                                     6  duplicate id
      '    check: no_such_check', //                      7  unknown check
      '  - id: c', //                                     8
      '    check: min_images_per_class_per_split', //     9  missing min
      '    blocking: maybe', //                           10 not a boolean
      '  - id: d', //                                     11
      '    check: all_decodable', //                      12
      '    bogus: 1', //                                  13 unknown parameter
      '  - id: e', //                                     14
      '    check: test_split_gate_power', //              15
      '    gate: 1.5', //                                 16 out of range
    ].join('\n');
    const errors = errorsOf(text);
    const at = (line: number) => errors.filter((e) => e.line === line).map((e) => e.message);
    expect(at(4)).toEqual([expect.stringContaining('min must be a number')]);
    expect(errors.find((e) => e.line === 4)!.column).toBe(10);
    expect(at(5)).toEqual([expect.stringContaining('severity')]);
    expect(at(6)).toEqual([expect.stringContaining("duplicate id 'a' (first used on line 2)")]);
    expect(at(7)).toEqual([expect.stringContaining('unknown check "no_such_check"')]);
    expect(at(9)).toEqual([expect.stringContaining("needs parameter 'min'")]);
    expect(at(10)).toEqual([expect.stringContaining('blocking must be true or false')]);
    expect(at(13)).toEqual([expect.stringContaining("'bogus' is not a parameter of all_decodable")]);
    expect(errors.find((e) => e.line === 13)!.column).toBe(5);
    expect(at(16)).toEqual([expect.stringContaining('must be in [0, 1]')]);
    expect(errors).toHaveLength(8);
    expect(errors.map((e) => e.line)).toEqual([...errors.map((e) => e.line)].sort((a, b) => a - b));
  });

  it('points at the item when id or check is missing, and at nested values', () => {
    const errors = errorsOf(
      'assertions:\n  - check: all_decodable\n  - id: x\n    check: all_decodable\n    description: [a, b]\n',
    );
    expect(errors).toEqual([
      { line: 2, column: 5, message: "missing 'id'" },
      { line: 5, column: 18, message: expect.stringContaining('single value') },
    ]);
  });

  it('passes YAML syntax errors and duplicate keys through with their positions', () => {
    expect(errorsOf('assertions:\n  - id: a\n    id: b\n    check: all_decodable\n')[0]).toMatchObject({
      line: 3,
      column: 5,
    });
    expect(errorsOf('assertions:\n  - id: a\n   check: x\n')[0]!.line).toBe(3);
    expect(errorsOf('assertions:\n  - id: a\n    check: [all_decodable\n').length).toBeGreaterThan(0);
  });

  it('rejects the wrong top-level shape', () => {
    expect(errorsOf('- id: a\n')[0]).toMatchObject({
      line: 1,
      message: expect.stringContaining("'assertions' list"),
    });
    expect(errorsOf('version: 1\n')[0]!.message).toContain("missing 'assertions'");
    expect(errorsOf('assertions: []\nversion: 2\nextra: 1\n').map((e) => [e.line, e.message])).toEqual([
      [2, 'version must be 1'],
      [3, expect.stringContaining('unknown top-level key "extra"')],
    ]);
    expect(errorsOf('assertions:\n  - just a string\n')[0]).toMatchObject({ line: 2, column: 5 });
    expect(errorsOf('')[0]!.line).toBe(1);
  });
});

describe('parseAssertionsYaml: names Object already has', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty'])(
    'reports check: %s as an unknown check on its line',
    (name) => {
      const text = `assertions:\n  - id: a\n    check: all_decodable\n  - id: b\n    check: ${name}\n`;
      expect(errorsOf(text)).toEqual([
        { line: 5, column: 12, message: expect.stringMatching(/^unknown check "[^"]+" \(known: /) },
      ]);
    },
  );

  it('reports an inherited name used as a parameter as not a parameter of the check', () => {
    const text = 'assertions:\n  - id: a\n    check: min_resolution\n    min: 8\n    constructor: 1\n';
    expect(errorsOf(text)).toEqual([
      {
        line: 5,
        column: 5,
        message: "'constructor' is not a parameter of min_resolution (expected: min, max_fraction)",
      },
    ]);
  });
});
