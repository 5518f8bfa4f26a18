import { decodeFrame, encodeFrame } from './codec.ts';
import { API } from './api.ts';
import { COMPRESS_MIN_BYTES } from './messages.ts';
import type { ErrorCode, SyncRequest, SyncResponse } from './messages.ts';
import { gzipFromGlobals, type Gzip } from './gzip.ts';

/**
 * One HTTP exchange of the sync protocol: POST a SyncRequest frame, classify
 * what came back. Never throws; the engine decides what each outcome means
 * for retries and status. Request bodies above COMPRESS_MIN_BYTES go
 * gzip-compressed when a compressor is available. Responses come brotli or
 * gzip (the server chooses by Accept-Encoding) and the browser (or undici)
 * decodes them by itself.
 */

/**
 * Asks for brotli where the request may say so (Node's fetch, which on plain
 * http would offer only gzip). A browser drops it, Accept-Encoding being a
 * forbidden header, and offers what it decodes: Chromium offers br on secure
 * origins, as the app is served.
 */
const ACCEPT_ENCODING = 'br, gzip';

/**
 * A sync answer larger than this once decoded is refused. No page comes near it
 * (pages hold about PAGE_BYTES), and a few kilobytes of brotli from a broken or
 * hostile server must not fill a cheap tablet's (or a relay's) memory.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/** What readCapped throws past its limit. */
export class AnswerTooLarge extends Error {}

