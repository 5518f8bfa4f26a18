import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Report } from '../lib/report.ts';

/**
 * bundle.shell_gzip_bytes: what a tablet downloads to install the app, fonts
 * excluded: every entry of the service worker's precache manifest (dist/sw.js)
 * except fonts, each gzipped (level 6, what servers use). The service worker
 * and the Workbox runtime are reported beside it.
 */

const FONT = /\.(woff2?|ttf|otf)$/;

export function precacheUrls(swSource: string): string[] {
  // The manifest may list a file twice (manifest icons and included assets); it is cached once.
  const urls = [...swSource.matchAll(/"url":\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set(urls.filter((u) => u.length > 0))];
}

const gz = (path: string): number => gzipSync(readFileSync(path), { level: 6 }).length;

/** dist/ is usable when sw.js and every file its manifest names exist (not mid-rebuild). */
function complete(dist: string): boolean {
  const sw = join(dist, 'sw.js');
  if (!existsSync(sw)) return false;
  const urls = precacheUrls(readFileSync(sw, 'utf8'));
  return urls.length > 0 && urls.every((u) => existsSync(join(dist, u)));
}

export interface BuiltApp {
  readonly dir: string;
  dispose(): void;
}

/** Builds the app into `outDir`; true when it produced a complete precache. */
function build(root: string, outDir: string): boolean {
  const built = spawnSync('npx', ['vite', 'build', '--outDir', outDir, '--emptyOutDir'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    timeout: 300_000,
  });
  return built.status === 0 && complete(outDir);
}

/**
 * dist/ if complete; otherwise the app built into a temp dir of our own (removed
 * by dispose), so a build running elsewhere in the repo cannot disturb the
 * measurement. One retry: a concurrent build can make the first one fail.
 */
export function builtApp(root: string, report: Report): BuiltApp {
  const dist = join(root, 'dist');
  if (complete(dist)) return { dir: dist, dispose: () => undefined };
  const temp = mkdtempSync(join(tmpdir(), 'patravali-dist-'));
  const dispose = (): void => rmSync(temp, { recursive: true, force: true });
  report.note(`dist/ missing or incomplete: running \`npx vite build --outDir ${temp}\` ...`);
  if (build(root, temp) || build(root, temp)) return { dir: temp, dispose };
  dispose();
  throw new Error('vite build failed twice');
}

export function benchBundle(dist: string, report: Report): void {
  const sw = join(dist, 'sw.js');
  const urls = precacheUrls(readFileSync(sw, 'utf8'));
  const rows: (string | number)[][] = [];
  let shell = 0;
  let fonts = 0;
  for (const url of urls) {
    const path = join(dist, url);
    if (!existsSync(path)) continue;
    const size = gz(path);
    if (FONT.test(url)) fonts += size;
    else {
      shell += size;
      rows.push([url, readFileSync(path).length, size]);
    }
  }
  const runtime = ['sw.js', ...readdirSync(dist).filter((f) => /^workbox-.*\.js$/.test(f))];
  const swBytes = runtime.reduce((n, f) => n + gz(join(dist, f)), 0);
  rows.push(['(all precached fonts, excluded)', NaN, fonts]);
  rows.push(['(sw.js + Workbox runtime, not in the manifest)', NaN, swBytes]);
  report.table(
    'App shell (dist/, precache manifest of sw.js)',
    ['file', 'bytes', 'gzip bytes'],
    rows,
  );
  report.add('bundle.shell_gzip_bytes', shell, 'bytes');
  report.add('bundle.fonts_gzip_bytes', fonts, 'bytes');
  report.add('bundle.sw_runtime_gzip_bytes', swBytes, 'bytes');
}
