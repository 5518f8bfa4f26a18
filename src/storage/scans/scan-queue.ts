import type { RecordId } from '@domain/ids.ts';
import type { PatravaliDb, ScanUploadRow, TusUrlRow } from '../db/db.ts';

/**
 * The device side of scan transfer, as data.
 *
 * What is stored where:
 * - `scanUploads` one row per scan that must reach the server (written by
 *   attachScan in the same transaction as its event); `sent` is the last
 *   offset the server confirmed, for the progress bar.
 * - `tusUrls` tus-js-client's URL storage: the upload URL of each scan's
 *   fingerprint, so an upload resumes at the server's offset after a drop,
 *   a reload or a restart of the tablet.
 */

/** Uploads to run now, oldest first (paused and finished ones wait). */
export async function waitingUploads(db: PatravaliDb): Promise<ScanUploadRow[]> {
  return db.scanUploads.where('state').equals('waiting').sortBy('queuedAt');
}

/** How many scans wait to be uploaded (live-queried by the transfer starter). */
export function waitingUploadCount(db: PatravaliDb): Promise<number> {
  return db.scanUploads.where('state').equals('waiting').count();
}

export async function setUploadState(
  db: PatravaliDb,
  sha256: string,
  state: ScanUploadRow['state'],
): Promise<void> {
  await db.scanUploads.update(sha256, { state });
}

export async function setUploadSent(db: PatravaliDb, sha256: string, sent: number): Promise<void> {
  await db.scanUploads.update(sha256, { sent });
}

/** Upload rows for a record's scans (for progress bars on its page). */
export function uploadsOfRecord(db: PatravaliDb, recordId: RecordId): Promise<ScanUploadRow[]> {
  return db.scanUploads.filter((r) => r.recordId === recordId).toArray();
}

/** tus-js-client's previous-upload record (its UrlStorage contract). */
export interface PreviousUpload {
  size: number | null;
  metadata: { [key: string]: string };
  creationTime: string;
  urlStorageKey: string;
  uploadUrl: string | null;
  parallelUploadUrls: string[] | null;
}

/** tus-js-client UrlStorage over the `tusUrls` table. */
export function dexieUrlStorage(db: PatravaliDb, newKey: () => string) {
  const toUpload = (row: TusUrlRow): PreviousUpload => ({
    ...(row.upload as PreviousUpload),
    urlStorageKey: row.key,
  });
  return {
    async findAllUploads(): Promise<PreviousUpload[]> {
      return (await db.tusUrls.toArray()).map(toUpload);
    },
    async findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
      return (await db.tusUrls.where('fingerprint').equals(fingerprint).toArray()).map(toUpload);
    },
    async removeUpload(urlStorageKey: string): Promise<void> {
      await db.tusUrls.delete(urlStorageKey);
    },
    async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
      const key = `tus::${fingerprint}::${newKey()}`;
      await db.tusUrls.put({ key, fingerprint, upload: { ...upload, urlStorageKey: key } });
      return key;
    },
  };
}
