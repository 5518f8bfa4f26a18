import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { LATER_LIST_URL } from '../../../src/pwa/later-assets.ts';
import { laterUrls } from '../../../src/pwa/warm-later.ts';
import { isBuildFresh } from '../../build-fresh.ts';
import type { Report } from '../lib/report.ts';

/**
 * What a tablet downloads, from dist/ and its service worker, each file
 * gzipped (level 6, what servers use); fonts are counted apart.
 *
 * - bundle.shell_gzip_bytes: what a tablet must download before it can show an
 *   interactive inbox: index.html, the web manifest, the icons, the entry
 *   chunk and every chunk and stylesheet it imports statically, found by
 *   following the import graph of Vite's build manifest (dist/.vite/manifest.json).
 * - bundle.lazy_gzip_bytes: every other precached script or stylesheet: pages,
 *   pdf.js and its worker, charts, the tus upload client, workbox-window. They
 *   arrive on first use, from the precache when offline.
 * - bundle.precache_total_gzip_bytes: the whole precache an installing tablet
 *   fetches: shell + lazy + fonts.
 * - bundle.shell_sent_bytes, bundle.precache_total_sent_bytes: the same files
 *   as the server really sends them to a browser that accepts brotli (the
 *   build's `.br` copies, scripts/precompress.ts; a file without one as it is).
 * - bundle.install_sent_bytes, bundle.later_sent_bytes: the service worker's install
 *   and the later files the page stores after it (src/pwa/later-assets.ts).
 * The service worker and the Workbox runtime are reported beside them.
 */

const FONT = /\.(woff2?|ttf|otf)$/;
/** Scripts and stylesheets are shell only if the entry reaches them statically. */
const CODE = /\.(m?js|css)$/;
const MANIFEST = join('.vite', 'manifest.json');

export function precacheUrls(swSource: string): string[] {
  // The manifest may list a file twice (manifest icons and included assets); it is cached once.
  // A minified sw.js writes the key bare (url:"..."), an unminified one quoted ("url": "...").
  const urls = [...swSource.matchAll(/(?:"url"|\burl)\s*:\s*"([^"]+)"/g)].map((m) => m[1] ?? '');
  return [...new Set(urls.filter((u) => u.length > 0))];
}

/** One chunk of Vite's build manifest (the fields the shell walk reads). */
export interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly css?: readonly string[];
}

export type BuildManifest = Readonly<Record<string, ManifestChunk>>;

/**
 * Files the browser loads before the entry runs: each entry's chunk, its
 * stylesheets, and the same for every chunk reached through static `imports`.
 * Dynamic imports are not followed: they are fetched when a page needs them.
 */
export function shellCodeFiles(manifest: BuildManifest): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || seen.has(key)) return;
    seen.add(key);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const next of chunk.imports ?? []) visit(next);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return files;
}

export type FileKind = 'shell' | 'lazy' | 'font';

/** Shell, lazy or font for one precached URL, given the entry's static closure. */
export function classifyUrl(url: string, shellCode: ReadonlySet<string>): FileKind {
  if (FONT.test(url)) return 'font';
  if (!CODE.test(url)) return 'shell'; // index.html, the web manifest, icons
  return shellCode.has(url) ? 'shell' : 'lazy';
}

const gz = (path: string): number => gzipSync(readFileSync(path), { level: 6 }).length;
/** What the server sends a browser accepting brotli: the build's `.br` copy, or the file itself. */
const sent = (path: string): number =>
  existsSync(`${path}.br`) ? statSync(`${path}.br`).size : statSync(path).size;

