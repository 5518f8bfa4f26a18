import type { TestProject } from 'vitest/node';
import { ensurePostgres } from '../../scripts/ensure-postgres.mjs';
import { startPgCluster } from './pg-cluster.ts';

/**
 * The `postgres` project's one cluster for the whole run (pg-cluster.ts): started
 * before its first test file, stopped by its pid after the last, whether the tests
 * passed or not. Each test takes a database of its own (pg-database.ts).
 */

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres://… of the throw-away cluster's maintenance database. */
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await startPgCluster(await ensurePostgres());
  project.provide('pgAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
