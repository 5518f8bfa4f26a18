/**
 * gzip for sync request bodies via the standard CompressionStream (browsers,
 * Node 18+). Stores nothing.
 */

export type Gzip = (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>;

/** Compresses with CompressionStream('gzip'). */
export async function gzipWithStream(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<Uint8Array<ArrayBuffer>> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The platform's gzip, or null where CompressionStream is missing (then bodies go uncompressed). */
export function gzipFromGlobals(): Gzip | null {
  return typeof globalThis.CompressionStream === 'function' ? gzipWithStream : null;
}
