import type { RecordId } from '@domain/ids.ts';

/**
 * The rows of the scan tables (Dexie v3): `blobs` (the bytes; since v16 also
 * indexed [origin+savedAt+size], read without the bytes: scans/scan-store.ts),
 * `scanUploads`, `tusUrls` and `scanChunks`. Declared with the rest of the
 * store in db.ts.
 */

/** One scan's bytes on this device (v3). */
export interface BlobRow {
  readonly sha256: string;
  readonly mime: string;
  readonly data: Uint8Array;
  readonly size: number;
  readonly savedAt: number;
  /** Attached here (must be uploaded; never evicted) or fetched from the server. */
  readonly origin: 'local' | 'server';
}

/** A scan waiting to reach the server (v3). */
export interface ScanUploadRow {
  readonly sha256: string;
  /** A record that references it; the server checks nothing about it on upload. */
  readonly recordId: RecordId;
  readonly name: string;
  readonly mime: string;
  readonly size: number;
  readonly queuedAt: number;
  /** 'refused': the server would not take it (e.g. the bytes did not match their hash). */
  readonly state: 'waiting' | 'paused' | 'done' | 'refused';
  readonly sent: number;
}

/** tus-js-client's stored upload URL for a fingerprint (v3). */
export interface TusUrlRow {
  readonly key: string;
  readonly fingerprint: string;
  readonly upload: unknown;
}

/** A received part of a scan being downloaded (v3). */
export interface ScanChunkRow {
  readonly sha256: string;
  readonly offset: number;
  readonly data: Uint8Array;
}
