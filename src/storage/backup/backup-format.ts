import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { GRADES, type Grade } from '@domain/events.ts';
import { asPersonId, asRecordId, isUuid, type PersonId, type RecordId } from '@domain/ids.ts';
import {
  atEnd,
  createWireReader,
  readBytes,
  readCount,
  readString,
  WireError,
  type WireReader,
} from '@protocol/wire-reader.ts';

/**
 * The device backup file: bytes <-> contents, no database here (see backup.ts).
 *
 * Layout (format version 2; version 1 files are still read):
 *   0   8 bytes  magic "PTRVBKUP"
 *   8   1 byte   format version
 *   9   4 bytes  body length, big-endian
 *   13  body     lib0 encoding: a JSON header (app, createdAt, appVersion,
 *                counts), then the sections records, drafts, outbox,
 *                quarantine, settings — each opens with its own name and a
 *                count, so a reader can tell what it is looking at
 *   end 32 bytes SHA-256 of everything before it
 * Yjs updates stay raw binary (no base64). Times are float64 ms.
 * Version 2 ends each quarantine row with a JSON object of what the tablet keeps
 * beside a refused change (`later`, `whole`, a restricted record's `access`), so a
 * restored shared tablet still shows a confidential record's refused changes only
 * to the people on its access list; version 1 rows have none of it.
 */

export const BACKUP_MAGIC = 'PTRVBKUP';
export const BACKUP_FORMAT_VERSION = 2;
/** Versions this build reads (it writes only the newest). */
const READABLE_VERSIONS: readonly number[] = [1, 2];
export const BACKUP_MIME = 'application/vnd.patravali.backup';
export const BACKUP_EXTENSION = '.patravali';

/** e.g. `patravali-backup-2026-04-09.patravali` (UTC date). */
export function backupFileName(now: number): string {
  return `patravali-backup-${new Date(now).toISOString().slice(0, 10)}${BACKUP_EXTENSION}`;
}

const PREFIX_BYTES = 13;
const CHECKSUM_BYTES = 32;
const SECTIONS = ['records', 'drafts', 'outbox', 'quarantine', 'settings'] as const;

/** Why a backup file was refused; the UI maps each code to a Hindi/English message. */
export type BackupErrorCode =
  | 'badMagic'
  | 'unsupportedVersion'
  | 'truncated'
  | 'badChecksum'
  | 'malformed'
  /** The file's records belong to another server data generation than this device's. */
  | 'otherGeneration';

export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    detail: string,
  ) {
    super(`${code}: ${detail}`);
  }
}

export interface BackupCounts {
  readonly records: number;
  readonly drafts: number;
  readonly outbox: number;
  readonly quarantine: number;
  readonly settings: number;
}

export interface BackupHeader {
  readonly app: 'patravali';
  readonly formatVersion: number;
  readonly createdAt: number;
  readonly appVersion: string;
  readonly counts: BackupCounts;
}

export interface BackupContents {
  /** One merged Yjs update per record (all its stored updates). */
  readonly records: readonly { readonly recordId: RecordId; readonly update: Uint8Array }[];
  readonly drafts: readonly {
    readonly recordId: RecordId;
    readonly author: PersonId;
    readonly text: string;
    readonly updatedAt: number;
  }[];
  /** Outbox rows one by one (not merged), so an import can drop exact duplicates. */
  readonly outbox: readonly {
    readonly recordId: RecordId;
    readonly update: Uint8Array;
    readonly at: number;
  }[];
  readonly quarantine: readonly BackupQuarantineRow[];
  /** kv rows, values JSON-encoded in the file. */
  readonly settings: readonly { readonly key: string; readonly value: unknown }[];
}

/** A refused change as the backup carries it (db.ts QuarantineRow without its key). */
export interface BackupQuarantineRow {
  readonly recordId: RecordId;
  readonly reason: string;
  readonly detail: string;
  readonly at: number;
  readonly update: Uint8Array;
  readonly later?: number;
  readonly whole?: true;
  readonly access?: {
    readonly grade: Grade;
    readonly participants: readonly PersonId[];
    readonly readers: readonly PersonId[];
  };
}

export type Sha256 = (bytes: Uint8Array) => Promise<Uint8Array>;

export const webSha256: Sha256 = async (bytes) =>
  new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes)));

export function countsOf(c: BackupContents): BackupCounts {
  return {
    records: c.records.length,
    drafts: c.drafts.length,
    outbox: c.outbox.length,
    quarantine: c.quarantine.length,
    settings: c.settings.length,
  };
}

