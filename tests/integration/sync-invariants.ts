import { expect } from 'vitest';
import * as Y from 'yjs';
import { loadRecordDoc as docOf } from '@doc/record-doc.ts';
import type { Person } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { projectRecord } from '@domain/projection.ts';
import { logOf, type RecordLog } from '@domain/record-log.ts';
import { loadRecordDoc, recordLog, stateOfDoc, stateOfRows } from '@storage/db/record-store.ts';
import { foldSummary } from '../../sync-server/sync/doc-rules.ts';
import { reachOf, recordInScope, scopeOf } from '../../sync-server/sync/scope.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';

/**
 * What must hold after any sync history, whatever was lost, duplicated or
 * reordered on the way:
 * - a device's projection rows are exactly the fold of its own stored updates;
 * - the server's projection rows are exactly the fold of its stored updates;
 * - after a final clean sync, a device holds exactly the server's records in
 *   its person's scope, with the same events, meta, letter and folded state,
 *   and anything it kept from outside that scope adds nothing the server lacks.
 */

/** Everything the comparison looks at in one record. */
function contentOf(doc: Y.Doc, now: number, log: RecordLog) {
  return {
    meta: doc.getMap('meta').toJSON(),
    events: doc.getArray('events').toJSON(),
    letter: doc.getText('letter').toString(),
    state: stateOfDoc(doc, now, log),
  };
}

export async function expectDeviceProjection(db: PatravaliDb, label: string): Promise<void> {
  const updates = await db.updates.toArray();
  const byRecord = new Map<RecordId, typeof updates>();
  for (const u of updates) byRecord.set(u.recordId, [...(byRecord.get(u.recordId) ?? []), u]);
  const expected = new Map<RecordId, unknown>();
  for (const [id, rows] of byRecord) {
    const state = stateOfRows(rows, 0, await recordLog(db, id));
    if (state !== null) expected.set(id, projectRecord(state));
  }
  const rows = await db.records.toArray();
  expect(rows.map((r) => r.id).sort(), `${label}: projection rows`).toEqual(
    [...expected.keys()].sort(),
  );
  for (const row of rows) expect(row, `${label}: row of ${row.id}`).toEqual(expected.get(row.id));
}

/** Every record id the server stores, sorted. */
export async function serverRecordIds(storage: ServerStorage): Promise<RecordId[]> {
  const all = await storage.updatesSince(0, { kind: 'district' }, Number.MAX_SAFE_INTEGER);
  return [...new Set(all.updates.map((u) => u.recordId))].sort();
}

export async function expectServerProjection(storage: ServerStorage, now: number): Promise<void> {
  const ids = await serverRecordIds(storage);
  const rows = await storage.summaries(null);
  const expected = await Promise.all(
    ids.map(
      async (id) =>
        foldSummary(await storage.recordState(id), now, logOf(await storage.recordLog(id))).summary,
    ),
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  expect(rows.map((r) => r.id).sort(), 'server: summary rows').toEqual(ids);
  for (const e of expected) {
    expect(e, 'server: a stored record that does not fold').not.toBeNull();
    if (e !== null) expect(byId.get(e.id), `server: summary of ${e.id}`).toEqual(e);
  }
}

export interface Replica {
  readonly label: string;
  readonly db: PatravaliDb;
  readonly person: Person;
}

export async function expectMatchesServer(
  replica: Replica,
  storage: ServerStorage,
  now: number,
): Promise<void> {
  const { label, db } = replica;
  const scope = scopeOf(replica.person);
  const inScope = new Set<RecordId>();
  for (const id of await serverRecordIds(storage)) {
    const reach = await reachOf(storage, id);
    if (reach !== null && recordInScope(scope, reach)) inScope.add(id);
  }
  const held = ((await db.updates.orderBy('recordId').uniqueKeys()) as RecordId[]).sort();
  const numbers = new Map((await storage.summaries(null)).map((r) => [r.id, r.number]));
  const lacking = [...inScope].filter((id) => !held.includes(id));
  expect(
    lacking.map((id) => numbers.get(id) ?? id),
    `${label} (${replica.person.id}): records in scope it lacks`,
  ).toEqual([]);
  for (const id of held) {
    const theirs = await storage.recordState(id);
    const doc = await loadRecordDoc(db, id);
    try {
      const mine = Y.encodeStateAsUpdate(doc);
      if (inScope.has(id)) {
        const server = docOf([theirs]);
        const serverLog = logOf(await storage.recordLog(id));
        expect(
          contentOf(doc, now, await recordLog(db, id)),
          `${label}: record ${numbers.get(id) ?? id}`,
        ).toEqual(contentOf(server, now, serverLog));
        server.destroy();
        continue;
      }
      // Kept from an earlier person's scope (a shared tablet): stale is fine, unknown is not.
      const extra = Y.diffUpdate(mine, Y.encodeStateVectorFromUpdate(theirs));
      expect(isEmpty(extra), `${label}: ${numbers.get(id) ?? id} beyond the server`).toBe(true);
    } finally {
      doc.destroy();
    }
  }
}

/** An update that inserts and deletes nothing. */
function isEmpty(update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  return structs.length === 0 && ds.clients.size === 0;
}
