import { gunzipSync } from 'node:zlib';
import { API } from '@protocol/api.ts';
import { decodeFrame } from '@protocol/codec.ts';
import type { SyncRequest } from '@protocol/messages.ts';
import type { SentChunk } from './wan-proxy.ts';

/**
 * The sync requests in what a relay sent over the WAN (WanProxy.record), in the
 * order they were complete: each connection's bytes are read as HTTP/1.1 requests
 * with a Content-Length (what fetch sends for a body it holds whole), gunzipped
 * when the request says gzip, and decoded as the district decodes them.
 */
export function syncRequestsIn(chunks: readonly SentChunk[]): SyncRequest[] {
  const pending = new Map<number, Buffer>();
  const found: SyncRequest[] = [];
  for (const { connection, bytes } of chunks) {
    let buffer = Buffer.concat([pending.get(connection) ?? Buffer.alloc(0), bytes]);
    for (;;) {
      const end = buffer.indexOf('\r\n\r\n');
      if (end < 0) break;
      const [line = '', ...headers] = buffer.subarray(0, end).toString('latin1').split('\r\n');
      const header = (name: string) =>
        headers
          .find((h) => h.toLowerCase().startsWith(`${name}:`))
          ?.slice(name.length + 1)
          .trim();
      if (header('transfer-encoding') !== undefined)
        throw new Error(`a request body not sent whole: ${line}`);
      const length = Number(header('content-length') ?? '0');
      if (buffer.length < end + 4 + length) break;
      const body = buffer.subarray(end + 4, end + 4 + length);
      buffer = buffer.subarray(end + 4 + length);
      if (!line.startsWith(`POST ${API.sync} `)) continue;
      const frame = decodeFrame(header('content-encoding') === 'gzip' ? gunzipSync(body) : body);
      if (!frame.ok || frame.value.type !== 'syncRequest')
        throw new Error(`not a sync request: ${line}`);
      found.push(frame.value);
    }
    pending.set(connection, buffer);
  }
  return found;
}
