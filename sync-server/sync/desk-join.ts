import type { Person } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import { encodedSizeOfServerUpdate } from '@protocol/frame-sizes.ts';
import type { DeskMark, JoinRequest, JoinResponse, ServerUpdate } from '@protocol/messages.ts';
import type { Page, Puller, Scope, ServerStorage, StoredUpdate } from '../storage/types.ts';
import { reachOf, recordInScope } from './scope.ts';

/**
 * A fresh device's join, desk first (docs/decisions/0012-desk-first-join.md).
 *
 * Desk phase: the server fixes the join's head H (the scope's head when the first
 * desk page is asked for) and sends, page by page in record-id order, every row up
 * to H of the records on the person's desk (storage.deskRecords) that reach the
 * device's scope, the same rule paging and announcements apply (scope.ts).
 *
 * Rest phase: the device pages by its cursor as any device does, and the rows up
 * to H of the records whose place on the desk has not changed since H (no row of
 * theirs, nor of the file that puts them there, past H) are left out: the desk
 * phase sent exactly those. For a device that says where its whole paging began
 * (protocol 17), every other record first seen past that comes whole at its
 * first row, its rows up to H together (decision 0019, storage/whole-records.ts). A record that moved on or off the desk after H is
 * sent again (its rows past H, and only those, would otherwise be missing), which
 * costs its bytes once and never loses one.
 */

/** The desk as far as the device's scope reaches, by record id. */
async function deskInScope(storage: ServerStorage, person: Person, scope: Scope) {
  const desk = await storage.deskRecords(person.id);
  const reach = await Promise.all(desk.map((d) => reachOf(storage, d.recordId)));
  return desk.filter((_, i) => {
    const r = reach[i];
    return r !== null && r !== undefined && recordInScope(scope, r);
  });
}

/** After the mark: a later record, or a later row of the marked one. */
const pastMark = (mark: DeskMark | null, recordId: RecordId, seq: number): boolean =>
  mark === null || recordId > mark.recordId || (recordId === mark.recordId && seq > mark.seq);

/** One desk page: rows of desk records up to the join's head, within `budget` bytes (at least one row). */
export async function deskPage(
  storage: ServerStorage,
  person: Person,
  scope: Scope,
  join: Extract<JoinRequest, { phase: 'desk' }>,
  budget: number,
): Promise<{ readonly updates: readonly ServerUpdate[]; readonly join: JoinResponse }> {
  const seq = join.seq > 0 ? join.seq : await storage.headSeq(scope);
  const desk = (await deskInScope(storage, person, scope)).filter(
    (d) => join.after === null || d.recordId >= join.after.recordId,
  );
  const updates: StoredUpdate[] = [];
  let bytes = 0;
  let next: DeskMark | null = null;
  pages: for (const d of desk) {
    for (const row of await storage.recordUpdates(d.recordId, seq)) {
      if (!pastMark(join.after, row.recordId, row.seq)) continue;
      const size = encodedSizeOfServerUpdate(row);
      if (updates.length > 0 && bytes + size > budget) {
        const last = updates[updates.length - 1];
        if (last !== undefined) next = { recordId: last.recordId, seq: last.seq };
        break pages;
      }
      updates.push(row);
      bytes += size;
    }
  }
  // What the cursor has still to pass: the whole join (the desk's rows among it).
  const left = await storage.scopeTotals(scope, 0, seq);
  return {
    updates,
    join: { phase: 'desk', seq, next, recordsLeft: left.records, bytesLeft: left.bytes },
  };
}

/**
 * A rest-phase page: the page by cursor, the desk's rows sent already scanned but
 * not sent (so they do not count against the page), and what is left of the join
 * after it.
 */
export async function restPage(
  storage: ServerStorage,
  person: Person,
  scope: Scope,
  join: Extract<JoinRequest, { phase: 'rest' }>,
  at: { readonly cursor: number; readonly budget: number; readonly puller?: Puller },
): Promise<{ readonly page: Page; readonly join: JoinResponse }> {
  const sent =
    at.cursor < join.seq
      ? new Set(
          (await storage.deskRecords(person.id))
            .filter((d) => d.head <= join.seq)
            .map((d) => d.recordId),
        )
      : new Set<RecordId>();
  const page = await storage.updatesSince(at.cursor, scope, at.budget, at.puller, {
    records: sent,
    upTo: join.seq,
    ...(join.wholeFrom === undefined ? {} : { wholeFrom: join.wholeFrom }),
  });
  // What the cursor has still to pass, up to the join's head (the desk's rows among it).
  const left =
    page.cursor >= join.seq
      ? { records: 0, bytes: 0 }
      : await storage.scopeTotals(scope, page.cursor, join.seq, join.wholeFrom);
  return {
    page,
    join: {
      phase: 'rest',
      seq: join.seq,
      next: null,
      recordsLeft: left.records,
      bytesLeft: left.bytes,
    },
  };
}
