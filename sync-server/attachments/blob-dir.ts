import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, mkdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Scan bytes on the server.
 *
 * What is stored where (under the data directory):
 * - `uploads/<id>` and `uploads/<id>.json`  tus uploads in progress (@tus/file-store);
 * - `blobs/<sha256>`  finished scans whose bytes hash to their name. A verified
 *   upload is hard-linked here, so a client that lost the last reply still
 *   finds its upload complete when it asks again.
 */

const SHA256_HEX = /^[0-9a-f]{64}$/;

export const isSha256Hex = (s: unknown): s is string => typeof s === 'string' && SHA256_HEX.test(s);

export interface BlobDir {
  readonly uploads: string;
  readonly blobs: string;
  pathOf(sha256: string): string;
  /** Size in bytes, or null when the scan is not here. */
  sizeOf(sha256: string): Promise<number | null>;
  /** Makes the verified file at `from` the stored copy of `sha256`. */
  adopt(from: string, sha256: string): Promise<void>;
}

export async function openBlobDir(dataDir: string): Promise<BlobDir> {
  const uploads = join(dataDir, 'uploads');
  const blobs = join(dataDir, 'blobs');
  await mkdir(uploads, { recursive: true });
  await mkdir(blobs, { recursive: true });
  const pathOf = (sha256: string): string => {
    if (!isSha256Hex(sha256)) throw new Error('not a SHA-256');
    return join(blobs, sha256);
  };
  return {
    uploads,
    blobs,
    pathOf,
    async sizeOf(sha256) {
      try {
        return (await stat(pathOf(sha256))).size;
      } catch {
        return null;
      }
    },
    async adopt(from, sha256) {
      try {
        await link(from, pathOf(sha256));
      } catch (e) {
        // Someone uploaded the same scan first: same hash, same bytes.
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    },
  };
}

/** SHA-256 hex of a file, streamed (scans can be tens of MB). */
export function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

/**
 * Removes every scan and unfinished upload (a demo reset: no trace of the
 * class's work may remain). Only for the demo district; the record data that
 * referenced them is wiped in the same reset.
 */
export async function clearScans(dataDir: string): Promise<void> {
  for (const dir of ['uploads', 'blobs']) {
    await rm(join(dataDir, dir), { recursive: true, force: true });
    await mkdir(join(dataDir, dir), { recursive: true });
  }
}
