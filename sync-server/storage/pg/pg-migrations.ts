import type pg from 'pg';

/**
 * The PostgreSQL schema of the record log, one migration per entry, applied in
 * order under a transaction-scoped advisory lock so several server instances
 * starting at once apply each migration once. Tables (decision 0007):
 * - `log_state`      one row: `last_seq`, the last seq handed out (taken under the
 *                    commit lock, so seqs are visible in order), and the data
 *                    `generation`;
 * - `updates`        the update log: `seq` (the cursor), the record, its office,
 *                    author, pushing device, the Yjs update as `bytea`;
 * - `record_access`  who a record has reached;
 * - `summaries`      each record's projection row (whole, as JSON) with the
 *                    columns queries use: office, number, grade, version,
 *                    holder_since.
 */

/** Keys of the advisory locks the storage takes (one 64-bit key space per database). */
export const MIGRATION_LOCK = 1_907_001;
export const COMMIT_LOCK = 1_907_002;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE log_state (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     last_seq BIGINT NOT NULL,
     generation INTEGER NOT NULL
   );
   INSERT INTO log_state (id, last_seq, generation) VALUES (1, 0, 1);
   CREATE TABLE updates (
     seq BIGINT PRIMARY KEY,
     record_id TEXT NOT NULL,
     office TEXT NOT NULL,
     author TEXT NOT NULL,
     device_id TEXT,
     bytes BYTEA NOT NULL,
     created_at BIGINT NOT NULL
   );
   CREATE INDEX updates_record ON updates (record_id, seq);
   CREATE INDEX updates_office ON updates (office, seq);
   CREATE TABLE record_access (
     record_id TEXT NOT NULL,
     person TEXT NOT NULL,
     office TEXT NOT NULL,
     PRIMARY KEY (record_id, person)
   );
   CREATE INDEX record_access_person_office ON record_access (person, office, record_id);
   CREATE TABLE summaries (
     record_id TEXT PRIMARY KEY,
     office TEXT NOT NULL,
     number TEXT NOT NULL,
     grade TEXT NOT NULL,
     version INTEGER NOT NULL,
     holder_since BIGINT NOT NULL,
     row_json TEXT NOT NULL
   );
   CREATE INDEX summaries_number ON summaries (office, number);
   CREATE INDEX summaries_restricted ON summaries (record_id) WHERE grade <> 'normal';`,
];

export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM schema_version',
    );
    const current = rows[0]?.v ?? 0;
    for (let v = current; v < MIGRATIONS.length; v++) {
      await client.query(MIGRATIONS[v] ?? '');
      await client.query('INSERT INTO schema_version (version) VALUES ($1)', [v + 1]);
    }
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  } finally {
    client.release();
  }
}
