import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { laterAssetsList } from './scripts/later-assets-plugin.ts';
import { precompress } from './scripts/precompress.ts';
import { LATER_ASSET, LATER_CACHE } from './src/pwa/later-assets.ts';
import { INTEGRATION_MODULE_MOCKS, UNIT_MODULE_MOCKS } from './tests/module-mocks.ts';
import { SERVER_TESTS_ON_POSTGRES } from './tests/postgres/server-tests.ts';

// Path aliases live in tsconfig.json only; Vite and Vitest read them from there.

/**
 * Test files run at once in the node and jsdom projects. Vitest's default is one
 * fewer than the cores: on the 2-core CI machine one file at a time, with the second
 * core idle while a file waits on its servers, child processes and sockets. Two
 * files at once took 109 s where one took 158 s for six integration files, on a
 * machine already at load 12; every test waits for conditions, not for times.
 * The e2e project runs one file at a time (E2E_WORKERS).
 */
const NODE_WORKERS = Math.max(2, availableParallelism() - 1);

/**
 * Browser test files run two at a time (about 8 minutes less than one at a time on 2
 * cores). On 2026-12-06 three of four runs with two at once each lost one test to the
 * saturated machine: the update test's loss was real (an autosave
 * under way when Update was tapped was cut off by the database closing; the update store
 * now waits for it), and a tap on Close volume that gave no click, most likely because
 * the page was still moving under it (the test taps again while the question is not
 * open, 89fd6f4).
 */
const E2E_WORKERS = 2;

