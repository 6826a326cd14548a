/**
 * Downloads for deployment: a bundle zip or a registry index from any static http(s) host, bounded in
 * size while it streams, with an error that tells an offline station from a host that said no.
 */
import { MAX_BUNDLE_ZIP_BYTES } from '../../models/bundle/limits.ts';

/** Why a download failed: no network, a bad address, an HTTP error status, the wrong content, or too large. */
export type FetchProblem = 'offline' | 'url' | 'http' | 'content' | 'size';

/** A download for deployment failed; nothing was stored and the running model keeps serving. */
export class DeployFetchError extends Error {
  override name = 'DeployFetchError';
  readonly problem: FetchProblem;

  constructor(problem: FetchProblem, message: string) {
    super(message);
    this.problem = problem;
  }
}

/** Largest registry index read, bytes: it lists files, not weights. */
export const MAX_INDEX_BYTES = 1024 * 1024;

/** An address to download from: absolute, and http or https. */
export function downloadUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new DeployFetchError(
      'url',
      `"${text}" is not a full address. Give one such as https://models.example.com/screws-v3.screwops.zip.`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new DeployFetchError(
      'url',
      `${url.href} is not on an http(s) host, so the station cannot fetch it.`,
    );
  return url;
}

/** Reads a response body, giving up as soon as it passes `maxBytes`. */
async function readBounded(
  response: Response,
  url: URL,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  const tooLarge = (bytes: number) =>
    new DeployFetchError(
      'size',
      `${url.href} is ${bytes} bytes or more, more than a ${what} may be (${maxBytes} bytes). Check the address.`,
    );
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(declared);
  }
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(total);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Downloads `url` whole, at most `maxBytes`; the HTTP cache is bypassed so a republished file is seen. */
export async function download(
  url: URL,
  maxBytes: number,
  what: string,
): Promise<{ bytes: Uint8Array; contentType: string }> {
  let response: Response;
  try {
    response = await fetch(url, { cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    throw new DeployFetchError(
      'offline',
      `Could not reach ${url.host} for the ${what} (${(error as Error).message}). The station may be offline, or the host does not allow this app to read it (CORS); the running model keeps serving.`,
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new DeployFetchError(
      'http',
      `${url.href} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''} instead of the ${what}. Check the address and that the file is published.`,
    );
  }
  const bytes = await readBounded(response, url, maxBytes, what);
  return { bytes, contentType: response.headers.get('content-type') ?? '' };
}

/** True for bytes that begin like a zip file. */
function looksLikeZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

/** Downloads a bundle zip, refusing anything that is not a zip or is larger than any bundle may be. */
export async function downloadBundle(url: URL): Promise<Uint8Array> {
  const { bytes, contentType } = await download(url, MAX_BUNDLE_ZIP_BYTES, 'model bundle');
  if (!looksLikeZip(bytes)) {
    const kind = contentType ? contentType.split(';')[0] : 'a file';
    throw new DeployFetchError(
      'content',
      `${url.href} sent ${kind}, not a model bundle zip. Give the address of a .screwops.zip file the Registry exported or the publish command wrote.`,
    );
  }
  return bytes;
}

/** Downloads a registry index's text. */
export async function downloadIndex(url: URL): Promise<string> {
  const { bytes } = await download(url, MAX_INDEX_BYTES, 'registry index');
  return new TextDecoder().decode(bytes);
}
