/**
 * Seeded fuzz test of the DOM-free import libraries. Every case must end in success or the module's
 * own error, within 2 s, and must never accept something unsafe (a traversal path, an entry over its
 * limit, an image over the pixel limit). A failure prints the seed and case; replay one with
 * FUZZ_SEED=<seed> FUZZ_CASE=<family>:<index> npx vitest run workers/lib/ingest/import-fuzz.spec.ts
 */
import { describe, expect, it } from 'vitest';
import { parseAssertionsYaml } from '../profile/assertions-yaml.ts';
import { CHECKS } from '../profile/checks.ts';
import { createRng, type Rng } from '../rng.ts';
import { listZipNames } from '../../ingest/zip-listing.ts';
import { CsvParseError, parseCsv } from './csv.ts';
import { csvCase, imageCase, labelStudioCase, yamlCase } from './fuzz-inputs.ts';
import { zipCase } from './fuzz-zips.ts';
import { LabelStudioParseError, matchLabelStudio, parseLabelStudio } from './label-studio.ts';
import { checkImageLimits, sniffImage } from './sniff.ts';
import { checkZipPath } from './zip-paths.ts';
import { ARCHIVE_PATH, readZip } from './zip-safe.ts';
import type { ZipLimits } from './zip-safe.ts';

const SEED = process.env.FUZZ_SEED ?? 'import-fuzz-1';
const ONLY = process.env.FUZZ_CASE ?? null;
const CASE_LIMIT_MS = 2000;
const ZIP_LIMITS: ZipLimits = {
  maxEntries: 200,
  maxEntryBytes: 1_000_000,
  maxTotalBytes: 4_000_000,
  maxRatio: 100,
  ratioGraceBytes: 64_000,
};
const IMAGE_LIMITS = { maxPixels: 40_000_000, maxBytes: 50_000_000 };

/** Something a case got wrong; thrown inside a case, reported with the seed and the case. */
class Unsafe extends Error {
  override name = 'Unsafe';
}

function assertSafe(ok: boolean, what: string): void {
  if (!ok) throw new Unsafe(what);
}

/** Runs `count` cases of one family; returns a line per failed case (empty when all held). */
async function fuzz(
  family: string,
  count: number,
  run: (rng: Rng, index: number) => Promise<void> | void,
  ownErrors: ReadonlyArray<new (...args: never[]) => Error> = [],
): Promise<string[]> {
  const failures: string[] = [];
  for (let index = 0; index < count; index++) {
    if (ONLY !== null && ONLY !== `${family}:${index}`) continue;
    const started = performance.now();
    let problem: string | null = null;
    try {
      await run(createRng(`${SEED}/${family}/${index}`), index);
    } catch (error) {
      const own = ownErrors.some((E) => error instanceof E) && (error as Error).message.length > 0;
      if (!own) problem = `${(error as Error)?.name}: ${(error as Error)?.message ?? String(error)}`;
    }
    const ms = performance.now() - started;
    if (problem === null && ms > CASE_LIMIT_MS) problem = `took ${Math.round(ms)} ms`;
    if (problem !== null) failures.push(`FUZZ_SEED=${SEED} FUZZ_CASE=${family}:${index} ${problem}`);
  }
  return failures;
}

