import { describe, expect, it } from 'vitest';
import {
  buildRegistryIndex,
  bundleUrl,
  parseRegistryIndex,
  RegistryIndexError,
  resolveAlias,
  type PublishedVersion,
} from './registry-index.ts';

const sha = (c: string) => c.repeat(64);

function published(version: number, extra: Partial<PublishedVersion> = {}): PublishedVersion {
  return {
    model: 'screws',
    version,
    file: `screws-v${version}.screwops.zip`,
    sha256: sha(String(version)),
    size: 1000 + version,
    threshold: 0.4,
    createdAt: Date.UTC(2026, 0, version),
    ...extra,
  };
}

/** An index as loose JSON, so a test can break any part of it. */
interface LooseIndex {
  [key: string]: unknown;
  models?: Record<
    string,
    { aliases: Record<string, number>; versions: Record<string, Record<string, unknown>> }
  >;
}

/** One version entry of the loose index's "screws" model. */
const version = (json: LooseIndex, key: string) => json.models!['screws']!.versions[key]!;

/** An index's JSON with one edit applied, to check what parsing refuses. */
function edited(edit: (json: LooseIndex) => void): string {
  const json = JSON.parse(
    JSON.stringify(buildRegistryIndex([published(1), published(2)], { screws: { champion: 2 } })),
  );
  edit(json);
  return JSON.stringify(json);
}

describe('published registry index', () => {
  it('builds from registry versions, leaving out aliases of versions not published, and reads back', () => {
    const index = buildRegistryIndex(
      [published(2), published(1), published(1, { model: 'washers', sha256: sha('a') })],
      { screws: { champion: 2, challenger: 3 }, washers: {} },
      Date.UTC(2026, 1, 1),
    );
    expect(index.publishedAt).toBe('2026-02-01T00:00:00.000Z');
    expect(index.models['screws']).toEqual({
      aliases: { champion: 2 },
      versions: {
        '1': {
          file: 'screws-v1.screwops.zip',
          sha256: sha('1'),
          size: 1001,
          threshold: 0.4,
          createdAt: '2026-01-01T00:00:00.000Z',
        },
        '2': {
          file: 'screws-v2.screwops.zip',
          sha256: sha('2'),
          size: 1002,
          threshold: 0.4,
          createdAt: '2026-01-02T00:00:00.000Z',
        },
      },
    });
    expect(parseRegistryIndex(JSON.stringify(index))).toEqual(index);
  });

  it('resolves an alias to its bundle URL beside the index', () => {
    const index = parseRegistryIndex(edited(() => undefined));
    const target = resolveAlias(index, 'https://models.example/line4/index.json', 'screws', 'champion');
    expect(target).toMatchObject({ version: 2, url: 'https://models.example/line4/screws-v2.screwops.zip' });
    expect(bundleUrl('https://a.example/x/index.json', 'https://cdn.example/b.zip')).toBe(
      'https://cdn.example/b.zip',
    );
    expect(() => bundleUrl('https://a.example/index.json', 'ftp://a.example/b.zip')).toThrow(
      /not on an http\(s\) host/,
    );
    expect(() => resolveAlias(index, 'https://a.example/', 'washers', 'champion')).toThrow(
      /no model "washers"; it has screws/,
    );
    expect(() => resolveAlias(index, 'https://a.example/', 'screws', 'challenger')).toThrow(
      /has no challenger/,
    );
  });

  it('refuses a malformed index with a message naming what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      ['<!doctype html>', /not JSON/],
      [edited((j) => (j['format'] = 'other')), /not a ScrewOps registry index/],
      [edited((j) => (j['formatVersion'] = 2)), /format version 2.*reads version 1/],
      [edited((j) => delete j['models']), /no "models"/],
      [
        edited((j) => (j.models!['screws']!.aliases.champion = 5)),
        /champion at version 5, which the index does not list/,
      ],
      [edited((j) => (version(j, '1').sha256 = 'ABC')), /screws@1 .*SHA-256/],
      [edited((j) => (version(j, '1').size = -3)), /screws@1 of the registry index has a size of -3/],
      [
        edited((j) => (version(j, '2').threshold = 1.5)),
        /screws@2 of the registry index has a threshold of 1.5/,
      ],
      [edited((j) => (j.models!['screws']!.versions['x'] = version(j, '1'))), /version "x"/],
      [edited((j) => delete version(j, '1').file), /screws@1 of the registry index names no bundle file/],
    ];
    for (const [text, message] of cases) {
      expect(() => parseRegistryIndex(text)).toThrow(RegistryIndexError);
      expect(() => parseRegistryIndex(text)).toThrow(message);
    }
  });
});