export async function encodeBackup(
  contents: BackupContents,
  meta: { readonly createdAt: number; readonly appVersion: string },
  sha256: Sha256 = webSha256,
  /** Only tests write an older version, to prove it is still read. */
  version: number = BACKUP_FORMAT_VERSION,
): Promise<Uint8Array> {
  const header: BackupHeader = {
    app: 'patravali',
    formatVersion: version,
    createdAt: meta.createdAt,
    appVersion: meta.appVersion,
    counts: countsOf(contents),
  };
  const body = encodeBody(header, contents);
  const signed = new Uint8Array(PREFIX_BYTES + body.byteLength + CHECKSUM_BYTES);
  signed.set(new TextEncoder().encode(BACKUP_MAGIC), 0);
  const view = new DataView(signed.buffer);
  view.setUint8(8, version);
  view.setUint32(9, body.byteLength, false);
  signed.set(body, PREFIX_BYTES);
  const end = PREFIX_BYTES + body.byteLength;
  signed.set(await sha256(signed.subarray(0, end)), end);
  return signed;
}

function encodeBody(header: BackupHeader, c: BackupContents): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarString(e, JSON.stringify(header));
  section(e, 'records', c.records, (r) => {
    encoding.writeVarString(e, r.recordId);
    encoding.writeVarUint8Array(e, r.update);
  });
  section(e, 'drafts', c.drafts, (d) => {
    encoding.writeVarString(e, d.recordId);
    encoding.writeVarString(e, d.author);
    encoding.writeVarString(e, d.text);
    encoding.writeFloat64(e, d.updatedAt);
  });
  section(e, 'outbox', c.outbox, (o) => {
    encoding.writeVarString(e, o.recordId);
    encoding.writeFloat64(e, o.at);
    encoding.writeVarUint8Array(e, o.update);
  });
  section(e, 'quarantine', c.quarantine, (q) => {
    encoding.writeVarString(e, q.recordId);
    encoding.writeVarString(e, q.reason);
    encoding.writeVarString(e, q.detail);
    encoding.writeFloat64(e, q.at);
    encoding.writeVarUint8Array(e, q.update);
    if (header.formatVersion >= 2) {
      const { later, whole, access } = q;
      encoding.writeVarString(e, JSON.stringify({ later, whole, access }));
    }
  });
  section(e, 'settings', c.settings, (s) => {
    encoding.writeVarString(e, s.key);
    encoding.writeVarString(e, JSON.stringify(s.value));
  });
  return encoding.toUint8Array(e);
}

function section<T>(
  e: encoding.Encoder,
  name: (typeof SECTIONS)[number],
  rows: readonly T[],
  write: (row: T) => void,
): void {
  encoding.writeVarString(e, name);
  encoding.writeVarUint(e, rows.length);
  rows.forEach(write);
}

/**
 * Checks magic, version, length and checksum, then decodes everything.
 * Throws BackupError; never returns partial contents.
 */
export async function decodeBackup(
  bytes: Uint8Array,
  sha256: Sha256 = webSha256,
): Promise<{ header: BackupHeader; contents: BackupContents }> {
  const { body, version } = await checkEnvelope(bytes, sha256);
  try {
    return decodeBody(createWireReader(body), version);
  } catch (e) {
    if (e instanceof BackupError) throw e;
    if (e instanceof WireError || e instanceof SyntaxError || e instanceof RangeError)
      throw new BackupError('malformed', e.message);
    throw e;
  }
}

/** The verified body (a copy, so a bad length can never read past it) and its version. */
async function checkEnvelope(
  bytes: Uint8Array,
  sha256: Sha256,
): Promise<{ body: Uint8Array; version: number }> {
  const magic = new TextEncoder().encode(BACKUP_MAGIC);
  const head = bytes.subarray(0, magic.length);
  if (!head.every((b, i) => b === magic[i]))
    throw new BackupError('badMagic', 'not a Patravali backup file');
  if (bytes.byteLength < PREFIX_BYTES + CHECKSUM_BYTES)
    throw new BackupError(
      head.byteLength < magic.length ? 'badMagic' : 'truncated',
      'file too short',
    );
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(8);
  if (!READABLE_VERSIONS.includes(version))
    throw new BackupError(
      'unsupportedVersion',
      `format ${version}, expected ${BACKUP_FORMAT_VERSION}`,
    );
  const bodyLength = view.getUint32(9, false);
  const expected = PREFIX_BYTES + bodyLength + CHECKSUM_BYTES;
  if (bytes.byteLength < expected)
    throw new BackupError('truncated', `${bytes.byteLength} of ${expected} bytes`);
  if (bytes.byteLength > expected)
    throw new BackupError('malformed', `${bytes.byteLength - expected} trailing bytes`);
  const end = PREFIX_BYTES + bodyLength;
  const digest = await sha256(bytes.subarray(0, end));
  const stored = bytes.subarray(end);
  if (digest.byteLength !== stored.byteLength || !digest.every((b, i) => b === stored[i]))
    throw new BackupError('badChecksum', 'the file was changed or damaged');
  return { body: bytes.slice(PREFIX_BYTES, end), version };
}

