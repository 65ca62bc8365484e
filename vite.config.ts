import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };
/** Shown in the UI; PERTURBER_BUILD_ID (optional) tells builds of the same package version apart. */
const appVersion = process.env.PERTURBER_BUILD_ID ? `${pkg.version}+${process.env.PERTURBER_BUILD_ID}` : pkg.version;

export default defineConfig({
  define: { __APP_VERSION__: JSON.stringify(appVersion) },
  plugins: [
    sveltekit(),
    SvelteKitPWA({
      injectRegister: false,
      // A new version installs, then waits until the user agrees (src/lib/updates): no reload by itself.
      registerType: 'prompt',
      manifest: {
        name: 'Perturber',
        short_name: 'Perturber',
        description: 'Perturb a 3D scene and watch CNN predictions and neurons react live.',
        theme_color: '#14161c',
        background_color: '#14161c',
        display: 'standalone',
        start_url: '/',
        scope: '/',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
          { src: '/icons/icon.svg', sizes: 'any', type: 'image/svg+xml' }
        ]
      },
      workbox: {
        // The app shell, the TF.js worker chunks with their .wasm files, the models shipped in
        // static/models (model.json, weight shards without an extension, labels), the sample photos and
        // the preprocessing check's reference renders (static/reference).
        globPatterns: [
          'client/**/*.{js,css,html,svg,png,ico,webmanifest,wasm,json,bin}',
          'client/models/**/*',
          'client/samples/*.jpg',
          'client/reference/**/*',
          'prerendered/**/*.html'
        ],
        maximumFileSizeToCacheInBytes: 64 * 1024 * 1024,
        navigateFallback: '/',
        cleanupOutdatedCaches: true,
        // The first install controls the page at once (offline from the first visit); an update waits
        // (no skipWaiting) until the page posts SKIP_WAITING.
        clientsClaim: true,
        skipWaiting: false
      },
      devOptions: { enabled: false }
    })
  ],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 4096 },
  server: { port: 5173 },
  preview: { port: 4173 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts', 'tests/node/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000
        }
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 240_000,
          hookTimeout: 240_000
        }
      },
      {
        extends: true,
        test: {
          // The WebKit and Firefox smoke lanes (tests/browsers); run under xvfb-run by `npm run test:browsers`.
          name: 'browsers',
          environment: 'node',
          include: ['tests/browsers/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 120_000
        }
      }
    ]
  }
});
