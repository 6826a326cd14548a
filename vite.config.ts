import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { META_CONTENT_SECURITY_POLICY, SECURITY_HEADERS } from './scripts/lib/http-headers.ts';

/** Puts the CSP into the built index.html, for static hosts that cannot set headers. */
function cspMetaTag(): Plugin {
  return {
    name: 'screwops-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * Where the shipped models live in the repository and in the built app: the default model the
 * station runs, and the backbone a project's runs start from.
 */
const SHIPPED_MODEL_DIRS = ['models/default', 'models/backbone'];

/** Emits the shipped models into the build, where the service worker precaches them. */
function shippedModel(): Plugin {
  const files = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  return {
    name: 'screwops-shipped-model',
    generateBundle() {
      for (const dir of SHIPPED_MODEL_DIRS)
        for (const name of files(dir))
          this.emitFile({ type: 'asset', fileName: `${dir}/${name}`, source: readFileSync(join(dir, name)) });
    },
    configureServer(server) {
      for (const dir of SHIPPED_MODEL_DIRS)
        server.middlewares.use(`/${dir}/`, (req, res, next) => {
          const name = (req.url ?? '').replace(/^\//, '').split('?')[0] ?? '';
          if (!files(dir).includes(name)) return next();
          res.end(readFileSync(join(dir, name)));
        });
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    cspMetaTag(),
    shippedModel(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icons/*.png', 'favicon.svg'],
      manifest: {
        name: 'ScrewOps — visual defect inspection',
        short_name: 'ScrewOps',
        description:
          'Scope, label, train, deploy and monitor a screw inspection model on one tablet, offline.',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        background_color: '#f3f5f7',
        theme_color: '#1f2a37',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,wasm,json,bin,webmanifest}'],
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: '/index.html',
        cleanupOutdatedCaches: true,
        clientsClaim: false,
        skipWaiting: false,
      },
    }),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  preview: { headers: { ...SECURITY_HEADERS } },
  server: { headers: { 'Permissions-Policy': SECURITY_HEADERS['Permissions-Policy'] ?? '' } },
});
