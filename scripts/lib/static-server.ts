import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { SECURITY_HEADERS } from './http-headers.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Rewrites a served file's bytes; tests use it to publish a "new version" of a file. */
export type BodyOverride = (body: Buffer) => Buffer;

/** A running static server for a built `dist/` folder. */
export interface StaticServer {
  /** Base URL, e.g. `http://127.0.0.1:4873`. */
  readonly url: string;
  /** Paths (like `/sw.js`) whose bodies are rewritten before they are sent. */
  readonly overrides: Map<string, BodyOverride>;
  /** Every path requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** How the server answers besides serving files. */
export interface StaticServerOptions {
  /** let pages of any origin read the files (a model host for a fleet of stations does this) */
  cors?: boolean;
}

/** Serves `root` on 127.0.0.1 with the app's security headers; port 0 picks a free port. */
export async function startStaticServer(
  root: string,
  port = 0,
  options: StaticServerOptions = {},
): Promise<StaticServer> {
  const base = resolve(root);
  const overrides = new Map<string, BodyOverride>();
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    void (async () => {
      let file = normalize(join(base, path));
      if (!file.startsWith(base + sep) && file !== base) {
        res.writeHead(403).end();
        return;
      }
      const info = await stat(file).catch(() => null);
      if (!info || info.isDirectory()) file = join(base, 'index.html');
      let body: Buffer | null = await readFile(file).catch(() => null);
      if (!body) {
        res.writeHead(404).end();
        return;
      }
      const override = overrides.get(path);
      if (override) body = override(body);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': 'no-cache',
        ...(options.cors ? { 'Access-Control-Allow-Origin': '*' } : {}),
      });
      res.end(body);
    })();
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    url: `http://127.0.0.1:${actualPort}`,
    overrides,
    requests,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
