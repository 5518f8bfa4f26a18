import { buildExport } from '@doc/build-export.ts';
import { checkRecordProofs } from '@doc/record-proofs.ts';
import { readEvents, readMeta, readRecordState } from '@doc/record-doc.ts';
import { verifyBytes } from '@doc/verify-bytes.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { storedDeviceKeys } from '../session/device-keys.ts';
import { readLogWatch } from '../sync/log-watch.ts';
import { keptRecordProofs } from '../sync/record-proofs.ts';
import { loadRecordDoc, recordLog } from '../db/record-store.ts';
import type { DeviceContext } from '../commands/service-types.ts';
import { signBytes } from '../session/signing-key.ts';

/**
 * Exports one record from what this device holds (doc/build-export.ts): no
 * network. The printable PDF is drawn by the caller from the record's state
 * (the UI's renderer, loaded only for exports).
 */

export interface PdfFacts {
  readonly state: RecordState;
  readonly signedItems: number;
  readonly provenItems: number;
  readonly totalItems: number;
}

export type ExportOutcome =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly fileName: string }
  | { readonly ok: false; readonly error: 'recordMissing' };

export async function exportRecord(
  ctx: DeviceContext,
  recordId: RecordId,
  renderPdf: (facts: PdfFacts) => Promise<Uint8Array>,
): Promise<ExportOutcome> {
  const { db } = ctx;
  const doc = await loadRecordDoc(db, recordId);
  const meta = readMeta(doc);
  const state = readRecordState(doc, ctx.now(), await recordLog(db, recordId));
  if (!meta.ok || state === null) return { ok: false, error: 'recordMissing' };
  const items = { recordId, meta: meta.value, events: readEvents(doc) };
  doc.destroy();
  const { key: logKey } = await readLogWatch(db);
  const proofs = await keptRecordProofs(db, recordId);
  const all = [items.meta, ...items.events];
  const unproven =
    proofs === null || logKey === null
      ? all.length
      : checkRecordProofs(items, proofs, logKey, verifyBytes).length;
  const pdf = await renderPdf({
    state,
    signedItems: all.filter((i) => i.sig !== undefined).length,
    provenItems: all.length - unproven,
    totalItems: all.length,
  });
  const signer = ctx.signer ?? null;
  const bytes = await buildExport({
    items,
    pdf,
    keys: await storedDeviceKeys(db),
    logKey,
    proofs,
    exportedAt: ctx.now(),
    exportedBy: { person: ctx.person.id, device: ctx.deviceId },
    exporterKey: signer?.keyId ?? null,
    sign: async (report) =>
      signer === null ? null : { key: signer.keyId, sig: await signBytes(signer, report) },
  });
  const fileName = `${meta.value.number.replace(/[^A-Za-z0-9-]+/g, '_')}.patravali.zip`;
  return { ok: true, bytes, fileName };
}
