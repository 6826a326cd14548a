/**
 * The published registry index: a small JSON file beside bundle zips on any static host, naming each
 * model's aliases and the file, digest and size of each version, so a fleet of stations can follow an
 * alias. DOM-free; the runner writes it and the infer worker reads it.
 */
import { MAX_BUNDLE_ZIP_BYTES } from '../../../models/bundle/limits.ts';

/** The `format` field every index carries. */
export const REGISTRY_INDEX_FORMAT = 'screwops-registry-index';

/** The index layout this code writes and reads. */
export const REGISTRY_INDEX_VERSION = 1;

/** The file name an index is published under, beside its bundles. */
export const REGISTRY_INDEX_FILE = 'index.json';

/** One published version of a model. */
export interface IndexedVersion {
  /** the bundle zip, relative to the index (or an absolute http(s) URL) */
  file: string;
  /** lowercase hex SHA-256 of the zip */
  sha256: string;
  /** bytes of the zip */
  size: number;
  /** the decision threshold on P(bad) the version carries, 0..1 */
  threshold: number;
  /** ISO 8601 time the version was registered */
  createdAt: string;
}

/** One published model: its aliases and versions. */
export interface IndexedModel {
  /** alias → version number */
  aliases: Record<string, number>;
  /** version number (as text) → its bundle */
  versions: Record<string, IndexedVersion>;
}

/** A published registry index. */
export interface RegistryIndex {
  format: typeof REGISTRY_INDEX_FORMAT;
  formatVersion: number;
  /** ISO 8601 */
  publishedAt: string;
  models: Record<string, IndexedModel>;
}

/** An index that cannot be read or does not hold what was asked; the message says which field. */
export class RegistryIndexError extends Error {
  override name = 'RegistryIndexError';
}

const SHA256 = /^[0-9a-f]{64}$/;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one version entry, naming it in every refusal. */
function checkVersion(where: string, value: unknown): IndexedVersion {
  if (!isObject(value)) throw new RegistryIndexError(`${where} is not an object.`);
  const { file, sha256, size, threshold, createdAt } = value;
  if (typeof file !== 'string' || !file.trim())
    throw new RegistryIndexError(`${where} names no bundle file ("file").`);
  if (typeof sha256 !== 'string' || !SHA256.test(sha256))
    throw new RegistryIndexError(`${where} has no SHA-256 of its zip ("sha256", 64 lowercase hex digits).`);
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0 || size > MAX_BUNDLE_ZIP_BYTES)
    throw new RegistryIndexError(
      `${where} has a size of ${String(size)} bytes; it must be a whole number from 1 to ${MAX_BUNDLE_ZIP_BYTES}.`,
    );
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1))
    throw new RegistryIndexError(`${where} has a threshold of ${String(threshold)}; it must lie in 0..1.`);
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt)))
    throw new RegistryIndexError(`${where} has no ISO 8601 "createdAt" time.`);
  return { file, sha256, size, threshold, createdAt };
}

/** Checks one model entry: versions are positive whole numbers, and every alias points at a listed one. */
function checkModel(name: string, value: unknown): IndexedModel {
  const where = `The model "${name}" of the registry index`;
  if (!isObject(value) || !isObject(value['aliases']) || !isObject(value['versions']))
    throw new RegistryIndexError(`${where} needs "aliases" and "versions" objects.`);
  const versions: Record<string, IndexedVersion> = {};
  for (const [key, entry] of Object.entries(value['versions'])) {
    if (!/^[1-9][0-9]*$/.test(key))
      throw new RegistryIndexError(`${where} lists a version "${key}"; versions are numbered 1, 2, 3…`);
    versions[key] = checkVersion(`Version ${name}@${key} of the registry index`, entry);
  }
  const aliases: Record<string, number> = {};
  for (const [alias, version] of Object.entries(value['aliases'])) {
    if (typeof version !== 'number' || !versions[String(version)])
      throw new RegistryIndexError(
        `${where} points its ${alias} at version ${String(version)}, which the index does not list.`,
      );
    aliases[alias] = version;
  }
  return { aliases, versions };
}

