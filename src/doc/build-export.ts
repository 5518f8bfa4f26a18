import type { RecordItems } from './chain.ts';
import {
  EXPORT_FILES,
  EXPORT_FORMAT,
  HASHED_FILES,
  jsonBytes,
  packExport,
  PART_A_PREFIX,
  sha256Hex,
  type ExportKeysJson,
  type ExportLogJson,
  type ExportRecordJson,
  type PartAJson,
} from './export-format.ts';
import { checkRecordProofs, proofsToJson, type RecordProofs } from './record-proofs.ts';
import { verifyBytes } from './verify-bytes.ts';
import { encodeB64url, stableJson } from './signature.ts';
import type { DeviceKey } from './verify-signed.ts';

/**
 * Makes the export archive of one record (export-format.ts) from what a device
 * holds: its items as signed, the keys it knows, the log key and the proofs it
 * kept. Nothing is fetched: an item the kept proofs do not cover is listed as
 * unproven, never given an invented proof. The hash report is signed by the
 * exporter's own device key when one is unlocked.
 */

export interface ExportInput {
  readonly items: RecordItems;
  /** The printable file (render-pdf in the app). */
  readonly pdf: Uint8Array;
  /** Keys the device knows; those that signed an item and the exporter's are exported. */
  readonly keys: ReadonlyMap<string, DeviceKey>;
  readonly logKey: Uint8Array | null;
  readonly proofs: RecordProofs | null;
  readonly exportedAt: number;
  readonly exportedBy: { readonly person: string; readonly device: string };
  /** Signs the hash report's bytes: the key id and base64url signature, or null when none. */
  readonly sign: (bytes: Uint8Array<ArrayBuffer>) => Promise<{ key: string; sig: string } | null>;
  /** The exporter's key id (to include it in keys.json), when they have one. */
  readonly exporterKey: string | null;
}

export const partABytes = (report: Omit<PartAJson, 'signature'>): Uint8Array<ArrayBuffer> =>
  new TextEncoder().encode(PART_A_PREFIX + stableJson(report));

export async function buildExport(input: ExportInput): Promise<Uint8Array> {
  const { items, keys, proofs } = input;
  const all = [items.meta, ...items.events];
  const used = new Set(all.flatMap((i) => (i.key === undefined ? [] : [i.key])));
  if (input.exporterKey !== null) used.add(input.exporterKey);
  const exported = [...used].flatMap((id) => {
    const k = keys.get(id);
    return k === undefined ? [] : [k];
  });
  const unproven =
    proofs === null || input.logKey === null
      ? all.map((i) => ('kind' in i ? i.id : i.id) as string)
      : checkRecordProofs(items, proofs, input.logKey, verifyBytes).map((f) => f.eventId);
  const record: ExportRecordJson = {
    format: EXPORT_FORMAT,
    recordId: items.recordId,
    meta: items.meta,
    events: items.events,
  };
  const keysJson: ExportKeysJson = {
    keys: exported.map((k) => ({
      id: k.id,
      person: k.person,
      device: k.device,
      algorithm: k.algorithm,
      publicKey: encodeB64url(k.publicKey),
      revokedAt: k.revokedAt,
    })),
  };
  const log: ExportLogJson = {
    logKey: input.logKey === null ? null : encodeB64url(input.logKey),
    proofs: proofs === null ? null : proofsToJson(proofs),
    unproven,
  };
  const files = new Map<string, Uint8Array>([
    [EXPORT_FILES.pdf, input.pdf],
    [EXPORT_FILES.record, jsonBytes(record)],
    [EXPORT_FILES.keys, jsonBytes(keysJson)],
    [EXPORT_FILES.log, jsonBytes(log)],
  ]);
  const report: Omit<PartAJson, 'signature'> = {
    format: EXPORT_FORMAT,
    recordId: items.recordId,
    recordNumber: items.meta.number,
    exportedAt: input.exportedAt,
    exportedBy: input.exportedBy,
    devices: exported.map((k) => ({
      device: k.device,
      person: k.person,
      key: k.id,
      algorithm: k.algorithm,
      revokedAt: k.revokedAt,
    })),
    hashes: HASHED_FILES.map((file) => ({
      file,
      sha256: sha256Hex(files.get(file) ?? new Uint8Array()),
    })),
  };
  const signature = await input.sign(partABytes(report));
  files.set(EXPORT_FILES.partA, jsonBytes({ ...report, signature }));
  return packExport(files);
}
