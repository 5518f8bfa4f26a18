import { ensureBuilt } from './harness/server.ts';

/**
 * The e2e project's one build of the app (dist/), before its first test file. Two files
 * run at once (vite.config.ts, E2E_WORKERS) and each has modules of its own, so each
 * found a stale dist/ and built it: two builds at the start of a run, each swapped in
 * under the other file's server and under update.e2e's copy of dist/. Each file's
 * ensureBuilt now finds it fresh.
 */
export default async function setup(): Promise<void> {
  await ensureBuilt();
}
