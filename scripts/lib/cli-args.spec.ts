import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli-args.ts';

describe('parseArgs', () => {
  it('reads the command, valued options, flags and camelCases keys', () => {
    expect(
      parseArgs(['--', 'import', 'data/screws', '--json', '--defect-ratio', '0.25', '--project=Line 4']),
    ).toEqual({
      command: 'import',
      options: { path: 'data/screws', json: true, defectRatio: '0.25', project: 'Line 4' },
    });
  });

  it('treats a known flag as boolean even when a value follows', () => {
    expect(parseArgs(['diagnostics', '--json', 'x']).options).toEqual({ json: true, path: 'x' });
  });

  it('refuses more than one positional argument', () => {
    expect(() => parseArgs(['import', 'a', 'b'])).toThrow('unexpected arguments: a b');
  });
});
