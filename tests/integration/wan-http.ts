import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { SentChunk } from './wan-proxy.ts';

/**
 * HTTP/1.1 messages read back from the bytes a WanProxy recorded: each
 * connection's bytes in one direction are read as a row of messages, each with
 * its start line, its headers and its body as it crossed the wire (still
 * compressed if it was), whole by Content-Length or by chunks. A message whose
 * bytes are not all there yet is left out.
 */

export interface WireMessage {
  readonly connection: number;
  /** The place in the recording of the chunk that completed it: messages compare by it in time. */
  readonly at: number;
  /** `POST /api/sync HTTP/1.1`, `HTTP/1.1 200 OK`. */
  readonly line: string;
  /** Lower-cased names. */
  readonly headers: ReadonlyMap<string, string>;
  /** The body's bytes as they crossed the link, transfer chunking taken away. */
  readonly body: Buffer;
}

/** The chunked body starting at `at`: its bytes and where the message ends, or null if cut short. */
function chunked(buffer: Buffer, at: number): { body: Buffer; end: number } | null {
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = buffer.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = parseInt(buffer.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) throw new Error('a chunk size that is not a number');
    const start = lineEnd + 2;
    if (size === 0) {
      // No trailers from fetch or the district: the last chunk is followed by CRLF.
      if (buffer.length < start + 2) return null;
      return { body: Buffer.concat(parts), end: start + 2 };
    }
    if (buffer.length < start + size + 2) return null;
    parts.push(buffer.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** A request's or a response's first line, ending. */
const START_LINE = /(?:[A-Z]+ \/\S* HTTP\/1\.1|HTTP\/1\.1 \d{3}[^\r\n]*)\r\n/;

/**
 * The messages in `chunks`, in the order they were complete. A 204 or 304 answer
 * has no body. A connection recorded from part-way through a message is read from
 * the first start line after that.
 */
export function messagesIn(chunks: readonly SentChunk[]): WireMessage[] {
  /** Each connection's chunks, with their places in the recording. */
  const byConnection = new Map<number, { bytes: Buffer; at: number }[]>();
  chunks.forEach(({ connection, bytes }, at) =>
    byConnection.set(connection, [...(byConnection.get(connection) ?? []), { bytes, at }]),
  );
  const found: WireMessage[] = [];
  for (const [connection, parts] of byConnection) {
    const buffer = Buffer.concat(parts.map((p) => p.bytes));
    /** The place of the chunk holding the byte before `end`. */
    const placeOf = (end: number): number => {
      let seen = 0;
      for (const p of parts) {
        seen += p.bytes.length;
        if (seen >= end) return p.at;
      }
      return parts.at(-1)?.at ?? 0;
    };
    let at = Math.max(0, buffer.toString('latin1').search(START_LINE));
    for (;;) {
      const headEnd = buffer.indexOf('\r\n\r\n', at);
      if (headEnd < 0) break;
      const [line = '', ...lines] = buffer.subarray(at, headEnd).toString('latin1').split('\r\n');
      const headers = new Map<string, string>();
      for (const h of lines) {
        const colon = h.indexOf(':');
        headers.set(h.slice(0, colon).trim().toLowerCase(), h.slice(colon + 1).trim());
      }
      const start = headEnd + 4;
      const noBody = / (304|204) /.test(`${line} `);
      let body: Buffer;
      if (!noBody && headers.get('transfer-encoding')?.includes('chunked') === true) {
        const read = chunked(buffer, start);
        if (read === null) break;
        body = read.body;
        at = read.end;
      } else {
        const length = noBody ? 0 : Number(headers.get('content-length') ?? '0');
        if (!Number.isSafeInteger(length) || length < 0) throw new Error(`not HTTP: ${line}`);
        if (buffer.length < start + length) break;
        body = buffer.subarray(start, start + length);
        at = start + length;
      }
      found.push({ connection, at: placeOf(at), line, headers, body });
    }
  }
  return found.sort((a, b) => a.at - b.at);
}

/** A message's body decoded as its Content-Encoding says (gzip, brotli or none). */
export function decodedBody(m: WireMessage): Buffer {
  const encoding = m.headers.get('content-encoding');
  if (encoding === 'gzip') return gunzipSync(m.body);
  if (encoding === 'br') return brotliDecompressSync(m.body);
  if (encoding !== undefined) throw new Error(`content-encoding ${encoding}`);
  return m.body;
}
