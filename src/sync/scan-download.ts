import type { RecordId } from '@domain/ids.ts';
import { blobPath } from '@protocol/attachments.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import {
  completeDownload,
  dropChunks,
  evictOverBudget,
  hasScan,
  receivedSoFar,
  saveChunk,
  scansToFetch,
} from '@storage/scans/scan-store.ts';

/**
 * Fetches scans from the server with HTTP Range: every part that arrives is
 * saved at once, so when the link drops the next attempt asks only for the
 * rest (`Range: bytes=<received>-`). A finished scan is hashed before it is
 * kept. Never throws; the result says what to do next.
 */

export interface ScanDownloadDeps {
  readonly db: PatravaliDb;
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly getToken: () => string | null;
  readonly now: () => number;
  /** Save a part every this many bytes (a drop loses less than one part). */
  readonly partBytes?: number;
}

export type DownloadResult =
  | 'done'
  /** The link dropped; what arrived is kept for the next attempt. */
  | 'interrupted'
  /** The server does not have it yet (not uploaded), or no such record there. */
  | 'notYet'
  | 'forbidden'
  /** The bytes did not match their hash; they were thrown away. */
  | 'corrupt';

const PART_BYTES = 64 * 1024;

/** 429 (a server busy, or an office relay not yet able to check the session) is tried later. */
function statusResult(status: number): DownloadResult {
  if (status === 401 || status === 403) return 'forbidden';
  if (status === 404) return 'notYet';
  return 'interrupted';
}

/** Reads the body into saved parts from `offset`; returns the new offset. */
async function receive(
  deps: ScanDownloadDeps,
  sha256: string,
  body: ReadableStream<Uint8Array>,
  offset: number,
): Promise<number> {
  const partBytes = deps.partBytes ?? PART_BYTES;
  const reader = body.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let at = offset;
  const flush = async (): Promise<void> => {
    if (pendingBytes === 0) return;
    const part = new Uint8Array(pendingBytes);
    let i = 0;
    for (const p of pending) {
      part.set(p, i);
      i += p.byteLength;
    }
    await saveChunk(deps.db, sha256, at, part);
    at += pendingBytes;
    pending = [];
    pendingBytes = 0;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      pendingBytes += value.byteLength;
      if (pendingBytes >= partBytes) await flush();
    }
  } finally {
    // Whatever arrived before a drop is kept.
    await flush();
  }
  return at;
}

export async function downloadScan(
  deps: ScanDownloadDeps,
  scan: { readonly sha256: string; readonly recordId: RecordId },
): Promise<DownloadResult> {
  const { db } = deps;
  const { sha256 } = scan;
  if (await hasScan(db, sha256)) return 'done';
  let offset = await receivedSoFar(db, sha256);
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const token = deps.getToken();
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  try {
    const res = await deps.fetch(`${deps.baseUrl}${blobPath(sha256, scan.recordId)}`, { headers });
    if (res.status === 416 && offset > 0) {
      // We already hold every byte; only the final check was missing.
    } else if (res.status !== 200 && res.status !== 206) {
      return statusResult(res.status);
    } else {
      if (res.status === 200 && offset > 0) {
        // The server ignored the range: start over.
        await dropChunks(db, sha256);
        offset = 0;
      }
      if (res.body === null) return 'interrupted';
      await receive(deps, sha256, res.body, offset);
    }
    const mime = res.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream';
    return (await completeDownload(db, sha256, mime, deps.now())) ? 'done' : 'corrupt';
  } catch {
    return 'interrupted';
  }
}

/** Downloads the scans the budget plans for (scan-store.ts), newest first; stops at the first drop. */
export async function fetchPlannedScans(deps: ScanDownloadDeps): Promise<number> {
  let fetched = 0;
  await evictOverBudget(deps.db);
  for (const want of await scansToFetch(deps.db, deps.now())) {
    const result = await downloadScan(deps, want);
    if (result === 'done') fetched++;
    if (result === 'interrupted') break;
  }
  return fetched;
}