async function zipRun(rng: Rng, index: number): Promise<void> {
  const { bytes, chunk, flood } = zipCase(rng, ZIP_LIMITS.maxEntries, index);
  const names = await listZipNames(new Blob([bytes]));
  assertSafe(names === null || names.every((n) => typeof n === 'string'), 'listing returned a non-name');
  async function* chunks() {
    for (let at = 0; at < bytes.length; at += chunk) yield bytes.subarray(at, at + chunk);
  }
  let total = 0;
  let count = 0;
  let last: { ok: boolean; path: string; reason?: string } | null = null;
  for await (const entry of readZip(chunks(), ZIP_LIMITS)) {
    assertSafe(last?.path !== ARCHIVE_PATH, 'a result followed the archive error');
    count++;
    last = entry;
    if (!entry.ok) {
      assertSafe(typeof entry.reason === 'string' && entry.reason.length > 0, 'a refusal without a reason');
      continue;
    }
    const verdict = checkZipPath(entry.path);
    assertSafe(verdict.kind === 'ok' && verdict.path === entry.path, `unsafe path accepted: ${entry.path}`);
    assertSafe(
      !entry.path.split('/').includes('..') && !entry.path.startsWith('/'),
      `traversal: ${entry.path}`,
    );
    assertSafe(entry.bytes.length <= ZIP_LIMITS.maxEntryBytes, `entry over the limit: ${entry.bytes.length}`);
    total += entry.bytes.length;
  }
  assertSafe(total <= ZIP_LIMITS.maxTotalBytes, `archive over the total limit: ${total}`);
  assertSafe(count <= 2 * ZIP_LIMITS.maxEntries + 2, `${count} results from an archive of at most the limit`);
  if (flood) {
    assertSafe(/more than 200 entries, the limit/.test(last?.reason ?? ''), `flood ended: ${last?.reason}`);
  }
}

function imageRun(rng: Rng): void {
  const { bytes, declaredPixels } = imageCase(rng);
  const sniffed = sniffImage(bytes);
  if (!('width' in sniffed)) {
    assertSafe(sniffed.reason.length > 0, 'a refusal without a reason');
    return;
  }
  assertSafe(sniffed.width > 0 && sniffed.height > 0, `size ${sniffed.width}x${sniffed.height} accepted`);
  const verdict = checkImageLimits(sniffed, IMAGE_LIMITS, bytes.length);
  if (verdict === null) {
    assertSafe(sniffed.width * sniffed.height <= IMAGE_LIMITS.maxPixels, 'over the pixel limit accepted');
    assertSafe(
      declaredPixels === null || declaredPixels <= IMAGE_LIMITS.maxPixels,
      `a file declaring ${declaredPixels} pixels passed as ${sniffed.width}x${sniffed.height}`,
    );
  }
}

function labelStudioRun(rng: Rng): void {
  const json = rng.chance(0.25) ? csvCase(rng) : labelStudioCase(rng);
  const parsed = parseLabelStudio(json, rng.chance(0.5) ? 'export.json' : 'export.csv');
  const available = [
    { key: 'k1', fileName: '1.png' },
    { key: 'k2', fileName: '2.jpg' },
  ];
  matchLabelStudio(parsed.items, available, ['good', 'bad']);
}

function yamlRun(rng: Rng): void {
  const out = parseAssertionsYaml(yamlCase(rng));
  if ('errors' in out) {
    for (const e of out.errors)
      assertSafe(e.line >= 1 && e.message.length > 0, `bad error ${JSON.stringify(e)}`);
  } else {
    for (const a of out.assertions) assertSafe(CHECKS.has(a.check), `unknown check accepted: ${a.check}`);
  }
}

describe(`import fuzz (seed ${SEED})`, () => {
  // 1,500 + 2,500 + 600 + 1,000 + 800 = 6,400 cases.
  it('zips: mutated bytes, lying headers, traversal, bombs, floods and odd encodings', async () => {
    expect(await fuzz('zip', 1500, zipRun)).toEqual([]);
  });

  it('images: truncations and lying dimensions in PNG, JPEG, GIF, BMP and WebP', async () => {
    expect(await fuzz('image', 2500, imageRun)).toEqual([]);
  });

  it('CSV', async () => {
    expect(await fuzz('csv', 600, (rng) => void parseCsv(csvCase(rng), 'fuzz.csv'), [CsvParseError])).toEqual(
      [],
    );
  });

  it('Label Studio JSON, JSON-MIN and CSV', async () => {
    expect(await fuzz('label-studio', 1000, labelStudioRun, [LabelStudioParseError, CsvParseError])).toEqual(
      [],
    );
  });

  it('assertion YAML', async () => {
    expect(await fuzz('yaml', 800, yamlRun)).toEqual([]);
  });
});
