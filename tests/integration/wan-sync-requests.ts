import { API } from '@protocol/api.ts';
import { decodeFrame } from '@protocol/codec.ts';
import type { SyncRequest } from '@protocol/messages.ts';
import { decodedBody, messagesIn } from './wan-http.ts';
import type { SentChunk } from './wan-proxy.ts';

/**
 * The sync requests in what a relay sent over the WAN (WanProxy.record), in the
 * order they were complete, decoded as the district decodes them.
 */
export function syncRequestsIn(chunks: readonly SentChunk[]): SyncRequest[] {
  return messagesIn(chunks)
    .filter((m) => m.line.startsWith(`POST ${API.sync} `))
    .map((m) => {
      const frame = decodeFrame(decodedBody(m));
      if (!frame.ok || frame.value.type !== 'syncRequest')
        throw new Error(`not a sync request: ${m.line}`);
      return frame.value;
    });
}