/** dist/ is usable when sw.js, the build manifest and every precached file exist (not mid-rebuild). */
function complete(dist: string): boolean {
  const sw = join(dist, 'sw.js');
  if (!existsSync(sw) || !existsSync(join(dist, MANIFEST))) return false;
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
 * dist/ if complete and built from the code as it stands (a dist/ older than a
 * source file measured an earlier app: 2026-12-07, docs/BENCHMARKS.md);
 * otherwise the app built into a temp dir of our own (removed by dispose), so a
 * build running elsewhere in the repo cannot disturb the measurement. One
 * retry: a concurrent build can make the first one fail.
 */
export function builtApp(root: string, report: Report): BuiltApp {
  const dist = join(root, 'dist');
  if (complete(dist) && isBuildFresh(root)) return { dir: dist, dispose: () => undefined };
  const temp = mkdtempSync(join(tmpdir(), 'patravali-dist-'));
  const dispose = (): void => rmSync(temp, { recursive: true, force: true });
  report.note(`dist/ missing or incomplete: running \`npx vite build --outDir ${temp}\` ...`);
  if (build(root, temp) || build(root, temp)) return { dir: temp, dispose };
  dispose();
  throw new Error('vite build failed twice');
}

/** The later files of the build (src/pwa/later-assets.ts): stored after the install. */
function laterFiles(dist: string): string[] {
  const list = join(dist, LATER_LIST_URL);
  if (!existsSync(list)) return [];
  return laterUrls(JSON.parse(readFileSync(list, 'utf8'))).map((u) => u.slice(1));
}

type RowKind = FileKind | 'later';

/** Files stored for offline use with their kind and sizes, shell first, then lazy, largest first. */
function precacheRows(
  dist: string,
): { url: string; kind: RowKind; bytes: number; gzip: number; brotli: number }[] {
  const manifest = JSON.parse(readFileSync(join(dist, MANIFEST), 'utf8')) as BuildManifest;
  const shellCode = shellCodeFiles(manifest);
  const order: Record<RowKind, number> = { shell: 0, lazy: 1, later: 2, font: 3 };
  const later = new Set(laterFiles(dist));
  return [...precacheUrls(readFileSync(join(dist, 'sw.js'), 'utf8')), ...later]
    .filter((url) => existsSync(join(dist, url)))
    .map((url) => {
      const path = join(dist, url);
      const kind: RowKind = later.has(url) ? 'later' : classifyUrl(url, shellCode);
      return {
        url,
        kind,
        bytes: readFileSync(path).length,
        gzip: gz(path),
        brotli: sent(path),
      };
    })
    .sort((a, b) => order[a.kind] - order[b.kind] || b.gzip - a.gzip);
}

export function benchBundle(dist: string, report: Report): void {
  const files = precacheRows(dist);
  const sum = (kind: RowKind): number =>
    files.filter((f) => f.kind === kind).reduce((n, f) => n + f.gzip, 0);
  // `lazy` counts the later files too, as it did while they were in the install.
  const [shell, lazy, later, fonts] = [
    sum('shell'),
    sum('lazy') + sum('later'),
    sum('later'),
    sum('font'),
  ];
  const sentOf = (kind: RowKind): number =>
    files.filter((f) => f.kind === kind).reduce((n, f) => n + f.brotli, 0);
  const [shellSent, lazySent, laterSent, fontsSent] = [
    sentOf('shell'),
    sentOf('lazy'),
    sentOf('later'),
    sentOf('font'),
  ];
  const runtime = ['sw.js', ...readdirSync(dist).filter((f) => /^workbox-.*\.js$/.test(f))];
  const swBytes = runtime.reduce((n, f) => n + gz(join(dist, f)), 0);
  const rows: (string | number)[][] = files
    .filter((f) => f.kind !== 'font')
    .map((f) => [f.url, f.kind, f.bytes, f.gzip, f.brotli]);
  rows.push(['(shell: before the inbox is interactive)', 'shell', NaN, shell, shellSent]);
  rows.push(['(lazy: precached, fetched on first use)', 'lazy', NaN, lazy - later, lazySent]);
  rows.push([
    '(later: stored after the install, fetched on first use)',
    'later',
    NaN,
    later,
    laterSent,
  ]);
  rows.push(['(all precached fonts, excluded)', 'font', NaN, fonts, fontsSent]);
  rows.push(['(sw.js + Workbox runtime, not in the manifest)', '–', NaN, swBytes, NaN]);
  report.table(
    "App shell and lazy chunks (dist/: precache of sw.js, import graph of .vite/manifest.json; sent: the build's brotli copy, what the server sends)",
    ['file', 'kind', 'bytes', 'gzip bytes', 'sent bytes (brotli)'],
    rows,
  );
  report.add('bundle.shell_gzip_bytes', shell, 'bytes');
  report.add('bundle.lazy_gzip_bytes', lazy, 'bytes');
  report.add('bundle.precache_total_gzip_bytes', shell + lazy + fonts, 'bytes');
  report.add('bundle.fonts_gzip_bytes', fonts, 'bytes');
  // What a tablet really downloads: the server sends the build's brotli copies.
  report.add('bundle.shell_sent_bytes', shellSent, 'bytes');
  report.add(
    'bundle.precache_total_sent_bytes',
    shellSent + lazySent + laterSent + fontsSent,
    'bytes',
  );
  // What the service worker's install downloads (Chromium ends an install past five minutes).
  report.add('bundle.install_sent_bytes', shellSent + lazySent + fontsSent, 'bytes');
  report.add('bundle.later_sent_bytes', laterSent, 'bytes');
  report.add('bundle.sw_runtime_gzip_bytes', swBytes, 'bytes');
}
