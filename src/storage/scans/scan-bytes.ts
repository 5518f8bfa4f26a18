import { ATTACHMENT_MIMES, type AttachmentMime } from '@domain/events.ts';

/**
 * What a scan's bytes really are. A file's claimed type (its name, or the
 * browser's guess from the name) is not trusted: the first bytes decide.
 */

function startsWith(bytes: Uint8Array, sig: readonly number[], at = 0): boolean {
  return sig.every((b, i) => bytes[at + i] === b);
}

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** The mime the bytes carry by their signature, or null if not one we accept. */
export function sniffMime(bytes: Uint8Array): AttachmentMime | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

export function isAttachmentMime(m: string): m is AttachmentMime {
  return (ATTACHMENT_MIMES as readonly string[]).includes(m);
}

/** Lowercase hex of a digest. */
export function toHex(digest: ArrayBuffer | Uint8Array): string {
  const bytes = digest instanceof Uint8Array ? digest : new Uint8Array(digest);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 hex with WebCrypto (browser and Node ≥ 20 both have it). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // A fresh, unshared copy: subtle.digest refuses views of shared memory.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', copy));
}
