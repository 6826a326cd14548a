/**
 * Response headers the app needs from any host that serves `dist/`.
 * One list, used by `vite preview`, the pipeline runner's server and the end-to-end tests.
 */

/**
 * Content-Security-Policy directives; `'wasm-unsafe-eval'` is there only because the tfjs wasm backend
 * compiles WebAssembly. `connect-src` admits https hosts (and this machine's loopback) because a station
 * downloads models from a URL or a published registry index that a person gives it; nothing else connects.
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/** The policy as one header value. */
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/** The policy for a `<meta>` tag, which cannot carry `frame-ancestors`. */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter(
  (d) => !d.startsWith('frame-ancestors'),
).join('; ');

/** Every header a production host should send with each response. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(self), microphone=(), geolocation=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
};
