import { open, readdir } from 'node:fs/promises';
import type { RecordId } from '@domain/ids.ts';
import { ATTACHMENT_API, blobPath, UPLOAD_METADATA } from '@protocol/attachments.ts';
import { isSha256Hex, type BlobDir } from '../attachments/blob-dir.ts';
import type { ServerStorage } from '../storage/types.ts';

/**
 * Scans go up from an office relay to the district (decision 0010, amendment 3):
 * every scan in the relay's blob directory that a record it holds lists, and that
 * the district does not have (HEAD /api/blobs at the district answers 404), is
 * uploaded with the tablets' own protocol, tus, in parts of PART_BYTES, each a
 * PATCH through the relay's timed fetch (so a WAN gone quiet ends the call as
 * every other call to the district). What the district has, and the relay's
 * unfinished uploads there, are kept in the data directory (scans-kept.ts), so a
 * restart neither asks the district again for every scan nor starts a cut upload
 * over: it is resumed from the district's offset.
 */

/** Bytes per PATCH: as a tablet's (scan-upload.ts), little lost when a 2G link drops. */
export const PART_BYTES = 256 * 1024;

export interface ScanCallDeps {
  /** The district's origin. */
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly blobs: BlobDir;
  readonly log: (line: string) => void;
  readonly now: () => number;
  /**
   * Writes what the relay knows of the district's scans where it is kept (scan-link.ts),
   * never rejecting: called when an upload is created, before its first part, so a relay
   * killed while the part goes up (minutes on 2G) resumes that upload after a restart.
   */
  readonly keep?: () => Promise<void>;
}

/**
 * What the relay knows of the district's scans; `atDistrict` and `uploads` are kept in
 * the data directory between runs (scans-kept.ts), written after a pass that changed them
 * and as an upload is created.
 */
export interface ScansUp {
  /** Scans the district has (answered 200, uploaded, or fetched from it). */
  readonly atDistrict: Set<string>;
  /** Unfinished uploads at the district, by scan: their tus URL. */
  readonly uploads: Map<string, string>;
  /** Refusals already logged (scan and status), so a run every few seconds logs each once. */
  readonly told: Set<string>;
  /** Scans the district did not take, and when they are tried again. */
  readonly resting: Map<string, number>;
  /** `atDistrict` or `uploads` changed since they were last kept. */
  changed: boolean;
}

export const newScansUp = (): ScansUp => ({
  atDistrict: new Set(),
  uploads: new Map(),
  told: new Set(),
  resting: new Map(),
  changed: false,
});

/** The district has `sha256` (answered 200, took the upload, or served it). */
export function markThere(up: ScansUp, sha256: string): void {
  up.uploads.delete(sha256);
  up.atDistrict.add(sha256);
  up.resting.delete(sha256);
  up.changed = true;
}

/**
 * A scan the district did not take (its record's event not there yet, held, or
 * refused) is asked again after this, not at every run: each ask is a call on the WAN.
 */
export const RESTING_MS = 60_000;

export interface ScanRef {
  readonly sha256: string;
  readonly recordId: RecordId;
}

/** A scan to send, with every record here that lists it (the district may take it for any). */
export interface ScanToSend {
  readonly sha256: string;
  readonly recordIds: readonly RecordId[];
}

/**
 * The scans here the district is not known to have, each with the records that list
 * it (in the relay's projection's order); a scan no record lists is not sent, and
 * rests as a refused one does. Reads the projection only when there is such a scan.
 */
export async function scansToSend(
  blobs: BlobDir,
  storage: Pick<ServerStorage, 'summaries'>,
  up: ScansUp,
  now: number,
): Promise<ScanToSend[]> {
  const rests = (n: string): boolean => (up.resting.get(n) ?? 0) > now;
  const held = (await readdir(blobs.blobs)).filter(isSha256Hex);
  // What the district has of scans no longer here is not kept (the kept file stays as small).
  const present = new Set(held);
  for (const sha256 of up.atDistrict) {
    if (present.has(sha256)) continue;
    up.atDistrict.delete(sha256);
    up.changed = true;
  }
  // Nor an upload of one (the district sweeps it): the file stays bounded by blobs/.
  for (const sha256 of up.uploads.keys()) {
    if (present.has(sha256)) continue;
    up.uploads.delete(sha256);
    up.changed = true;
  }
  const here = new Set(held.filter((n) => !up.atDistrict.has(n) && !rests(n)));
  if (here.size === 0) return [];
  const listed = new Map<string, RecordId[]>();
  for (const row of await storage.summaries(null)) {
    for (const sha256 of row.scans) {
      if (!here.has(sha256)) continue;
      const ids = listed.get(sha256) ?? [];
      if (!ids.includes(row.id)) ids.push(row.id);
      listed.set(sha256, ids);
    }
  }
  // Listed by no record here (yet): not read for again at every run.
  for (const sha256 of here) if (!listed.has(sha256)) up.resting.set(sha256, now + RESTING_MS);
  return [...listed].map(([sha256, recordIds]) => ({ sha256, recordIds }));
}

