import { toBase64 } from 'lib0/buffer';
import { loadRecordDoc, readMeta } from '@doc/record-doc.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { KV_KEYS, readKv, type PatravaliDb, type QuarantineRow } from '../db/db.ts';
import { quarantineShownTo } from '../db/quarantine-access.ts';

/**
 * The quarantine as a human-facing support file. Reads `quarantine`,
 * `records` (number and subject, when the record is still here) and kv
 * `deviceId`; writes nothing.
 *
 * Unlike the backup (binary, compact), this is plain JSON meant to be read by
 * a person at the help desk, so the refused update travels as base64.
 * Its JSON text and file name are in quarantine-file.ts (the app shell's
 * quarantine list needs them, not this module's record code).
 */

export const QUARANTINE_EXPORT_KIND = 'patravali-quarantine';
export const QUARANTINE_EXPORT_VERSION = 1;

export interface QuarantineExportEntry {
  readonly id: number;
  readonly recordId: RecordId;
  /** File or diary number, if known on this device or inside the refused change. */
  readonly number: string | null;
  readonly subject: string | null;
  /** Refusal reason code from the server (src/protocol refusal reasons). */
  readonly reason: string;
  readonly detail: string;
  /** When it was quarantined: ms since epoch and ISO-8601 (UTC). */
  readonly at: number;
  readonly atIso: string;
  readonly updateBytes: number;
  /** The refused Yjs update, base64. */
  readonly update: string;
}

export interface QuarantineExport {
  readonly kind: typeof QUARANTINE_EXPORT_KIND;
  readonly formatVersion: typeof QUARANTINE_EXPORT_VERSION;
  readonly exportedAt: string;
  readonly appVersion: string | null;
  readonly deviceId: string | null;
  /** Oldest first. */
  readonly entries: readonly QuarantineExportEntry[];
}

export async function exportQuarantine(
  db: PatravaliDb,
  opts: { readonly now: number; readonly appVersion?: string; readonly viewer?: PersonId },
): Promise<QuarantineExport> {
  const { rows, deviceId } = await db.transaction('r', [db.quarantine, db.kv], async () => ({
    // As the list shows them: a restricted record's only to someone on its access list.
    rows: (await db.quarantine.orderBy('at').toArray()).filter((r) =>
      quarantineShownTo(r, opts.viewer),
    ),
    deviceId: (await readKv<string>(db, KV_KEYS.deviceId)) ?? null,
  }));
  const entries: QuarantineExportEntry[] = [];
  for (const row of rows) entries.push(await exportEntry(db, row));
  return {
    kind: QUARANTINE_EXPORT_KIND,
    formatVersion: QUARANTINE_EXPORT_VERSION,
    exportedAt: new Date(opts.now).toISOString(),
    appVersion: opts.appVersion ?? null,
    deviceId,
    entries,
  };
}

async function exportEntry(db: PatravaliDb, row: QuarantineRow): Promise<QuarantineExportEntry> {
  const known = await identify(db, row);
  return {
    id: row.id ?? 0,
    recordId: row.recordId,
    number: known.number,
    subject: known.subject,
    reason: row.reason,
    detail: row.detail,
    at: row.at,
    atIso: new Date(row.at).toISOString(),
    updateBytes: row.update.byteLength,
    update: toBase64(row.update),
  };
}

/**
 * Number and subject from the projection; failing that (a refused NEW record
 * was reset to nothing) from the meta inside the refused change itself.
 */
async function identify(
  db: PatravaliDb,
  row: QuarantineRow,
): Promise<{ number: string | null; subject: string | null }> {
  const summary = await db.records.get(row.recordId);
  if (summary) return { number: summary.number, subject: summary.subject };
  try {
    const doc = loadRecordDoc([row.update]);
    const meta = readMeta(doc);
    doc.destroy();
    if (meta.ok) return { number: meta.value.number, subject: meta.value.subject };
  } catch {
    // An undecodable update is still exported, just without a number.
  }
  return { number: null, subject: null };
}
