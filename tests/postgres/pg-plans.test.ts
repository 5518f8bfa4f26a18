import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import { openPgRecordLog } from '../../sync-server/storage/pg/pg-record-log.ts';
import { headQuery, pageQuery, type PgQuery } from '../../sync-server/storage/pg/pg-scope.ts';
import type { Scope } from '../../sync-server/storage/types.ts';
import { freshDatabase, type TestDatabase } from './pg-database.ts';

/**
 * How PostgreSQL runs the record log's reads, on a log of 20,000 rows over 2,000
 * records with its statistics taken (as server-storage-plans.test.ts holds SQLite's):
 * after an outage every device pulls at once, and a plan that sorts everything past
 * the cursor or scans the log for a head costs each of them the whole log.
 */

const office: Scope = {
  kind: 'office',
  office: asOfficeId('vikasnagar'),
  person: asPersonId('tehsildar.vikasnagar'),
};
const district: Scope = { kind: 'district' };
const districtPerson: Scope = { kind: 'district', person: asPersonId('dm.dehradun') };

describe('PostgreSQL plans for the record log', () => {
  let db: TestDatabase;
  let client: pg.Client;
  beforeAll(async () => {
    db = await freshDatabase();
    await (await openPgRecordLog(db.url)).close();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO updates (seq, record_id, office, author, device_id, bytes, created_at)
      SELECT n, 'r-' || (n % 2000), (ARRAY['vikasnagar','chakrata','tyuni'])[1 + n % 3],
        'clerk', NULL, '\\x00'::bytea, n FROM generate_series(1, 20000) AS n`);
    await client.query(`INSERT INTO record_access (record_id, person, office)
      SELECT 'r-' || n, 'tehsildar.vikasnagar', 'chakrata' FROM generate_series(1, 2000, 30) AS n`);
    await client.query(`INSERT INTO summaries (record_id, office, number, grade, version, holder_since, row_json)
      SELECT 'r-' || n, 'vikasnagar', 'N-' || n, CASE WHEN n % 100 = 0 THEN 'secret' ELSE 'normal' END,
        1, n, '{}' FROM generate_series(0, 1999) AS n`);
    await client.query('ANALYZE');
  });
  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  const plan = async (q: PgQuery) =>
    (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${q.text}`, [...q.values])).rows
      .map((r) => r['QUERY PLAN'])
      .join('\n');

  it('pages the log by seq from the cursor, never sorting it or scanning it whole', async () => {
    for (const scope of [office, district, districtPerson]) {
      const p = await plan(pageQuery(scope, 19_000, 256, undefined));
      expect(p).toMatch(/Index Scan using updates_pkey on updates/);
      expect(p).toMatch(/Index Cond: \(seq > /);
      expect(p).not.toMatch(/Sort|Seq Scan on updates/);
    }
  });

  it('finds a record head and its rows by the record index', async () => {
    const head = await plan({
      text: 'SELECT COALESCE(MAX(seq), 0) AS head FROM updates WHERE record_id = $1',
      values: [asRecordId('r-7')],
    });
    expect(head).toMatch(/Index Only Scan (Backward )?using updates_record on updates/);
    expect(head).not.toMatch(/Seq Scan on updates/);
  });

  it('reads a head from the top of the log down to the first row in scope', async () => {
    for (const scope of [office, district, districtPerson]) {
      const p = await plan(headQuery(scope));
      expect(p).toMatch(/Index (Only )?Scan Backward using updates_pkey on updates/);
      expect(p).not.toMatch(/Sort|Seq Scan on updates/);
    }
  });
});
