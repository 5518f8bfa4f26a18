import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { RecordProofsJson } from './record-proofs.ts';
import type { SignatureAlgorithm } from './signature.ts';

/**
 * One exported file (docs/decisions/0004-export.md): a ZIP archive, entries
 * stored uncompressed in this order with a fixed time, so the same contents
 * always make the same bytes and a verifier can rebuild it byte for byte:
 *
 *   file.pdf              the printable file (cover, note sheet, movements,
 *                         correspondence), for people; not what is verified
 *   record.json           the record's meta and events exactly as signed
 *   keys.json             the public keys that signed them (and the exporter's)
 *   log.json              the server's log key, its signed tree head and the
 *                         inclusion proof of each item, or which have none
 *   bsa-63-part-a.json    the BSA s.63 Part A facts: devices and keys, and the
 *                         SHA-256 of every other file, signed by the exporter
 */

export const EXPORT_FORMAT = 'patravali-export/v1';

export const EXPORT_FILES = {
  pdf: 'file.pdf',
  record: 'record.json',
  keys: 'keys.json',
  log: 'log.json',
  partA: 'bsa-63-part-a.json',
} as const;

/** Every entry, in archive order. */
export const EXPORT_ORDER = [
  EXPORT_FILES.pdf,
  EXPORT_FILES.record,
  EXPORT_FILES.keys,
  EXPORT_FILES.log,
  EXPORT_FILES.partA,
] as const;

/** The files the hash report covers: all but itself. */
export const HASHED_FILES = EXPORT_ORDER.filter((f) => f !== EXPORT_FILES.partA);

/** No export needs more; a bigger archive is refused before it is read. */
export const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export interface ExportRecordJson {
  readonly format: typeof EXPORT_FORMAT;
  readonly recordId: string;
  readonly meta: RecordMeta;
  /** In the record's document order. */
  readonly events: readonly RecordEvent[];
}

export interface ExportKeyJson {
  readonly id: string;
  readonly person: string;
  readonly device: string;
  readonly algorithm: SignatureAlgorithm;
  /** Raw public key, base64url. */
  readonly publicKey: string;
  readonly revokedAt: number | null;
}

export interface ExportKeysJson {
  readonly keys: readonly ExportKeyJson[];
}

export interface ExportLogJson {
  /** The server's log key (raw Ed25519, base64url) as the exporting device kept it. */
  readonly logKey: string | null;
  /** The proofs the device fetched and checked while online; null when it has none. */
  readonly proofs: RecordProofsJson | null;
  /** Log entry ids of items the proofs do not cover (not logged yet, or never fetched). */
  readonly unproven: readonly string[];
}

export interface PartAJson {
  readonly format: typeof EXPORT_FORMAT;
  readonly recordId: string;
  readonly recordNumber: string;
  /** Device clock of the exporting tablet, ms since the epoch. */
  readonly exportedAt: number;
  readonly exportedBy: { readonly person: string; readonly device: string };
  /** Every key in keys.json as the device known to the system that holds it. */
  readonly devices: readonly {
    readonly device: string;
    readonly person: string;
    readonly key: string;
    readonly algorithm: SignatureAlgorithm;
    readonly revokedAt: number | null;
  }[];
  /** SHA-256 (hex) of every other file of the export. */
  readonly hashes: readonly { readonly file: string; readonly sha256: string }[];
  /**
   * The exporter's device signature over the report's canonical bytes (signature.ts
   * stableJson of the report without `signature`); null when no key was unlocked.
   */
  readonly signature: { readonly key: string; readonly sig: string } | null;
}

export const PART_A_PREFIX = 'patravali/bsa-63-part-a/v1\n';

export const sha256Hex = (bytes: Uint8Array): string => bytesToHex(sha256(bytes));

export const jsonBytes = (value: unknown): Uint8Array =>
  new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);

/** 1980-01-01, the earliest time a ZIP entry can carry: every entry has it. */
const ENTRY_TIME = new Date(1980, 0, 1, 0, 0, 0);

/** The archive of the given entries, in EXPORT_ORDER (entries not listed are dropped). */
export function packExport(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const zippable: Zippable = {};
  for (const name of EXPORT_ORDER) {
    const bytes = files.get(name);
    if (bytes !== undefined) zippable[name] = [bytes, { level: 0, mtime: ENTRY_TIME }];
  }
  return zipSync(zippable);
}

/** The entries of an archive, or null when it is not one. */
export function unpackExport(archive: Uint8Array): Map<string, Uint8Array> | null {
  try {
    return new Map(Object.entries(unzipSync(archive)));
  } catch {
    return null;
  }
}
