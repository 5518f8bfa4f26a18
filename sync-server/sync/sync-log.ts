import type { DeviceId, RecordId } from '@domain/ids.ts';
import type { PushedUpdate, RecordEntries, Refusal } from '@protocol/messages.ts';
import { idsInUpdate } from '@doc/update-ids.ts';
import type { ServerStorage } from '../storage/types.ts';
import { notBeforeOf, type ContactBook } from './device-contact.ts';

/**
 * The log entries a sync response carries besides pulled updates
 * (docs/decisions/0002-record-order.md), and the receipt an exchange stamps
 * on the entries it adds.
 */

/** What this exchange stamps on the log entries it adds. */
export interface Receipt {
  /** Server time of the exchange: the entries' receivedAt. */
  readonly at: number;
  readonly notBefore: number;
  /** At an office relay, pulled events' positions in the district's log (relay/ingest.ts). */
  readonly positions?: ReadonlyMap<string, number>;
}

/** The log entries of everything each acknowledged update carried, by record. */
export async function loggedOf(
  storage: ServerStorage,
  acked: readonly PushedUpdate[],
): Promise<RecordEntries[]> {
  const byRecord = new Map<RecordId, Set<string>>();
  for (const u of acked) {
    const ids = byRecord.get(u.recordId) ?? new Set<string>();
    const carried = idsInUpdate(u.update);
    if (carried.created !== null) ids.add(carried.created);
    for (const id of carried.eventIds) ids.add(id);
    byRecord.set(u.recordId, ids);
  }
  const out: RecordEntries[] = [];
  for (const [recordId, ids] of byRecord) {
    const entries = (await storage.recordLog(recordId)).filter((e) => ids.has(e.eventId));
    if (entries.length > 0) out.push({ recordId, entries });
  }
  return out;
}

/** A device resetting a record to the server's state needs all of that state's entries. */
export async function withEntries(storage: ServerStorage, refusals: readonly Refusal[]) {
  const out: Refusal[] = [];
  for (const r of refusals) {
    const entries = r.serverState.length > 0 ? await storage.recordLog(r.recordId) : [];
    out.push({ ...r, entries });
  }
  return out;
}

export async function receiptOf(
  deps: {
    readonly storage: ServerStorage;
    readonly contacts: ContactBook;
    readonly now: () => number;
  },
  deviceId: DeviceId,
): Promise<Receipt> {
  const prev = await deps.contacts.get(deviceId);
  const registered = prev === null ? await deps.storage.deviceRegisteredAt(deviceId) : null;
  return { at: deps.now(), notBefore: notBeforeOf(prev, registered) };
}
