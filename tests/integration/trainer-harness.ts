import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { API } from '@protocol/api.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { bearer } from './server-harness.ts';

/** Helpers for the trainer-mode tests: read the store's record data, call the reset route. */

export const DEMO_ENV = { PATRAVALI_DEMO_CONTENT: '1' } as const;

export interface RecordDump {
  readonly generation: number;
  /** Update rows without their seq (seqs keep rising across resets by design). */
  readonly updates: readonly string[];
  readonly seqs: readonly number[];
  readonly summaries: readonly string[];
  readonly access: readonly string[];
}

/** Everything the store holds about records, read straight from the SQLite file. */
export function dumpRecords(dataDir: string): RecordDump {
  const db = new BetterSqlite3(join(dataDir, SQLITE_FILE), { readonly: true });
  try {
    const rows = <T>(sql: string): T[] => db.prepare(sql).all() as T[];
    const updates = rows<{ seq: number; line: string }>(
      "SELECT seq, record_id || ' ' || office || ' ' || author || ' ' || hex(bytes) || ' ' || created_at AS line FROM updates ORDER BY record_id, seq",
    );
    const summaries = rows<Record<string, unknown>>('SELECT * FROM summaries ORDER BY record_id');
    const access = rows<{ line: string }>(
      "SELECT record_id || ' ' || person AS line FROM record_access ORDER BY record_id, person",
    );
    const state = db.prepare('SELECT generation FROM data_state').get() as { generation: number };
    return {
      generation: state.generation,
      updates: updates.map((r) => r.line),
      seqs: updates.map((r) => r.seq),
      summaries: summaries.map((r) => JSON.stringify(r)),
      access: access.map((r) => r.line),
    };
  } finally {
    db.close();
  }
}

export async function postReset(
  url: string,
  token: string | null,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url + API.demoReset, {
    method: 'POST',
    headers: token === null ? {} : bearer(token),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
