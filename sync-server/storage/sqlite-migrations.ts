import type { Database } from 'better-sqlite3';
import { backfillEventLog } from './sqlite-log-backfill.ts';
import { appendMissingLeaves } from './sqlite-merkle.ts';

/**
 * Numbered schema migrations for the SQLite store, tracked in PRAGMA user_version.
 * Migrations are append-only: never edit a shipped one, add the next number.
 */
const MIGRATIONS: readonly string[] = [
  // 1: directory, accounts, devices, update log, access, projection.
  `
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
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX sessions_person ON sessions (person);
  CREATE TABLE devices (
    device_id TEXT NOT NULL,
    office TEXT NOT NULL,
    device_number INTEGER NOT NULL,
    label TEXT NOT NULL,
    registered_at INTEGER NOT NULL,
    PRIMARY KEY (device_id, office),
    UNIQUE (office, device_number)
  );
  CREATE TABLE updates (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    office TEXT NOT NULL,
    author TEXT NOT NULL,
    bytes BLOB NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE INDEX updates_record ON updates (record_id, seq);
  CREATE INDEX updates_office ON updates (office, seq);
  CREATE TABLE record_access (
    record_id TEXT NOT NULL,
    person TEXT NOT NULL,
    PRIMARY KEY (record_id, person)
  );
  CREATE INDEX record_access_person ON record_access (person, record_id);
  CREATE TABLE summaries (
    record_id TEXT PRIMARY KEY,
    office TEXT NOT NULL,
    kind TEXT NOT NULL,
    number TEXT NOT NULL,
    subject TEXT NOT NULL,
    category TEXT NOT NULL,
    holder TEXT NOT NULL,
    holder_since INTEGER NOT NULL,
    status TEXT NOT NULL,
    priority TEXT NOT NULL,
    due_date TEXT,
    last_activity INTEGER NOT NULL
  );
  CREATE INDEX summaries_office ON summaries (office, holder);
  `,
  // 2: data generation (bumped by a demo reset) and whether the demo records are seeded in it.
  `
  CREATE TABLE data_state (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL,
    demo_seeded INTEGER NOT NULL
  );
  INSERT INTO data_state (id, generation, demo_seeded) VALUES (1, 1, 0);
  `,
  // 3: author keys per (person, device), for attested changes on shared tablets.
  `
  CREATE TABLE author_keys (
    person TEXT NOT NULL,
    device_id TEXT NOT NULL,
    key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (person, device_id)
  );
  CREATE INDEX author_keys_device ON author_keys (device_id);
  `,
  // 4: the pushing device of each update-log row, so it is not echoed back to it.
  // NULL for existing rows, seeded demo rows and compacted snapshots (a merged row
  // may hold others' changes, so it is never skipped).
  `
  ALTER TABLE updates ADD COLUMN device_id TEXT;
  `,
  // 5: the record's office beside each access grant, so a person's grants to records of
  // other offices are found by index (headSeq and paging read only those), and the
  // log can be paged by seq instead of by an OR of two indexes sorted per page.
  `
  ALTER TABLE record_access ADD COLUMN office TEXT NOT NULL DEFAULT '';
  UPDATE record_access SET office = COALESCE(
    (SELECT u.office FROM updates u WHERE u.record_id = record_access.record_id LIMIT 1), '');
  CREATE INDEX record_access_person_office ON record_access (person, office, record_id);
  `,
  // 6 (issue 14): device signing keys, registered at sign-in; revoked_at set by an administrator.
  `
  CREATE TABLE device_keys (
    key_id TEXT PRIMARY KEY,
    person TEXT NOT NULL,
    device_id TEXT NOT NULL,
    algorithm TEXT NOT NULL,
    public_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    device_info TEXT NOT NULL,
    revoked_at INTEGER
  );
  CREATE INDEX device_keys_person ON device_keys (person, device_id);
  `,
  // 7: the server's log of record order and receipt times (sqlite-log.ts), and each
  // device's latest contact; existing records are backfilled (DATA_STEPS).
  `
  CREATE TABLE event_log (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    record_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    not_before INTEGER NOT NULL,
    legacy INTEGER NOT NULL,
    UNIQUE (record_id, event_id)
  );
  CREATE INDEX event_log_seq ON event_log (seq);
  CREATE TABLE device_contact (
    device_id TEXT PRIMARY KEY,
    last_at INTEGER NOT NULL,
    last_push_bytes INTEGER NOT NULL,
    anchor INTEGER NOT NULL
  );
  `,
  // 8: the whole projection row (src/domain/projection.ts, JSON) beside the typed columns,
  // with the PROJECTION_VERSION that made it; rows of an older version, like those
  // from before (0), are rebuilt from the update log when the server starts.
  `
  ALTER TABLE summaries ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE summaries ADD COLUMN row_json TEXT NOT NULL DEFAULT '';
  `,
  // 9 (issue 14): the append-only Merkle log of accepted entries (sqlite-merkle.ts): each
  // complete subtree's hash, level 0 the leaves, and each entry's leaf index; entries
  // already logged become leaves in position order (DATA_STEPS).
  `
  CREATE TABLE merkle_nodes (
    level INTEGER NOT NULL,
    idx INTEGER NOT NULL,
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  ALTER TABLE event_log ADD COLUMN leaf INTEGER;
  CREATE INDEX event_log_unlogged ON event_log (pos) WHERE leaf IS NULL;
  `,
  // 10 (issue 15): a new record's number is looked up in its office (numberTaken).
  `
  CREATE INDEX summaries_number ON summaries (office, number);
  `,
  // 11 (issue 15): records whose stored rows are damaged beyond rebuilding (admin-records.ts).
  `
  CREATE TABLE quarantined_records (
    record_id TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at INTEGER NOT NULL
  );
  `,
  // 12 (issue 14): the administrator's revocations of a person's access (on one device, or
  // device_id NULL on all), so a tablet whose session they ended hears why at its next sync.
  `
  CREATE TABLE access_revocations (
    person TEXT NOT NULL,
    device_id TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX access_revocations_person ON access_revocations (person, at);
  `,
  // 13 (issue 17): each record's security grade beside its projection row (written with it;
  // rows of PROJECTION_VERSION < 7 are rebuilt at start), and the few restricted ones by
  // index, so paging can leave out those the puller is not on the access list of.
  `
  ALTER TABLE summaries ADD COLUMN grade TEXT NOT NULL DEFAULT 'normal';
  CREATE INDEX summaries_restricted ON summaries (record_id) WHERE grade <> 'normal';
  `,
  // 14 (issue 16): offices' running dispatch registers, one row per numbered dispatch
  // (sqlite-register.ts); a serial per office and year, each dispatch event numbered once.
  `
  CREATE TABLE dispatch_register (
    office TEXT NOT NULL,
    year INTEGER NOT NULL,
    serial INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE,
    record_id TEXT NOT NULL,
    PRIMARY KEY (office, year, serial)
  );
  `,
  // 15 (issue 17): each record's search keys beside its projection row, as the tablet
  // indexes them (@domain/search-words.ts), for the server's search over notings and
  // letter numbers; rows without keys of this SEARCH_VERSION are rebuilt at start.
  `
  ALTER TABLE summaries ADD COLUMN search_version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE summaries ADD COLUMN search_keys TEXT;
  `,
  // 16 (decision 0010, amendment 4): at an office relay, where the district logged each
  // entry, so the relay folds and serves a record in the district's order.
  `
  ALTER TABLE event_log ADD COLUMN upstream_pos INTEGER;
  `,
];

/** Data steps run right after the schema step of the same number, in its transaction. */
const DATA_STEPS: Readonly<Record<number, (db: Database) => void>> = {
  7: backfillEventLog,
  9: (db) => void appendMissingLeaves(db),
};

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to `target` (SCHEMA_VERSION; tests build older schemas to
 * upgrade them); refuses a database from a newer build.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true });
  if (typeof current !== 'number') throw new Error('cannot read user_version');
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `database schema ${current} is newer than this server (${SCHEMA_VERSION}); upgrade the server`,
    );
  }
  for (let v = current; v < target; v++) {
    const sql = MIGRATIONS[v];
    if (sql === undefined) throw new Error(`missing migration ${v + 1}`);
    db.transaction(() => {
      db.exec(sql);
      DATA_STEPS[v + 1]?.(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