export default defineConfig({
  resolve: { tsconfigPaths: true },
  plugins: [
    react(),
    VitePWA({
      // A new version waits until the person agrees (src/pwa registers and prompts).
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        id: '/',
        name: 'पत्रावली · Patravali e-Office',
        short_name: 'पत्रावली',
        description: 'ऑफ़लाइन ई-ऑफ़िस — तहसील और जिला कार्यालयों के लिए · Offline-first e-Office',
        lang: 'hi',
        dir: 'ltr',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#7a3e00',
        background_color: '#fff7e8',
        icons: [
          { src: '/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icon-512.png', sizes: '512x512', type: 'image/png' },
          {
            src: '/icon-maskable-512.png',
            sizes: '512x512',
            type: 'image/png',
            purpose: 'maskable',
          },
          { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
        ],
      },
      workbox: {
        // The shell, the pages, the Devanagari font (woff2 only: every supported browser reads
        // it) and icons, in the install. The largest optional files (pdf.js, pdfkit and the two
        // .woff fonts an export embeds, the charts) are stored after it, by the page
        // (src/pwa/later-assets.ts): Chromium ends an install that runs past five minutes.
        // The build's own list of later files too: a tab reads its own build's list, never a
        // newer deploy's (whose files it would store in place of its own).
        globPatterns: ['**/*.{js,css,html,svg,png,woff2,webmanifest}', 'later-assets.json'],
        manifestTransforms: [
          (entries) => ({
            manifest: entries.filter((entry) => !LATER_ASSET.test(`/${entry.url}`)),
            warnings: [],
          }),
        ],
        runtimeCaching: [
          {
            // Same-origin: Workbox matches the pattern anywhere in the URL.
            urlPattern: new RegExp(LATER_ASSET.source.replace(/^\^/, '')),
            handler: 'CacheFirst',
            options: { cacheName: LATER_CACHE },
          },
        ],
        navigateFallback: '/index.html',
        navigateFallbackDenylist: [/^\/api\//, /^\/healthz/],
        cleanupOutdatedCaches: true,
      },
    }),
    // This build's list of files stored after the install (src/pwa/later-assets.ts).
    laterAssetsList(),
    // Brotli and gzip copies of the build for the server to send (scripts/precompress.ts).
    precompress(),
  ],
  build: {
    outDir: 'dist',
    sourcemap: false,
    // dist/.vite/manifest.json: the chunk import graph the bundle benchmark follows to tell
    // the shell (entry + static imports) from lazily loaded pages and libraries.
    manifest: true,
  },
  test: {
    // Tests wait for conditions, never for fixed times; on a fully loaded 2-core machine a
    // condition can take seconds to come true, and expect.poll's default of 1 s flaked.
    expect: { poll: { timeout: 20_000 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          maxWorkers: NODE_WORKERS,
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_MODULE_MOCKS],
          // Files share a worker's modules (Yjs, Dexie, the app's domain and storage), as in
          // the ui project: every test opens its own IndexedDB under a fresh name and
          // restores its timers and spies. Each file still gets an empty IndexedDB
          // (fresh-indexeddb.ts), whichever files ran before it.
          isolate: false,
          setupFiles: ['tests/fresh-indexeddb.ts'],
          // Some fold a whole demo district; 5 s was not enough beside a CPU hog.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          // Files that replace a module (vi.mock) for everything they import: each gets its
          // own modules, or a module another file loaded first would keep the real one.
          name: 'unit-mocks',
          maxWorkers: NODE_WORKERS,
          environment: 'node',
          include: UNIT_MODULE_MOCKS,
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'ui',
          maxWorkers: NODE_WORKERS,
          environment: 'jsdom',
          include: ['tests/unit/**/*.test.tsx'],
          setupFiles: ['tests/unit/ui/setup.ts'],
          // Files share a worker's modules (React, the app, jsdom's globals) instead of
          // importing them again per file: half the CPU of this project (167 s of user time
          // instead of 340 s, 311 s instead of 475 s of wall time at load 8). Safe because
          // every test makes its own device (a fresh IndexedDB name, clock and fake server)
          // and restores what it spies on. No ui file replaces a module with vi.mock
          // (unit module-mocks checks it).
          isolate: false,
          // Whole office-day flows with real key derivation: the longest take 11-13 s on a
          // quiet 2-core machine and passed 30 s beside other test runs (load 9-12).
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          maxWorkers: NODE_WORKERS,
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...INTEGRATION_MODULE_MOCKS],
          // Files share a worker's modules (the server, Fastify, Yjs, Dexie): 44% less CPU.
          // Each file still gets an empty IndexedDB (fresh-indexeddb.ts); its servers
          // listen on port 0 over data dirs of their own.
          isolate: false,
          setupFiles: ['tests/fresh-indexeddb.ts', 'tests/integration/restart-file-counters.ts'],
          // Servers and tools started as processes run from one bundle (server-bundle.ts).
          globalSetup: ['tests/bundle-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          // Integration files that replace a module (vi.mock), each on modules of its own.
          name: 'integration-mocks',
          maxWorkers: NODE_WORKERS,
          environment: 'node',
          include: INTEGRATION_MODULE_MOCKS,
          globalSetup: ['tests/bundle-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'postgres',
          maxWorkers: NODE_WORKERS,
          environment: 'node',
          // The PostgreSQL suites, and integration tests of the whole server run again
          // with each server on a fresh PostgreSQL database (engine-setup.ts).
          include: ['tests/postgres/**/*.test.ts', ...SERVER_TESTS_ON_POSTGRES],
          // Shared modules as in the integration project, each file with an empty IndexedDB
          // and databases of its own (engine-setup.ts runs again for every file too).
          isolate: false,
          setupFiles: [
            'tests/fresh-indexeddb.ts',
            'tests/integration/restart-file-counters.ts',
            'tests/postgres/engine-setup.ts',
          ],
          // One throw-away cluster for the run (initdb, postgres on a free port), stopped
          // by its pid afterwards; scripts/ensure-postgres.mjs finds or installs PostgreSQL.
          globalSetup: ['tests/postgres/global-setup.ts', 'tests/bundle-setup.ts'],
          // A thousand records' round trips through PostgreSQL (server-sync) passed 60 s beside
          // other test runs at load 18-20; a test that hangs fails all the same.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.e2e.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          maxWorkers: E2E_WORKERS,
          // dist/ built once for the run, not by the first two files at once.
          globalSetup: ['tests/e2e/global-setup.ts', 'tests/bundle-setup.ts'],
          // A failed test prints what each open tablet showed.
          setupFiles: ['tests/e2e/failure-report.ts'],
        },
      },
    ],
  },
});
