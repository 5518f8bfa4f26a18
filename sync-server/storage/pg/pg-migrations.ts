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
 * Migration 2 brings the rest of the storage (decision 0007): the log of record
 * order (`event_log`, its `pos` from an identity column taken under the commit
 * lock, so in commit order), the Merkle log (`merkle_nodes`), running registers
 * (`dispatch_register`), quarantine, device contacts, the directory, credentials,
 * sessions, devices, author and device keys, access revocations, and whether the
 * generation is demo-seeded. Times are epoch milliseconds in BIGINT.
 */

/** Keys of the advisory locks the storage takes (one 64-bit key space per database). */
export const MIGRATION_LOCK = 1_907_001;
export const COMMIT_LOCK = 1_907_002;
/** Serialises device registrations, which number a device within its office. */
export const DEVICE_LOCK = 1_907_003;
/** Serialises directory installs (pg-accounts.ts installDirectory). */
export const DIRECTORY_LOCK = 1_907_004;

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
  `ALTER TABLE log_state ADD COLUMN demo_seeded BOOLEAN NOT NULL DEFAULT FALSE;
   CREATE TABLE event_log (
     pos BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     record_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     seq BIGINT NOT NULL,
     received_at BIGINT NOT NULL,
     not_before BIGINT NOT NULL,
     leaf BIGINT,
     UNIQUE (record_id, event_id)
   );
   CREATE INDEX event_log_seq ON event_log (seq);
   CREATE TABLE merkle_nodes (
     level INTEGER NOT NULL,
     idx BIGINT NOT NULL,
     hash BYTEA NOT NULL,
     PRIMARY KEY (level, idx)
   );
   CREATE TABLE dispatch_register (
     office TEXT NOT NULL,
     year INTEGER NOT NULL,
     serial INTEGER NOT NULL,
     event_id TEXT NOT NULL UNIQUE,
     record_id TEXT NOT NULL,
     PRIMARY KEY (office, year, serial)
   );
   CREATE TABLE quarantined_records (
     record_id TEXT PRIMARY KEY,
     reason TEXT NOT NULL,
     at BIGINT NOT NULL
   );
   CREATE TABLE device_contact (
     device_id TEXT PRIMARY KEY,
     last_at BIGINT NOT NULL,
     last_push_bytes BIGINT NOT NULL,
     anchor BIGINT NOT NULL
   );
   CREATE TABLE directory (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     json TEXT NOT NULL
   );
   CREATE TABLE credentials (
     person TEXT PRIMARY KEY,
     hash TEXT NOT NULL,
     source TEXT NOT NULL
   );
   CREATE TABLE sessions (
     token_hash TEXT PRIMARY KEY,
     person TEXT NOT NULL,
     device_id TEXT NOT NULL,
     created_at BIGINT NOT NULL,
     expires_at BIGINT NOT NULL,
     revoked_at BIGINT
   );
   CREATE INDEX sessions_person ON sessions (person);
   CREATE TABLE devices (
     device_id TEXT NOT NULL,
     office TEXT NOT NULL,
     device_number INTEGER NOT NULL,
     label TEXT NOT NULL,
     registered_at BIGINT NOT NULL,
     PRIMARY KEY (device_id, office),
     UNIQUE (office, device_number)
   );
   CREATE TABLE author_keys (
     person TEXT NOT NULL,
     device_id TEXT NOT NULL,
     key BYTEA NOT NULL,
     created_at BIGINT NOT NULL,
     PRIMARY KEY (person, device_id)
   );
   CREATE INDEX author_keys_device ON author_keys (device_id);
   CREATE TABLE device_keys (
     key_id TEXT PRIMARY KEY,
     person TEXT NOT NULL,
     device_id TEXT NOT NULL,
     algorithm TEXT NOT NULL,
     public_key BYTEA NOT NULL,
     created_at BIGINT NOT NULL,
     device_info TEXT NOT NULL,
     revoked_at BIGINT
   );
   CREATE INDEX device_keys_person ON device_keys (person, device_id);
   CREATE TABLE access_revocations (
     person TEXT NOT NULL,
     device_id TEXT,
     at BIGINT NOT NULL
   );
   CREATE INDEX access_revocations_person ON access_revocations (person, at);`,
  // 3 (issue 17): each record's search keys beside its row (sqlite migration 15).
  `ALTER TABLE summaries ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE summaries ADD COLUMN search_keys TEXT;`,
  // 4 (decision 0010, amendment 4): at an office relay, the district's position of each
  // entry (sqlite migration 16).
  `ALTER TABLE event_log ADD COLUMN upstream_pos BIGINT;`,
];

/** How many migrations this build applies (tests check each is applied once). */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

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
