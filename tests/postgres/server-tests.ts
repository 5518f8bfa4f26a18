/**
 * Integration tests that the `postgres` project runs on PostgreSQL too (issue 19), each
 * test server on a fresh PostgreSQL database (engine-setup.ts). They share the project's
 * worker modules, so none may replace a module with vi.mock (unit module-mocks checks it).
 */
export const SERVER_TESTS_ON_POSTGRES = [
  'server-sync',
  'two-instances',
  'sync-converge',
  'server-push',
  'record-proofs',
  'running-register',
  'device-keys',
  'author-keys',
  'server-durability',
  'session-sync',
  'sync-quarantine',
  'revoked-access',
  'server-admin',
  'closure-sync',
  'join-whole-records',
].map((name) => `tests/integration/${name}.test.ts`);
