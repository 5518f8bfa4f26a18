/**
 * Scan transfer, shared by device and server. Uploads use the tus protocol
 * (resumable, https://tus.io) at `files`; downloads are plain GETs with HTTP
 * Range at `blobs/<sha256>?record=<recordId>` — the record is the one that
 * references the scan, and the server lets only its readers download it.
 */
export const ATTACHMENT_API = {
  files: '/api/files',
  blobs: '/api/blobs',
} as const;

/** tus Upload-Metadata keys the server requires. */
export const UPLOAD_METADATA = {
  sha256: 'sha256',
  recordId: 'recordId',
  mime: 'filetype',
} as const;

/** Status the server answers when the uploaded bytes do not hash to the declared SHA-256. */
export const HASH_MISMATCH_STATUS = 422;

export function blobPath(sha256: string, recordId: string): string {
  return `${ATTACHMENT_API.blobs}/${sha256}?record=${encodeURIComponent(recordId)}`;
}
