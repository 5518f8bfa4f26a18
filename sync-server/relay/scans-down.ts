import { appendFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '@domain/events.ts';
import type { RecordId } from '@domain/ids.ts';
import { blobPath } from '@protocol/attachments.ts';
import { hashFile } from '../attachments/blob-dir.ts';
import {
  markThere,
  PART_BYTES,
  type ScanCallDeps,
  type ScanRef,
  type ScansUp,
} from './scans-up.ts';

/**
 * Scans come down from the district to an office relay on demand only (decision
 * 0010, amendment 3): a tablet at the relay asks for a scan the relay lacks, is
 * answered 404 as before, and the relay fetches it from the district with its own
 * session, in parts of PART_BYTES by HTTP Range (each through the relay's timed
 * fetch), into `uploads/district-<sha256>` (resumed from its length after a cut or
 * a restart; swept like an idle upload if nobody asks again). The whole is hashed
 * before it joins the blob directory: bytes that do not hash to their name are
 * thrown away and said in the log. The tablet's next pass finds the scan.
 */

/** At most this many scans wait to be fetched; more asks are dropped (the tablet asks again). */
export const WANTED_MAX = 200;

/** The scans the relay's tablets asked for, oldest first, each once. */
export interface Wanted {
  want(sha256: string, recordId: RecordId): void;
  next(): ScanRef | undefined;
  drop(sha256: string): void;
}

export function createWanted(max = WANTED_MAX): Wanted {
  const queue = new Map<string, RecordId>();
  return {
    want(sha256, recordId) {
      if (queue.size < max && !queue.has(sha256)) queue.set(sha256, recordId);
    },
    next() {
      const first = queue.entries().next();
      return first.done === true ? undefined : { sha256: first.value[0], recordId: first.value[1] };
    },
    drop: (sha256) => void queue.delete(sha256),
  };
}

/** How one fetch ended. */
export type FetchEnd = 'stored' | 'absent' | 'forged' | 'unauthenticated';

const partialPath = (deps: ScanCallDeps, sha256: string): string =>
  join(deps.blobs.uploads, `district-${sha256}`);

async function lengthOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch {
    return 0;
  }
}

/** `bytes a-b/total` of a 206: a and total, or null. */
function contentRange(header: string | null): { start: number; total: number } | null {
  const m = /^bytes (\d+)-\d+\/(\d+)$/.exec(header ?? '');
  return m === null ? null : { start: Number(m[1]), total: Number(m[2]) };
}

async function refuse(
  deps: ScanCallDeps,
  path: string,
  sha256: string,
  why: string,
): Promise<FetchEnd> {
  await rm(path, { force: true });
  deps.log(`relay: refused scan ${sha256} from the district: ${why}; not stored`);
  return 'forged';
}

/**
 * Fetches one scan from the district, resuming a partial copy, and adopts it once
 * its bytes hash to its name. A failed call (the WAN) rejects with the partial
 * copy kept for the next try.
 */
export async function fetchScan(
  deps: ScanCallDeps,
  up: ScansUp,
  token: string,
  scan: ScanRef,
  partBytes = PART_BYTES,
): Promise<FetchEnd> {
  if ((await deps.blobs.sizeOf(scan.sha256)) !== null) return 'stored';
  const path = partialPath(deps, scan.sha256);
  let have = await lengthOf(path);
  for (;;) {
    const res = await deps.fetch(deps.url + blobPath(scan.sha256, scan.recordId), {
      headers: { authorization: `Bearer ${token}`, range: `bytes=${have}-${have + partBytes - 1}` },
    });
    if (res.status === 401) return 'unauthenticated';
    // Nothing to fetch from the start: the district's copy is empty (the record lists it with more).
    if (res.status === 416 && have === 0) return 'absent';
    const range = res.status === 206 ? contentRange(res.headers.get('content-range')) : null;
    // A restart after the last part and before the check: the whole is here.
    if (res.status === 416 && res.headers.get('content-range') === `bytes */${have}`) break;
    if (res.status === 416 || (range !== null && range.start !== have)) {
      // The partial copy is longer than the district's, or the answer is for other bytes.
      return refuse(deps, path, scan.sha256, 'its answer does not continue the part fetched');
    }
    if (res.status !== 200 && range === null) return 'absent';
    const total = range?.total ?? Number(res.headers.get('content-length'));
    if (total > LIMITS.attachmentBytes) return refuse(deps, path, scan.sha256, 'it is too large');
    const body = new Uint8Array(await res.arrayBuffer());
    // 200: the whole scan, whatever was here before.
    if (range === null) await rm(path, { force: true });
    await appendFile(path, body);
    have = range === null ? body.byteLength : have + body.byteLength;
    if (range === null || have >= total || body.byteLength === 0) break;
  }
  // Created if no part ever came (hashed as empty, never a missing file).
  await appendFile(path, new Uint8Array());
  if ((await hashFile(path)) !== scan.sha256)
    return refuse(deps, path, scan.sha256, 'its bytes do not hash to its name');
  await deps.blobs.adopt(path, scan.sha256);
  await rm(path, { force: true });
  markThere(up, scan.sha256);
  deps.log(`relay: scan ${scan.sha256} fetched from the district for a tablet`);
  return 'stored';
}
