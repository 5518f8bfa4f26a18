// Vitest global setup: bundles the servers and tools tests start as processes
// (server-bundle.ts) once for the run, into a folder under node_modules (so the bundle's
// imports of packages resolve as the sources' do), removed after the run. Every project
// that starts processes names it; the first builds, the rest find it built.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_ENV, BUNDLED } from './server-bundle.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[BUNDLE_ENV] !== undefined) return undefined;
  const cache = join(ROOT, 'node_modules', '.cache');
  await mkdir(cache, { recursive: true });
  const dir = await mkdtemp(join(cache, 'patravali-test-bundle-'));
  await build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(
      Object.entries(BUNDLED).map(([name, source]) => [name, join(ROOT, source)]),
    ),
    outdir: dir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Packages load from node_modules as they do for the sources (better-sqlite3 is native).
    packages: 'external',
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'warning',
  });
  process.env[BUNDLE_ENV] = dir;
  return async () => {
    delete process.env[BUNDLE_ENV];
    await rm(dir, { recursive: true, force: true });
  };
}