function decodeBody(
  r: WireReader,
  version: number,
): { header: BackupHeader; contents: BackupContents } {
  const header = parseHeader(readString(r), version);
  const contents: BackupContents = {
    records: readSection(r, 'records', 2, () => ({
      recordId: readRecordId(r),
      update: readBytes(r),
    })),
    drafts: readSection(r, 'drafts', 11, () => ({
      recordId: readRecordId(r),
      author: asPersonId(readNonEmpty(r, 'author')),
      text: readString(r),
      updatedAt: readTime(r),
    })),
    outbox: readSection(r, 'outbox', 10, () => ({
      recordId: readRecordId(r),
      at: readTime(r),
      update: readBytes(r),
    })),
    quarantine: readSection(r, 'quarantine', 12, () => ({
      recordId: readRecordId(r),
      reason: readString(r),
      detail: readString(r),
      at: readTime(r),
      update: readBytes(r),
      ...(version >= 2 ? readQuarantineKept(readString(r)) : {}),
    })),
    settings: readSection(r, 'settings', 2, () => ({
      key: readNonEmpty(r, 'setting key'),
      value: JSON.parse(readString(r)) as unknown,
    })),
  };
  if (!atEnd(r)) throw new BackupError('malformed', 'bytes after the last section');
  const counts = countsOf(contents);
  if (JSON.stringify(counts) !== JSON.stringify(header.counts))
    throw new BackupError('malformed', 'section counts differ from the header');
  return { header, contents };
}

function readSection<T>(
  r: WireReader,
  name: (typeof SECTIONS)[number],
  minRowBytes: number,
  readRow: () => T,
): T[] {
  const found = readString(r);
  if (found !== name)
    throw new BackupError('malformed', `expected section ${name}, found ${found}`);
  const n = readCount(r, minRowBytes);
  const rows: T[] = [];
  for (let i = 0; i < n; i++) rows.push(readRow());
  return rows;
}

/** Version 2's JSON after a quarantine row: only the fields db.ts keeps, each checked. */
function readQuarantineKept(json: string): Pick<BackupQuarantineRow, 'later' | 'whole' | 'access'> {
  const bad = (what: string): never => {
    throw new BackupError('malformed', `bad quarantine ${what}`);
  };
  const o = JSON.parse(json) as unknown;
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return bad('row');
  const { later, whole, access, ...rest } = o as Record<string, unknown>;
  if (Object.keys(rest).length > 0) bad('field');
  const kept: { later?: number; whole?: true; access?: BackupQuarantineRow['access'] } = {};
  if (later !== undefined) {
    if (!Number.isSafeInteger(later)) bad('later');
    kept.later = later as number;
  }
  if (whole !== undefined) {
    if (whole !== true) bad('whole');
    kept.whole = true;
  }
  if (access !== undefined) {
    const a = access as Record<string, unknown> | null;
    const people = (v: unknown): PersonId[] =>
      Array.isArray(v) && v.every((p) => typeof p === 'string' && p.length > 0)
        ? v.map((p: string) => asPersonId(p))
        : bad('access list');
    if (typeof a !== 'object' || a === null || !GRADES.includes(a.grade as Grade))
      bad('access grade');
    kept.access = {
      grade: a?.grade as Grade,
      participants: people(a?.participants),
      readers: people(a?.readers),
    };
  }
  return kept;
}

function parseHeader(json: string, version: number): BackupHeader {
  const h = JSON.parse(json) as Partial<BackupHeader> | null;
  const counts = h?.counts;
  if (
    h?.app !== 'patravali' ||
    h.formatVersion !== version ||
    typeof h.createdAt !== 'number' ||
    typeof h.appVersion !== 'string' ||
    typeof counts !== 'object' ||
    !SECTIONS.every((s) => Number.isSafeInteger(counts[s]))
  )
    throw new BackupError('malformed', 'bad header');
  return h as BackupHeader;
}

function readRecordId(r: WireReader): RecordId {
  const id = readString(r);
  // isUuid narrows a failing string to `never`, so keep a printable copy first.
  const shown = id.slice(0, 40);
  if (!isUuid(id)) throw new BackupError('malformed', `bad record id ${shown}`);
  return asRecordId(id);
}

function readNonEmpty(r: WireReader, what: string): string {
  const s = readString(r);
  if (s.length === 0) throw new BackupError('malformed', `empty ${what}`);
  return s;
}

function readTime(r: WireReader): number {
  if (r.decoder.arr.length - r.decoder.pos < 8) throw new WireError('truncated time');
  const t = decoding.readFloat64(r.decoder);
  if (!Number.isFinite(t)) throw new BackupError('malformed', 'bad time');
  return t;
}
