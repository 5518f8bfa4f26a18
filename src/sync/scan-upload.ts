import { Upload, type DetailedError } from 'tus-js-client';
import type { ScanUploadRow } from '@storage/db/db.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import {
  dexieUrlStorage,
  setUploadSent,
  setUploadState,
  waitingUploads,
} from '@storage/scans/scan-queue.ts';
import { ATTACHMENT_API, UPLOAD_METADATA } from '@protocol/attachments.ts';

/**
 * Sends queued scans to the server over tus, one at a time, oldest first.
 * Separate from record sync: notings and moves never wait behind a scan.
 * Each upload resumes from the server's offset (tus HEAD) using the URL kept
 * in `tusUrls`, so a drop costs at most the chunk in flight.
 */

export interface ScanUploaderDeps {
  readonly db: PatravaliDb;
  /** Server origin, e.g. `https://tehsil.example` ('' for same origin). */
  readonly baseUrl: string;
  readonly getToken: () => string | null;
  /** What tus-js-client reads: a Blob in the browser, a Buffer in Node. */
  readonly makeSource: (bytes: Uint8Array) => unknown;
  readonly newKey: () => string;
  /** Bytes per PATCH; smaller chunks lose less on a 2G drop. */
  readonly chunkSize?: number;
  /** Backoff between retries within one run (ms). */
  readonly retryDelays?: readonly number[];
}

export type UploadResult = 'done' | 'refused' | 'paused' | 'failed';

export interface ScanUploader {
  /** Uploads every waiting scan; returns how each went. Safe to call again at any time. */
  runOnce(): Promise<ReadonlyMap<string, UploadResult>>;
  /** Stops the scan's upload (if running) and keeps it from starting until resumed. */
  pause(sha256: string): Promise<void>;
  resume(sha256: string): Promise<void>;
}

const DEFAULT_CHUNK = 256 * 1024;
const DEFAULT_RETRY = [0, 1_000, 3_000, 10_000, 30_000];

/**
 * The server will never take this upload (a 4xx), so it is not tried again;
 * except 409/423 (a resume raced another), 429 (the person's allowance for
 * today is used up: the scan waits for tomorrow) and 401: the session was
 * refused, not the scan (sign in again, or another office's relay answering a
 * visitor's tablet, decision 0017 amendment 2), and the scan waits, as the outbox does.
 */
function isRefusal(e: Error | DetailedError): boolean {
  const status = 'originalResponse' in e ? e.originalResponse?.getStatus() : undefined;
  return (
    status !== undefined && status >= 400 && status < 500 && ![401, 409, 423, 429].includes(status)
  );
}

export function createScanUploader(deps: ScanUploaderDeps): ScanUploader {
  const { db } = deps;
  const urlStorage = dexieUrlStorage(db, deps.newKey);
  /** Stops a running upload and settles it as paused (tus abort() calls no callback). */
  const running = new Map<string, () => Promise<void>>();
  const paused = new Set<string>();

  async function uploadOne(row: ScanUploadRow): Promise<UploadResult> {
    const blob = await db.blobs.get(row.sha256);
    if (blob === undefined) return 'refused';
    return new Promise<UploadResult>((resolve) => {
      const upload = new Upload(deps.makeSource(blob.data) as Blob, {
        endpoint: `${deps.baseUrl}${ATTACHMENT_API.files}`,
        chunkSize: deps.chunkSize ?? DEFAULT_CHUNK,
        retryDelays: [...(deps.retryDelays ?? DEFAULT_RETRY)],
        uploadSize: blob.size,
        metadata: {
          [UPLOAD_METADATA.sha256]: row.sha256,
          [UPLOAD_METADATA.recordId]: row.recordId,
          [UPLOAD_METADATA.mime]: row.mime,
        },
        fingerprint: async () => `scan:${row.sha256}:${deps.baseUrl}`,
        urlStorage,
        storeFingerprintForResuming: true,
        removeFingerprintOnSuccess: true,
        onBeforeRequest: (req) => {
          const token = deps.getToken();
          if (token !== null) req.setHeader('Authorization', `Bearer ${token}`);
        },
        onChunkComplete: (_chunk, accepted) => void setUploadSent(db, row.sha256, accepted),
        onSuccess: () => resolve('done'),
        onError: (e) => {
          if (paused.has(row.sha256)) resolve('paused');
          else resolve(isRefusal(e) ? 'refused' : 'failed');
        },
      });
      running.set(row.sha256, async () => {
        // abort(false) keeps the server's partial upload for the resume.
        await upload.abort(false);
        resolve('paused');
      });
      void upload.findPreviousUploads().then(
        (previous) => {
          const last = previous[previous.length - 1];
          if (last !== undefined) upload.resumeFromPreviousUpload(last);
          if (paused.has(row.sha256)) resolve('paused');
          else upload.start();
        },
        () => upload.start(),
      );
    }).finally(() => running.delete(row.sha256));
  }

  async function settle(row: ScanUploadRow, result: UploadResult): Promise<void> {
    if (result === 'done') {
      await db.scanUploads.update(row.sha256, { state: 'done', sent: row.size });
    } else if (result === 'refused') {
      await setUploadState(db, row.sha256, 'refused');
    }
  }

  return {
    async runOnce() {
      const results = new Map<string, UploadResult>();
      for (const row of await waitingUploads(db)) {
        if (paused.has(row.sha256)) continue;
        const result = await uploadOne(row);
        await settle(row, result);
        results.set(row.sha256, result);
      }
      return results;
    },
    async pause(sha256) {
      paused.add(sha256);
      await setUploadState(db, sha256, 'paused');
      await running.get(sha256)?.();
    },
    async resume(sha256) {
      paused.delete(sha256);
      await setUploadState(db, sha256, 'waiting');
    },
  };
}
