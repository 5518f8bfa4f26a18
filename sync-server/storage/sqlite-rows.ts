import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { Priority } from '@domain/events.ts';
import type { Category, RecordKind, RecordStatus } from '@domain/record.ts';
import type { DeviceRow, Page, RecordSummary, SessionRow, StoredUpdate } from './types.ts';

/** Row shapes of the SQLite tables (snake_case) and their mapping to storage types. */

export interface SessionDbRow {
  token_hash: string;
  person: PersonId;
  device_id: DeviceId;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
}

export function sessionFromRow(r: SessionDbRow): SessionRow {
  return {
    tokenHash: r.token_hash,
    person: r.person,
    deviceId: r.device_id,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
  };
}

export interface SummaryDbRow {
  record_id: RecordId;
  office: OfficeId;
  kind: RecordKind;
  number: string;
  subject: string;
  category: Category;
  holder: PersonId;
  holder_since: number;
  status: RecordStatus;
  priority: Priority;
  due_date: string | null;
  last_activity: number;
}

export function summaryFromRow(r: SummaryDbRow): RecordSummary {
  return {
    recordId: r.record_id,
    office: r.office,
    kind: r.kind,
    number: r.number,
    subject: r.subject,
    category: r.category,
    holder: r.holder,
    holderSince: r.holder_since,
    status: r.status,
    priority: r.priority,
    dueDate: r.due_date,
    lastActivity: r.last_activity,
  };
}

/** Named parameters for the summaries upsert. */
export function summaryParams(s: RecordSummary): Record<string, string | number | null> {
  return { ...s };
}

export interface DeviceDbRow {
  device_id: DeviceId;
  office: OfficeId;
  device_number: number;
  label: string;
  registered_at: number;
}

export function deviceFromRow(r: DeviceDbRow): DeviceRow {
  return {
    deviceId: r.device_id,
    office: r.office,
    deviceNumber: r.device_number,
    label: r.label,
    registeredAt: r.registered_at,
  };
}

/** Rough per-update framing cost counted against a page (seq, record id, lengths). */
const UPDATE_OVERHEAD_BYTES = 48;

export interface PagedDbRow {
  seq: number;
  record_id: string;
  bytes: Buffer;
  /** 1 when the puller pushed this row itself. */
  own: number;
}

/**
 * One page from update-log rows in seq order. Own rows are skipped but scanned,
 * so the cursor passes them; only rows actually returned count against
 * maxBytes; `more` is set only when a row was left unscanned.
 */
export function pageOf(rows: Iterable<PagedDbRow>, cursor: number, maxBytes: number): Page {
  const updates: StoredUpdate[] = [];
  let bytes = 0;
  let scanned = cursor;
  for (const row of rows) {
    if (row.own === 1) {
      scanned = row.seq;
      continue;
    }
    const cost = row.bytes.byteLength + UPDATE_OVERHEAD_BYTES;
    // for-of closes the statement iterator on return
    if (updates.length > 0 && bytes + cost > maxBytes)
      return { updates, more: true, cursor: scanned };
    bytes += cost;
    scanned = row.seq;
    updates.push({
      seq: row.seq,
      recordId: row.record_id as RecordId,
      update: new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
    });
  }
  return { updates, more: false, cursor: scanned };
}
