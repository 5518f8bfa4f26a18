import type { RecordEvent } from '@domain/events.ts';
import type { DeviceId, PersonId, RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';
import { partABytes } from './build-export.ts';
import type { RecordItems } from './chain.ts';
import {
  EXPORT_FILES,
  EXPORT_FORMAT,
  EXPORT_ORDER,
  HASHED_FILES,
  MAX_EXPORT_BYTES,
  packExport,
  sha256Hex,
  unpackExport,
  type ExportKeyJson,
  type PartAJson,
} from './export-format.ts';
import { checkRecordProofs, proofsFromJson } from './record-proofs.ts';
import {
  decodeB64url,
  isSignatureAlgorithm,
  keyIdOf,
  PUBLIC_KEY_BYTES,
  SIG_CHARS,
} from './signature.ts';
import { LOG_KEY_BYTES } from './tree-head.ts';
import { verifyBytes } from './verify-bytes.ts';
import { checkSignedItems, type DeviceKey } from './verify-signed.ts';

/**
 * Verifies an exported file (export-format.ts) with nothing but its bytes: no
 * server, no network. The same function runs in `npm run verify` and on the
 * app's Verify page. Every finding names its check and what it is about.
 */

export const EXPORT_CHECKS = [
  /** Not a readable archive, too big, or not byte for byte the archive its entries make. */
  'container',
  'fileMissing',
  /** A file's SHA-256 is not the one the hash report gives. */
  'hashMismatch',
  /** The hash report (BSA s.63 Part A) is unreadable or its signature does not verify. */
  'hashReport',
  'recordMalformed',
  'keyMalformed',
  'keyUnknown',
  'keyNotDevice',
  'signatureInvalid',
  'prevMissing',
  'chainBroken',
  'logMalformed',
  /** The tree head is not signed by the log key (or not by the one expected). */
  'headSignature',
  'inclusionFailed',
] as const;
export type ExportCheck = (typeof EXPORT_CHECKS)[number];

/** Not wrong, but to be known: what the export could not prove. */
export type ExportNotice =
  /** Items with no inclusion proof (not logged when the proofs were fetched, or never fetched). */
  | 'notLogged'
  /** Items from before device keys, attested by the server only. */
  | 'unsignedItems'
  /** The hash report carries no exporter signature. */
  | 'reportUnsigned';

export interface ExportFinding {
  readonly check: ExportCheck;
  /** What it is about: a file name, `meta`, `event <id>`, `key <id>`, `tree head`. */
  readonly subject: string;
  readonly detail: string;
}

export interface ExportSummary {
  readonly recordId: string;
  readonly number: string;
  readonly subject: string;
  readonly events: number;
  readonly signedItems: number;
  readonly provenItems: number;
  readonly treeSize: number | null;
  readonly exportedAt: number | null;
  readonly exportedBy: string | null;
  /** The log key the head was checked with (base64url), for comparing with a published one. */
  readonly logKey: string | null;
}

export interface ExportVerdict {
  readonly ok: boolean;
  readonly findings: readonly ExportFinding[];
  readonly notices: readonly { readonly notice: ExportNotice; readonly count: number }[];
  readonly summary: ExportSummary | null;
}

export interface VerifyOptions {
  /** The log key the verifier trusts (base64url); without it, the export's own is used. */
  readonly logKey?: string;
}

type Found = (check: ExportCheck, subject: string, detail: string) => void;

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function readJson(files: ReadonlyMap<string, Uint8Array>, name: string): unknown {
  const bytes = files.get(name);
  if (bytes === undefined) return undefined;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch {
    return undefined;
  }
}

function readKeys(json: unknown, found: Found): Map<string, DeviceKey> {
  const keys = new Map<string, DeviceKey>();
  const list = isObject(json) && Array.isArray(json.keys) ? (json.keys as unknown[]) : null;
  if (list === null) {
    found('keyMalformed', EXPORT_FILES.keys, 'not a list of keys');
    return keys;
  }
  for (const k of list as Partial<ExportKeyJson>[]) {
    const alg = k.algorithm;
    const publicKey = isSignatureAlgorithm(alg)
      ? decodeB64url(k.publicKey, Math.ceil((PUBLIC_KEY_BYTES[alg] * 4) / 3))
      : null;
    if (!isSignatureAlgorithm(alg) || publicKey === null || typeof k.id !== 'string') {
      found('keyMalformed', `key ${String(k.id)}`, 'unreadable public key');
      continue;
    }
    if (keyIdOf(alg, publicKey) !== k.id) {
      found('keyMalformed', `key ${k.id}`, 'the public key does not have this key id');
      continue;
    }
    keys.set(k.id, {
      id: k.id,
      person: k.person as PersonId,
      device: k.device as DeviceId,
      algorithm: alg,
      publicKey,
      revokedAt: typeof k.revokedAt === 'number' ? k.revokedAt : null,
    });
  }
  return keys;
}

function readItems(json: unknown, found: Found): RecordItems | null {
  if (!isObject(json) || json.format !== EXPORT_FORMAT || !Array.isArray(json.events)) {
    found('recordMalformed', EXPORT_FILES.record, `not a ${EXPORT_FORMAT} record`);
    return null;
  }
  if (!parseMeta(json.meta).ok || (json.meta as RecordMeta).id !== json.recordId) {
    found('recordMalformed', 'meta', 'not the meta of this record');
    return null;
  }
  const bad = (json.events as unknown[]).findIndex((e) => !parseEvent(e).ok);
  if (bad >= 0) {
    found('recordMalformed', `event ${bad + 1}`, 'not a well-formed event');
    return null;
  }
  // The items exactly as exported: a field this build does not know is still signed.
  return {
    recordId: json.recordId as RecordId,
    meta: json.meta as RecordMeta,
    events: json.events as RecordEvent[],
  };
}

/** Each signed item's signature and links, every failing item named. */
function checkSignatures(items: RecordItems, keys: ReadonlyMap<string, DeviceKey>, found: Found) {
  const rules = {
    keyOf: (id: string) => keys.get(id),
    refuseRevoked: false,
    unsignedOk: () => true,
    verify: verifyBytes,
  };
  const meta = checkSignedItems(items, true, new Set(), rules);
  if (meta !== null) found(meta.reason as ExportCheck, 'meta', meta.detail);
  for (const e of items.events) {
    const problem = checkSignedItems(items, false, new Set([e.id]), rules);
    if (problem !== null) found(problem.reason as ExportCheck, `event ${e.id}`, problem.detail);
  }
}

function checkPartA(
  json: unknown,
  files: ReadonlyMap<string, Uint8Array>,
  keys: ReadonlyMap<string, DeviceKey>,
  found: Found,
): PartAJson | null {
  if (!isObject(json) || json.format !== EXPORT_FORMAT || !Array.isArray(json.hashes)) {
    found('hashReport', EXPORT_FILES.partA, 'unreadable hash report');
    return null;
  }
  const report = json as unknown as PartAJson;
  const listed = new Map(report.hashes.map((h) => [h.file, h.sha256]));
  for (const name of HASHED_FILES) {
    const bytes = files.get(name);
    if (bytes === undefined) continue;
    const want = listed.get(name);
    if (want === undefined) found('hashReport', name, 'not in the hash report');
    else if (want !== sha256Hex(bytes))
      found('hashMismatch', name, `SHA-256 is ${sha256Hex(bytes)}, the report says ${want}`);
  }
  if (report.signature !== null) {
    const { signature, ...rest } = report;
    const key = keys.get(signature?.key ?? '');
    const sig = decodeB64url(signature?.sig, SIG_CHARS);
    const bytes = partABytes(rest);
    const valid =
      key !== undefined &&
      key.person === report.exportedBy?.person &&
      sig !== null &&
      verifyBytes(key.algorithm, key.publicKey, bytes, sig);
    if (!valid)
      found('hashReport', EXPORT_FILES.partA, "the exporter's signature does not match the report");
  }
  return report;
}

export function verifyExport(archive: Uint8Array, options: VerifyOptions = {}): ExportVerdict {
  const findings: ExportFinding[] = [];
  const found: Found = (check, subject, detail) => findings.push({ check, subject, detail });
  const fail = (check: ExportCheck, detail: string): ExportVerdict => ({
    ok: false,
    findings: [{ check, subject: 'archive', detail }],
    notices: [],
    summary: null,
  });
  if (archive.length > MAX_EXPORT_BYTES)
    return fail('container', `larger than ${MAX_EXPORT_BYTES} bytes`);
  const files = unpackExport(archive);
  if (files === null) return fail('container', 'not a readable ZIP archive');
  for (const name of EXPORT_ORDER)
    if (!files.has(name)) found('fileMissing', name, 'not in the archive');
  for (const name of files.keys())
    if (!(EXPORT_ORDER as readonly string[]).includes(name))
      found('container', name, 'a file the format does not have');

  const keys = readKeys(readJson(files, EXPORT_FILES.keys), found);
  const report = checkPartA(readJson(files, EXPORT_FILES.partA), files, keys, found);
  const items = readItems(readJson(files, EXPORT_FILES.record), found);
  if (items !== null) checkSignatures(items, keys, found);
  const proof = items === null ? null : checkLog(files, items, options, found);

  // Last: any other byte (an entry's header, a CRC, the directory) changes the rebuilt archive.
  if (findings.length === 0 && !sameBytes(packExport(files), archive))
    found('container', 'archive', 'the archive is not the one its files make');

  const events = items?.events ?? [];
  const signedItems = items === null ? 0 : [items.meta, ...events].filter((i) => i.sig).length;
  const unsigned = items === null ? 0 : events.length + 1 - signedItems;
  const notices = [
    { notice: 'notLogged' as const, count: proof?.unproven ?? 0 },
    { notice: 'unsignedItems' as const, count: unsigned },
    {
      notice: 'reportUnsigned' as const,
      count: report !== null && report.signature === null ? 1 : 0,
    },
  ].filter((n) => n.count > 0);
  return {
    ok: findings.length === 0,
    findings,
    notices,
    summary:
      items === null
        ? null
        : {
            recordId: items.recordId,
            number: items.meta.number,
            subject: items.meta.subject,
            events: events.length,
            signedItems,
            provenItems: proof?.proven ?? 0,
            treeSize: proof?.treeSize ?? null,
            exportedAt: report?.exportedAt ?? null,
            exportedBy: report?.exportedBy?.person ?? null,
            logKey: proof?.logKey ?? null,
          },
  };
}

function checkLog(
  files: ReadonlyMap<string, Uint8Array>,
  items: RecordItems,
  options: VerifyOptions,
  found: Found,
): { proven: number; unproven: number; treeSize: number | null; logKey: string | null } | null {
  const json = readJson(files, EXPORT_FILES.log);
  if (!isObject(json) || !Array.isArray(json.unproven)) {
    found('logMalformed', EXPORT_FILES.log, 'unreadable log section');
    return null;
  }
  const total = items.events.length + 1;
  if (json.proofs === null) return { proven: 0, unproven: total, treeSize: null, logKey: null };
  const proofs = proofsFromJson(json.proofs);
  const logKeyText = options.logKey ?? json.logKey;
  const logKey = decodeB64url(logKeyText, 43);
  if (proofs === null || logKey === null || logKey.length !== LOG_KEY_BYTES) {
    found('logMalformed', EXPORT_FILES.log, 'unreadable proofs or log key');
    return null;
  }
  if (options.logKey !== undefined && options.logKey !== json.logKey)
    found('headSignature', 'tree head', 'the export names another log key than the one expected');
  const proofFindings = checkRecordProofs(items, proofs, logKey, verifyBytes);
  for (const f of proofFindings) {
    if (f.problem === 'notLogged') continue;
    if (f.problem === 'inclusionFailed')
      found(
        'inclusionFailed',
        f.eventId === items.recordId ? 'meta' : `event ${f.eventId}`,
        f.detail,
      );
    else if (f.problem === 'headSignature') found('headSignature', 'tree head', f.detail);
    else found('logMalformed', EXPORT_FILES.log, f.detail);
  }
  const unproven = proofFindings.filter((f) => f.problem === 'notLogged').length;
  // A head that fails proves nothing; otherwise each item whose proof holds is proven.
  const headFailed = proofFindings.some((f) => f.eventId === '');
  return {
    proven: headFailed ? 0 : total - proofFindings.length,
    unproven,
    treeSize: proofs.head.size,
    logKey: logKeyText as string,
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