/**
 * How a scan's turn ended: sent (or there already), refused for this record (the
 * district may take it for another that lists it), left for a later run, or the
 * session ended.
 */
export type SendEnd = 'there' | 'refused' | 'later' | 'unauthenticated';

const TUS = { 'tus-resumable': '1.0.0' };
const meta = (key: string, value: string): string =>
  `${key} ${Buffer.from(value).toString('base64')}`;

function refused(deps: ScanCallDeps, up: ScansUp, sha256: string, what: string): SendEnd {
  up.resting.set(sha256, deps.now() + RESTING_MS);
  const key = `${sha256} ${what}`;
  if (!up.told.has(key)) {
    up.told.add(key);
    deps.log(
      `relay: the district did not take scan ${sha256} (${what}); tried again in ${RESTING_MS / 1000} s`,
    );
  }
  return 'refused';
}

/** `HTTP 404: no record here lists this scan (yet)`: a refusal as logged. */
async function answerOf(res: Response): Promise<string> {
  const body = (await res.text()).slice(0, 200);
  return body === '' ? `HTTP ${res.status}` : `HTTP ${res.status}: ${body}`;
}

/**
 * An offset the district names for an upload of `size` bytes that is still unfinished
 * there: only the district's answer to the last PATCH says the scan is whole (the hash
 * checked); any other offset at or past the end, or below 0, is not taken.
 */
const unfinished = (offset: number | null, size: number): offset is number =>
  offset !== null && offset >= 0 && offset < size;

/** The district's offset of an unfinished upload, or null when it has none (start again). */
async function offsetOf(deps: ScanCallDeps, token: string, url: string): Promise<number | null> {
  const res = await deps.fetch(url, {
    method: 'HEAD',
    headers: { ...TUS, authorization: `Bearer ${token}` },
  });
  const offset = Number(res.headers.get('upload-offset'));
  return res.ok && Number.isSafeInteger(offset) ? offset : null;
}

/**
 * The upload's address a district's Location names, only at the district and under
 * its tus route (the relay's session goes with every call to it); else null.
 */
export function uploadUrlOf(location: string, district: string): string | null {
  let url: URL;
  try {
    url = new URL(location, district);
  } catch {
    return null;
  }
  const atDistrict = url.origin === new URL(district).origin;
  return atDistrict && url.pathname.startsWith(`${ATTACHMENT_API.files}/`) ? url.href : null;
}

/** A created upload's address, or why there is none. */
async function createUpload(
  deps: ScanCallDeps,
  token: string,
  scan: ScanRef,
  size: number,
): Promise<{ url: string } | { refusal: string } | 'there' | 'unauthenticated'> {
  const res = await deps.fetch(deps.url + ATTACHMENT_API.files, {
    method: 'POST',
    headers: {
      ...TUS,
      authorization: `Bearer ${token}`,
      'upload-length': String(size),
      'upload-metadata': [
        meta(UPLOAD_METADATA.sha256, scan.sha256),
        meta(UPLOAD_METADATA.recordId, scan.recordId),
      ].join(','),
    },
  });
  if (res.status === 401) return 'unauthenticated';
  // Refused because the district has the scan already (tus-routes.ts): sent.
  if (res.status === 409) return 'there';
  const location = res.headers.get('location');
  if (res.status !== 201 || location === null) return { refusal: await answerOf(res) };
  const url = uploadUrlOf(location, deps.url);
  return url === null
    ? { refusal: `an upload address elsewhere: ${location.slice(0, 200)}` }
    : { url };
}

