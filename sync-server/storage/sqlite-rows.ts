import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { SearchRow } from '@domain/search-words.ts';
import type {
  DeviceRow,
  Page,
  PageSkip,
  SearchableRow,
  SessionRow,
  StoredUpdate,
} from './types.ts';

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
  row_json: string;
}

/** The projection row as stored whole (the typed columns beside it are for SQL). */
export function summaryFromRow(r: SummaryDbRow): RecordRow {
  // Written only by summaryParams below, from a RecordRow.
  return JSON.parse(r.row_json) as RecordRow;
}

/** A projection row read with its search keys (search_keys: JSON, or null). */
export interface SearchableDbRow extends SummaryDbRow {
  search_keys: string | null;
}

export function searchableFromRow(r: SearchableDbRow): SearchableRow {
  return {
    row: summaryFromRow(r),
    keys: r.search_keys === null ? null : (JSON.parse(r.search_keys) as string[]),
  };
}

/**
 * Named parameters for the summaries upsert: the typed columns, the version, the
 * row, and the record's search keys with their version (0 and null: none).
 */
export function summaryParams(
  s: RecordRow,
  search?: SearchRow,
): Record<string, string | number | null> {
  return {
    searchVersion: search?.version ?? 0,
    searchKeys: search === undefined ? null : JSON.stringify(search.keys),
    recordId: s.id,
    office: s.office,
    kind: s.kind,
    number: s.number,
    subject: s.subject,
    category: s.category,
    holder: s.holder,
    holderSince: s.holderSince,
    status: s.status,
    priority: s.priority,
    dueDate: s.dueDate,
    lastActivity: s.lastActivity,
    version: s.version,
    grade: s.grade,
    rowJson: JSON.stringify(s),
  };
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

/**
 * Rough per-update framing cost counted against a page: seq, record id as text (38
 * bytes, codec.ts), length, and one log entry with its event id as text (about 44
 * bytes). A page's entries are read after it is cut, so further ones go uncounted.
 */
export const UPDATE_OVERHEAD_BYTES = 96;

export interface PagedDbRow {
  seq: number;
  record_id: string;
  bytes: Buffer;
  /** 1 when the puller pushed this row itself. */
  own: number;
  /** With PageSkip.wholeFrom: the seq of the record's first row. */
  first?: number | null;
  /** With PageSkip.wholeFrom: what the record's rows up to its `upTo` cost a page. */
  whole_cost?: number | null;
  /** What the row counts against its page: set only on a whole record's first row. */
  cost?: number;
}

/**
 * The row marked as its puller's own (scanned, not sent) when `skip` names it.
 * With `skip.wholeFrom`, a record first seen past it goes whole at its first row,
 * which counts the whole record, whoever pushed it (its later rows, the puller's
 * or not, go with it and are scanned, not sent; decision 0019).
 */
export function skipping(row: PagedDbRow, skip: PageSkip | undefined): PagedDbRow {
  if (skip === undefined || row.seq > skip.upTo) return row;
  if (skip.records.has(row.record_id as RecordId)) return row.own === 1 ? row : { ...row, own: 1 };
  const first = row.first ?? null;
  if (skip.wholeFrom === undefined || first === null || first <= skip.wholeFrom) return row;
  if (row.seq !== first) return { ...row, own: 1 };
  return { ...row, own: 0, cost: row.whole_cost ?? row.bytes.byteLength + UPDATE_OVERHEAD_BYTES };
}

/** The rows as `skipping` leaves them; the records a page would send whole are added to `whole`. */
export function* skippedRows(
  rows: Iterable<PagedDbRow>,
  skip: PageSkip | undefined,
  whole: Set<RecordId>,
) {
  for (const row of rows) {
    const r = skipping(row, skip);
    if (r.cost !== undefined) whole.add(r.record_id as RecordId);
    yield r;
  }
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
    const cost = row.cost ?? row.bytes.byteLength + UPDATE_OVERHEAD_BYTES;
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

/**
 * The start of a page (read with a larger budget) that fits `maxBytes`, counted
 * as pageOf counts (at least one update): what pageOf would have returned, except
 * that the cursor stops at the last update kept (own rows after it are scanned
 * again by the next page, and left out again).
 */
export function pageStart(page: Page, maxBytes: number): Page {
  let bytes = 0;
  let kept = 0;
  for (const u of page.updates) {
    const cost = u.update.byteLength + UPDATE_OVERHEAD_BYTES;
    if (kept > 0 && bytes + cost > maxBytes) break;
    bytes += cost;
    kept++;
  }
  if (kept === page.updates.length) return page;
  const updates = page.updates.slice(0, kept);
  return { updates, more: true, cursor: updates[kept - 1]?.seq ?? page.cursor };
}