/** Reads an index from its JSON text, refusing anything this version cannot follow safely. */
export function parseRegistryIndex(text: string): RegistryIndex {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RegistryIndexError(
      `The registry index is not JSON (${(error as Error).message}). Check that the URL names the index.json the publish command wrote.`,
    );
  }
  if (!isObject(json) || json['format'] !== REGISTRY_INDEX_FORMAT)
    throw new RegistryIndexError(
      `The file is not a ScrewOps registry index: its "format" is not "${REGISTRY_INDEX_FORMAT}".`,
    );
  const version = json['formatVersion'];
  if (typeof version !== 'number' || version < 1 || version > REGISTRY_INDEX_VERSION)
    throw new RegistryIndexError(
      `The registry index has format version ${String(version)}, but this ScrewOps reads version ${REGISTRY_INDEX_VERSION}. Update the app, or publish again with this version.`,
    );
  if (!isObject(json['models'])) throw new RegistryIndexError('The registry index has no "models" object.');
  const models: Record<string, IndexedModel> = {};
  for (const [name, entry] of Object.entries(json['models'])) models[name] = checkModel(name, entry);
  const publishedAt = typeof json['publishedAt'] === 'string' ? json['publishedAt'] : '';
  return { format: REGISTRY_INDEX_FORMAT, formatVersion: version, publishedAt, models };
}

/** What an alias of an index resolves to: the version and where its bundle lies. */
export interface ResolvedAlias {
  model: string;
  alias: string;
  version: number;
  entry: IndexedVersion;
  /** the bundle zip's absolute URL */
  url: string;
}

/** Resolves a model's alias to its version and bundle URL (relative files against the index's URL). */
export function resolveAlias(
  index: RegistryIndex,
  indexUrl: string,
  model: string,
  alias: string,
): ResolvedAlias {
  const entry = index.models[model];
  if (!entry)
    throw new RegistryIndexError(
      `The registry index publishes no model "${model}"; it has ${Object.keys(index.models).join(', ') || 'none'}.`,
    );
  const version = entry.aliases[alias];
  if (version === undefined)
    throw new RegistryIndexError(`The model "${model}" of the registry index has no ${alias}.`);
  const bundle = entry.versions[String(version)]!;
  return { model, alias, version, entry: bundle, url: bundleUrl(indexUrl, bundle.file) };
}

/** A bundle's absolute URL: relative file names resolve against the index's URL; only http(s) is accepted. */
export function bundleUrl(indexUrl: string, file: string): string {
  let url: URL;
  try {
    url = new URL(file, indexUrl);
  } catch {
    throw new RegistryIndexError(`The bundle "${file}" cannot be resolved against ${indexUrl}.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new RegistryIndexError(`The bundle "${file}" is not on an http(s) host.`);
  return url.href;
}

/** One version as the publisher hands it to `buildRegistryIndex`. */
export interface PublishedVersion {
  model: string;
  version: number;
  file: string;
  sha256: string;
  size: number;
  threshold: number;
  /** ms since epoch */
  createdAt: number;
}

/** Builds an index from published versions and each model's aliases (aliases to unpublished versions are left out). */
export function buildRegistryIndex(
  versions: readonly PublishedVersion[],
  aliases: Readonly<Record<string, Readonly<Record<string, number>>>>,
  now = Date.now(),
): RegistryIndex {
  const models: Record<string, IndexedModel> = {};
  for (const v of [...versions].sort((a, b) => a.model.localeCompare(b.model) || a.version - b.version)) {
    const model = (models[v.model] ??= { aliases: {}, versions: {} });
    model.versions[String(v.version)] = {
      file: v.file,
      sha256: v.sha256,
      size: v.size,
      threshold: v.threshold,
      createdAt: new Date(v.createdAt).toISOString(),
    };
  }
  for (const [name, model] of Object.entries(models))
    for (const [alias, version] of Object.entries(aliases[name] ?? {}))
      if (model.versions[String(version)]) model.aliases[alias] = version;
  return {
    format: REGISTRY_INDEX_FORMAT,
    formatVersion: REGISTRY_INDEX_VERSION,
    publishedAt: new Date(now).toISOString(),
    models,
  };
}
