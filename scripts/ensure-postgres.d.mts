/** Types for ensure-postgres.mjs, so TypeScript callers (tests/postgres) can import it. */
export declare function ensurePostgres(env?: NodeJS.ProcessEnv): Promise<string>;
