import { describe, expect, it } from 'vitest';
import { defineCommand, flag, optionHelp, parseOptions, OptionError } from './options.ts';
import type { OptionSpecs } from './types.ts';

const SPECS = {
  count: { type: 'whole', default: 400, help: 'how many images' },
  defectRatio: { type: 'share', help: 'share of defective screws' },
  offset: { type: 'number', default: -1.5, help: 'any number' },
  format: { type: 'string', choices: ['mvtec', 'imagefolder'], default: 'mvtec', help: 'layout' },
  name: { type: 'string', help: 'a name' },
  reassign: { type: 'flag', help: 'split again' },
  paths: { type: 'string', internal: true, help: 'set by the runner' },
} as const satisfies OptionSpecs;

describe('parseOptions', () => {
  it('fills defaults and flags, and leaves options without a default absent', () => {
    expect(parseOptions('demo', SPECS, {})).toEqual({
      count: 400,
      offset: -1.5,
      format: 'mvtec',
      reassign: false,
    });
  });

  it('converts given values to their declared types', () => {
    const parsed = parseOptions('demo', SPECS, {
      count: '120',
      defectRatio: '0.25',
      offset: '-3e2',
      format: 'imagefolder',
      name: 'Line 4',
      reassign: true,
    });
    expect(parsed).toMatchObject({
      count: 120,
      defectRatio: 0.25,
      offset: -300,
      format: 'imagefolder',
      name: 'Line 4',
      reassign: true,
    });
  });

  it('names an unknown flag as typed and lists the known ones', () => {
    expect(() => parseOptions('generate', SPECS, { cuont: '5', count: '5' })).toThrow(
      'generate has no option --cuont; its options: --count, --defect-ratio, --offset, --format, --name, --reassign, --paths.',
    );
    expect(() => parseOptions('diagnostics', {}, { defect_ratio: '1' })).toThrow(
      'diagnostics has no option --defect_ratio; it takes no options.',
    );
  });

  it('names the flag and says what it expects for a bad value', () => {
    const bad = (options: Record<string, string | boolean>) => () => parseOptions('demo', SPECS, options);
    expect(bad({ defectRatio: 'lots' })).toThrow(
      '--defect-ratio must be a share between 0 and 1, got "lots".',
    );
    expect(bad({ defectRatio: '1.2' })).toThrow('--defect-ratio must be a share between 0 and 1, got "1.2".');
    expect(bad({ count: '2.5' })).toThrow('--count must be a whole number, got "2.5".');
    expect(bad({ count: '-1' })).toThrow('--count must be a whole number');
    expect(bad({ count: ' ' })).toThrow('--count must be a whole number');
    expect(bad({ offset: 'Infinity' })).toThrow('--offset must be a number, got "Infinity".');
    expect(bad({ count: true })).toThrow('--count needs a value.');
    expect(bad({ format: 'coco' })).toThrow('--format must be one of mvtec, imagefolder; got "coco".');
    expect(bad({ reassign: 'yes' })).toThrow('--reassign takes no value, got "yes".');
    expect(bad({ count: 'x' })).toThrow(OptionError);
  });

  it('spells camelCase keys as command-line flags', () => {
    expect(flag('nearDuplicateBits')).toBe('--near-duplicate-bits');
    expect(flag('seed')).toBe('--seed');
  });
});

describe('defineCommand', () => {
  it('checks the options when the step is prepared, before anything runs', async () => {
    const seen: unknown[] = [];
    const command = defineCommand({
      name: 'demo',
      describe: 'a demo',
      options: SPECS,
      async run(options) {
        seen.push(options.count + 1);
        return { summary: '', data: {}, exitCode: 0 };
      },
    });
    expect(() => command.prepare({ count: 'many' })).toThrow('--count must be a whole number');
    expect(seen).toEqual([]);
    await command.prepare({ count: '41' })();
    expect(seen).toEqual([42]);
  });
});

describe('optionHelp', () => {
  it('lists the options people type, with defaults and choices, and hides those the runner sets', () => {
    const lines = optionHelp(SPECS);
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^ {2}--count N +how many images \(default 400\)$/);
    expect(lines[3]).toMatch(/--format mvtec\|imagefolder +layout \(default mvtec\)$/);
    expect(lines[5]).toMatch(/^ {2}--reassign +split again$/);
    expect(lines.join('\n')).not.toContain('--paths');
  });
});
