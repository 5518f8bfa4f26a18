// Servers and command-line tools that tests start as processes of their own run from one
// esbuild bundle made for the test run (bundle-setup.ts), not through tsx: tsx compiles
// every module at each start, and a run starts some 150 of them. On one core a district
// server was listening after 1.5 s of CPU from the bundle against 2.9 s through tsx, an
// admin command took 0.3 s against 1.2 s, and a judging worker (judge-pool.ts) 0.3 s
// against 1.0 s. Without the bundle (a test file run outside vitest) they run through tsx.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What can be started, by name: the bundle holds `<name>.mjs` for each. */
export const BUNDLED = {
  main: 'sync-server/main.ts',
  'relay-main': 'sync-server/relay/main.ts',
  admin: 'sync-server/admin.ts',
  'reset-cli': 'sync-server/demo/reset-cli.ts',
  verify: 'scripts/verify.ts',
  'server-process': 'tests/bench/lib/server-process.ts',
  // Beside main.mjs and relay-main.mjs under the name judge-pool.ts looks for.
  'judge-worker': 'sync-server/sync/judge-worker.ts',
} as const;

export type Bundled = keyof typeof BUNDLED;

/** The folder of this run's bundle, set by bundle-setup.ts (workers inherit it). */
export const BUNDLE_ENV = 'PATRAVALI_TEST_BUNDLE';

function bundleDir(): string | undefined {
  const dir = process.env[BUNDLE_ENV];
  return dir === undefined || dir === '' ? undefined : dir;
}

/** Node's arguments that run `name` with `args`: `node <these>`. */
export function nodeArgs(name: Bundled, args: readonly string[] = []): string[] {
  const dir = bundleDir();
  return dir === undefined
    ? ['--import', 'tsx', join(ROOT, BUNDLED[name]), ...args]
    : [join(dir, `${name}.mjs`), ...args];
}

/** For child_process.fork: the module and Node's own options. */
export function forkModule(name: Bundled): { module: string; execArgv: string[] } {
  const dir = bundleDir();
  return dir === undefined
    ? { module: join(ROOT, BUNDLED[name]), execArgv: ['--import', 'tsx'] }
    : { module: join(dir, `${name}.mjs`), execArgv: [] };
}

/**
 * The judging task for a server built in the test's own process (buildServer's
 * `judging`): the bundled one, which its worker loads without tsx; none without a bundle.
 */
export function bundledJudging(): { worker: { module: URL } } | Record<string, never> {
  const dir = bundleDir();
  if (dir === undefined) return {};
  return { worker: { module: new URL(`file://${join(dir, 'judge-worker.mjs')}`) } };
}