/** The upload to go on with: an earlier try's, where the district's copy stopped, or a new one. */
async function uploadAt(
  deps: ScanCallDeps,
  up: ScansUp,
  token: string,
  scan: ScanRef,
  size: number,
): Promise<{ url: string; offset: number } | SendEnd> {
  const known = up.uploads.get(scan.sha256);
  const offset = known === undefined ? null : await offsetOf(deps, token, known);
  if (known !== undefined && unfinished(offset, size)) return { url: known, offset };
  const created = await createUpload(deps, token, scan, size);
  if (typeof created === 'string') return created;
  if ('refusal' in created) return refused(deps, up, scan.sha256, created.refusal);
  up.uploads.set(scan.sha256, created.url);
  up.changed = true;
  await deps.keep?.();
  return { url: created.url, offset: 0 };
}

async function readPart(
  path: string,
  offset: number,
  length: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const file = await open(path, 'r');
  try {
    const buf = new Uint8Array(length);
    const { bytesRead } = await file.read(buf, 0, length, offset);
    return buf.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Sends one scan unless the district has it: HEAD first, then the upload, resumed
 * where the district's copy of an earlier try stopped. A failed call (the WAN)
 * rejects; the caller ends its pass.
 */
export async function sendScan(
  deps: ScanCallDeps,
  up: ScansUp,
  token: string,
  scan: ScanRef,
  partBytes = PART_BYTES,
): Promise<SendEnd> {
  const auth = { authorization: `Bearer ${token}` };
  const head = await deps.fetch(deps.url + blobPath(scan.sha256, scan.recordId), {
    method: 'HEAD',
    headers: auth,
  });
  if (head.status === 401) return 'unauthenticated';
  if (head.ok) return sent(deps, up, scan.sha256, false);
  // 403: the record is not the relay's to send; 404: the scan, or the record's event, is not there.
  if (head.status !== 404) return refused(deps, up, scan.sha256, `HTTP ${head.status}`);
  const size = await deps.blobs.sizeOf(scan.sha256);
  if (size === null) return 'later';
  const started = await uploadAt(deps, up, token, scan, size);
  if (started === 'there') return sent(deps, up, scan.sha256, false);
  if (typeof started === 'string') return started;
  const { url } = started;
  let { offset } = started;
  const path = deps.blobs.pathOf(scan.sha256);
  // Whether the last PATCH was answered 409 and the district's offset taken since.
  let resynced = false;
  while (offset < size) {
    const part = await readPart(path, offset, Math.min(partBytes, size - offset));
    const res: Response = await deps.fetch(url, {
      method: 'PATCH',
      headers: {
        ...TUS,
        ...auth,
        'upload-offset': String(offset),
        'content-type': 'application/offset+octet-stream',
      },
      body: part,
    });
    if (res.status === 401) return 'unauthenticated';
    // 409: the district's copy is not where this PATCH said (an earlier, cut PATCH
    // wrote part of its bytes after the offset was asked): go on from where it is,
    // once per PATCH so a district answering 409 for good ends the turn.
    if (res.status === 409 && !resynced) {
      const at = await offsetOf(deps, token, url);
      if (unfinished(at, size)) {
        offset = at;
        resynced = true;
        continue;
      }
    }
    resynced = false;
    const next = Number(res.headers.get('upload-offset'));
    if (res.status !== 204 || !Number.isSafeInteger(next) || next <= offset || next > size) {
      // The district no longer has the upload, or refused it: the next run starts again.
      up.uploads.delete(scan.sha256);
      up.changed = true;
      refused(deps, up, scan.sha256, await answerOf(res));
      return 'later';
    }
    offset = next;
  }
  return sent(deps, up, scan.sha256, true);
}

/** The district has the scan: by this relay's upload (`uploaded`, logged) or otherwise. */
function sent(deps: ScanCallDeps, up: ScansUp, sha256: string, uploaded: boolean): SendEnd {
  markThere(up, sha256);
  if (uploaded) deps.log(`relay: scan ${sha256} sent to the district`);
  return 'there';
}

/**
 * Sends a scan for the first record that lists it for which the district takes it:
 * one refused for a record (not the relay's to send, its event not there yet, listed
 * with another size) is tried for the next. A failed call (the WAN) rejects.
 */
export async function sendListed(
  deps: ScanCallDeps,
  up: ScansUp,
  token: string,
  scan: ScanToSend,
  partBytes = PART_BYTES,
): Promise<SendEnd> {
  for (const recordId of scan.recordIds) {
    const end = await sendScan(deps, up, token, { sha256: scan.sha256, recordId }, partBytes);
    if (end !== 'refused') return end;
  }
  return 'later';
}
