import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import { migrate, SCHEMA_VERSION } from '../../sync-server/storage/sqlite-migrations.ts';
import { headQuery, pageQuery, type ScopedQuery } from '../../sync-server/storage/sqlite-scope.ts';
import { openSqliteStorage, SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import type { Scope } from '../../sync-server/storage/types.ts';

/**
 * How SQLite runs the scoped reads. After an outage every device of the district
 * pulls at once; a plan that merges two indexes and sorts everything past the
 * cursor, or scans the log for the head, costs each of them the whole log.
 */

const office: Scope = {
  kind: 'office',
  office: asOfficeId('vikasnagar'),
  person: asPersonId('tehsildar.vikasnagar'),
};
const district: Scope = { kind: 'district' };
/** A district role's scope: everything but the restricted records off their list. */
const districtPerson: Scope = { kind: 'district', person: asPersonId('dm.dehradun') };
/** Restricted records off the person's list: the few restricted rows, each looked up by key. */
const HIDDEN_PLAN =
  /SCAN s USING INDEX summaries_restricted.*SEARCH a USING COVERING INDEX \S+ \(record_id=\? AND person=\?\)/;

function plan(db: BetterSqlite3.Database, q: ScopedQuery, leading: number): string {
  const params = [...Array<null>(leading).fill(null), ...q.params];
  const rows = db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[];
  return rows.map((r) => r.detail).join(' | ');
}

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'patravali-plans-'));
  dirs.push(dir);
  return dir;
}

describe('SQLite plans for scoped reads', () => {
  it('pages the log by seq, never merging indexes or sorting', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    for (const scope of [office, district, districtPerson]) {
      const p = plan(db, pageQuery(scope), 3);
      expect(p).toContain('SEARCH updates USING INTEGER PRIMARY KEY (rowid>?)');
      expect(p).not.toMatch(/MULTI-INDEX OR|TEMP B-TREE|SCAN updates|SCAN summaries/);
      if (scope !== district) expect(p).toMatch(HIDDEN_PLAN);
    }
    // Only the person's grants outside the own office are read.
    expect(plan(db, pageQuery(office), 3)).toMatch(
      /person=\? AND office<\?.*person=\? AND office>\?/,
    );
    db.close();
  });

  it('looks a new record’s number up in its office by index, not by scanning the rows', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const rows = db
      .prepare(
        'EXPLAIN QUERY PLAN SELECT record_id AS id FROM summaries WHERE office = ? AND number = ? LIMIT 1',
      )
      .all('vikasnagar', 'VKN/REV/2026/3-17') as { detail: string }[];
    expect(rows.map((r) => r.detail).join(' | ')).toContain(
      'SEARCH summaries USING INDEX summaries_number (office=? AND number=?)',
    );
    db.close();
  });

  it('finds the head from index maxima, not by scanning the log', () => {
    const db = new BetterSqlite3(':memory:');
    migrate(db);
    const p = plan(db, headQuery(office), 0);
    expect(p).toContain('updates_office (office=?)');
    expect(p).toMatch(/person=\? AND office<\?.*person=\? AND office>\?/);
    expect(p).not.toMatch(/SCAN (updates|record_access)|TEMP B-TREE/);
    expect(p).toMatch(HIDDEN_PLAN);
    // A district role's head walks the log down from its end (LIMIT 1), never sorting it.
    expect(plan(db, headQuery(districtPerson), 0)).not.toMatch(/TEMP B-TREE/);
    db.close();
  });

  it('upgrades a schema-4 database, giving every existing grant its record office', async () => {
    const dir = await tempDir();
    const old = new BetterSqlite3(join(dir, SQLITE_FILE));
    migrate(old, 4);
    const record = asRecordId('00000000-0000-4000-8000-000000000001');
    old
      .prepare(
        `INSERT INTO updates (record_id, office, author, bytes, created_at) VALUES (?, 'chakrata', 'clerk.chakrata', x'00', 1)`,
      )
      .run(record);
    old
      .prepare(`INSERT INTO record_access (record_id, person) VALUES (?, ?)`)
      .run(record, office.person);
    old.close();

    const storage = await openSqliteStorage(dir);
    try {
      const page = await storage.updatesSince(0, office, 1e6);
      expect(page.updates.map((u) => u.recordId)).toEqual([record]);
      expect(await storage.headSeq(office)).toBe(page.updates[0]?.seq);
    } finally {
      await storage.close();
    }
    const upgraded = new BetterSqlite3(join(dir, SQLITE_FILE), { readonly: true });
    expect(upgraded.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(upgraded.prepare('SELECT office FROM record_access').all()).toEqual([
      { office: 'chakrata' },
    ]);
    upgraded.close();
  });
});