/** The body, decoded, read piece by piece and given up past `max` bytes. */
export async function readCapped(res: Response, max: number): Promise<Uint8Array> {
  const reader = res.body?.getReader();
  if (reader === undefined) return new Uint8Array(0);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge(`the server's answer is larger than ${max} bytes; not read`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

export interface SyncTransportDeps {
  readonly baseUrl: string;
  readonly fetch: typeof fetch;
  readonly now: () => number;
  /**
   * Compresses request bodies; defaults to CompressionStream when the platform
   * has one. null sends every body uncompressed.
   */
  readonly gzip?: Gzip | null;
}

export type ExchangeOutcome =
  | {
      readonly kind: 'response';
      readonly response: SyncResponse;
      /** Device clock when the request left and the response arrived (for the clock offset). */
      readonly sentAt: number;
      readonly receivedAt: number;
      /** Request plus response body bytes as they crossed the wire (compressed if they were). */
      readonly wireBytes: number;
    }
  | {
      readonly kind: 'unauthenticated';
      readonly detail: string;
      /**
       * An office relay's 401 `otherOffice`: a session of a person of another office that
       * the district answers itself (live, or its access revoked), as the district told it
       * (decision 0017, amendment 2). Only the tablet's own address is taken at its word
       * (own-address.ts); anywhere else it is a 401 like any other.
       */
      readonly otherOffice?: true;
    }
  /** An administrator revoked the signed-in person's access on this device. */
  | { readonly kind: 'accessRevoked'; readonly detail: string }
  | {
      readonly kind: 'versionMismatch';
      readonly code: 'clientTooOld' | 'serverTooOld';
      readonly detail: string;
    }
  | {
      readonly kind: 'refused';
      readonly code: ErrorCode;
      readonly detail: string;
      /** From Retry-After (seconds from now), when the server said when to come back. */
      readonly retryAfterMs?: number;
    }
  | { readonly kind: 'failed'; readonly error: 'network' | 'server'; readonly detail: string };

export async function exchange(
  deps: SyncTransportDeps,
  token: string,
  request: SyncRequest,
  signal?: AbortSignal,
): Promise<ExchangeOutcome> {
  const sentAt = deps.now();
  let res: Response;
  let bytes: Uint8Array;
  let sentBytes: number;
  try {
    const body = await requestBody(encodeFrame(request), deps.gzip);
    sentBytes = body.bytes.byteLength;
    res = await deps.fetch(deps.baseUrl + API.sync, {
      method: 'POST',
      headers: { ...body.headers, authorization: `Bearer ${token}` },
      body: body.bytes,
      signal,
    });
    bytes = await readCapped(res, MAX_RESPONSE_BYTES);
  } catch (e) {
    if (e instanceof AnswerTooLarge) return { kind: 'failed', error: 'server', detail: e.message };
    // A dropped link mid-body lands here too: nothing was applied, so a retry is safe.
    return { kind: 'failed', error: 'network', detail: e instanceof Error ? e.message : String(e) };
  }
  const receivedAt = deps.now();
  return classify(res, bytes, sentAt, receivedAt, sentBytes + receivedBytes(res, bytes));
}

interface RequestBody {
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly headers: Readonly<Record<string, string>>;
}

async function requestBody(
  frame: Uint8Array<ArrayBuffer>,
  gzip: Gzip | null | undefined,
): Promise<RequestBody> {
  const compress = gzip === undefined ? gzipFromGlobals() : gzip;
  const headers = {
    'content-type': 'application/octet-stream',
    'accept-encoding': ACCEPT_ENCODING,
  };
  if (compress === null || frame.byteLength <= COMPRESS_MIN_BYTES) return { bytes: frame, headers };
  return { bytes: await compress(frame), headers: { ...headers, 'content-encoding': 'gzip' } };
}

/** A compressed response arrives decoded; its Content-Length still says what crossed the wire. */
function receivedBytes(res: Response, inflated: Uint8Array): number {
  const length = Number(res.headers.get('content-length'));
  return res.headers.get('content-encoding') !== null && Number.isFinite(length) && length > 0
    ? length
    : inflated.byteLength;
}

/** Retry-After in seconds (the only form this server sends), as ms; null when absent or odd. */
function retryAfter(res: Response): number | null {
  const seconds = Number(res.headers.get('retry-after') ?? '');
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null;
}

/**
 * A gateway's own failures (no server behind it, or none in time); every sync server's
 * answer to a sync is a frame. Not 503: a proxy's rate limit and a server closing give
 * it, and the server is there.
 */
const GATEWAY_STATUSES: ReadonlySet<number> = new Set([502, 504]);

function classify(
  res: Response,
  bytes: Uint8Array,
  sentAt: number,
  receivedAt: number,
  wireBytes: number,
): ExchangeOutcome {
  const decoded = decodeFrame(bytes);
  if (decoded.ok && decoded.value.type === 'error' && decoded.value.code === 'accessRevoked') {
    return { kind: 'accessRevoked', detail: decoded.value.detail };
  }
  if (res.status === 401) {
    const elsewhere =
      decoded.ok && decoded.value.type === 'error' && decoded.value.code === 'otherOffice';
    return elsewhere
      ? { kind: 'unauthenticated', detail: decoded.value.detail, otherOffice: true }
      : { kind: 'unauthenticated', detail: 'HTTP 401' };
  }
  if (!decoded.ok && GATEWAY_STATUSES.has(res.status))
    // A proxy in front answered for a server that is not there (an office relay that
    // stepped aside, decision 0021): as good as no answer, so the tablet may fall back.
    return {
      kind: 'failed',
      error: 'network',
      detail: `HTTP ${res.status} from a proxy: no sync server behind it`,
    };
  if (!decoded.ok) {
    // The decoder speaks from a server's side; here the client is decoding, so the roles swap.
    if (decoded.error.code === 'serverTooOld')
      return { kind: 'versionMismatch', code: 'clientTooOld', detail: decoded.error.detail };
    if (decoded.error.code === 'clientTooOld')
      return { kind: 'versionMismatch', code: 'serverTooOld', detail: decoded.error.detail };
    return {
      kind: 'failed',
      error: 'server',
      detail: `HTTP ${res.status}: ${decoded.error.detail}`,
    };
  }
  const frame = decoded.value;
  if (frame.type === 'error') {
    if (frame.code === 'clientTooOld' || frame.code === 'serverTooOld') {
      return { kind: 'versionMismatch', code: frame.code, detail: frame.detail };
    }
    if (frame.code === 'unauthenticated') return { kind: 'unauthenticated', detail: frame.detail };
    const retryAfterMs = retryAfter(res);
    return {
      kind: 'refused',
      code: frame.code,
      detail: frame.detail,
      ...(retryAfterMs === null ? {} : { retryAfterMs }),
    };
  }
  if (!res.ok || frame.type !== 'syncResponse') {
    return {
      kind: 'failed',
      error: 'server',
      detail: `HTTP ${res.status}: unexpected ${frame.type} frame`,
    };
  }
  return { kind: 'response', response: frame, sentAt, receivedAt, wireBytes };
}
