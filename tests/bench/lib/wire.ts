import { gzipSync } from 'node:zlib';
import type { DeviceId, RecordId } from '@domain/ids.ts';
import { API, type SessionResponse, type SigningKeyRegistration } from '@protocol/api.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION, type PushedUpdate, type SyncResponse } from '@protocol/messages.ts';

/**
 * A lean client of the real sync protocol for seeding and for the storm: no
 * device store, just frames over a (counting) fetch. Devices that must behave
 * like the app use the real engine instead (device.ts).
 */

export interface Counter {
  /** Request body bytes as sent (gzipped when the transport compressed them). */
  up: number;
  /** Response body bytes as received on the wire (before fetch decodes them). */
  down: number;
  requests: number;
  /** What the bodies would be with HTTP gzip (Content-Encoding), both ways: a what-if, not on the wire. */
  gzip: number;
}

export const newCounter = (): Counter => ({ up: 0, down: 0, requests: 0, gzip: 0 });

const gzipSize = (b: Uint8Array): number => (b.byteLength === 0 ? 0 : gzipSync(b).byteLength);

/** Wraps fetch so every request and response body is counted. */
export function countingFetch(counter: Counter, inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const res = await inner(input, init);
    const body = await res.arrayBuffer();
    counter.requests++;
    const sent = init?.body instanceof Uint8Array ? init.body : new Uint8Array(0);
    const sentGzipped = new Headers(init?.headers).get('content-encoding') === 'gzip';
    // fetch hands back a compressed response decoded; Content-Length says what crossed the wire.
    const coding = res.headers.get('content-encoding');
    const compressed = coding !== null && coding !== 'identity';
    const down = compressed ? Number(res.headers.get('content-length')) : body.byteLength;
    counter.up += sent.byteLength;
    counter.down += down;
    counter.gzip +=
      (sentGzipped ? sent.byteLength : gzipSize(sent)) +
      (coding === 'gzip' ? down : gzipSize(new Uint8Array(body)));
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

export async function signIn(
  origin: string,
  username: string,
  deviceId: DeviceId,
  fetchImpl: typeof fetch = fetch,
  signingKey?: SigningKeyRegistration,
): Promise<SessionResponse> {
  const res = await fetchImpl(origin + API.session, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234', deviceId, signingKey }),
  });
  if (res.status !== 200 && res.status !== 201)
    throw new Error(`sign-in ${username}: HTTP ${res.status}`);
  return (await res.json()) as SessionResponse;
}

export interface WireSession {
  readonly origin: string;
  readonly token: string;
  readonly deviceId: DeviceId;
  readonly fetch: typeof fetch;
}

export async function exchange(
  s: WireSession,
  cursor: number,
  updates: readonly PushedUpdate[],
): Promise<SyncResponse> {
  const body = encodeFrame({
    type: 'syncRequest',
    protocol: PROTOCOL_VERSION,
    deviceId: s.deviceId,
    cursor,
    updates,
  });
  const res = await s.fetch(s.origin + API.sync, {
    method: 'POST',
    headers: { 'content-type': 'application/octet-stream', authorization: `Bearer ${s.token}` },
    body,
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const decoded = decodeFrame(bytes);
  if (!decoded.ok)
    throw new Error(
      `undecodable response (HTTP ${res.status}): ${decoded.error.detail}: ${new TextDecoder().decode(bytes.slice(0, 120))}`,
    );
  const frame = decoded.value;
  if (frame.type !== 'syncResponse') throw new Error(`sync refused: ${JSON.stringify(frame)}`);
  if (frame.refusals.length > 0) {
    const r = frame.refusals[0];
    throw new Error(
      `server refused ${frame.refusals.length} updates, first: ${r?.reason} ${r?.detail}`,
    );
  }
  return frame;
}

/** A cursor past any real sequence: a push-only exchange pulls nothing back. */
export const PUSH_ONLY_CURSOR = 2 ** 40;

/** Pushes updates in frames of at most ~`frameBytes`, pulling nothing. */
export async function pushAll(
  s: WireSession,
  updates: readonly { readonly recordId: RecordId; readonly update: Uint8Array }[],
  frameBytes = 160 * 1024,
): Promise<void> {
  let batch: PushedUpdate[] = [];
  let size = 0;
  for (const [i, u] of updates.entries()) {
    if (batch.length > 0 && size + u.update.length > frameBytes) {
      await pushUntilAcked(s, batch);
      batch = [];
      size = 0;
    }
    batch.push({ ref: i + 1, recordId: u.recordId, update: u.update });
    size += u.update.length + 64;
  }
  if (batch.length > 0) await pushUntilAcked(s, batch);
}

/**
 * Sends `batch` again until every update is acknowledged, as a device does: the
 * server answers at most MAX_NEW_RECORDS_PER_REQUEST new records per request and
 * leaves the rest unanswered for the next exchange.
 */
async function pushUntilAcked(s: WireSession, batch: readonly PushedUpdate[]): Promise<void> {
  let left = batch;
  while (left.length > 0) {
    const acked = new Set((await exchange(s, PUSH_ONLY_CURSOR, left)).acks);
    const rest = left.filter((u) => !acked.has(u.ref));
    if (rest.length === left.length) throw new Error(`server answered none of ${left.length}`);
    left = rest;
  }
}

/** Pulls every page past `cursor`; returns the final cursor and how many updates came. */
export async function pullAll(
  s: WireSession,
  cursor: number,
  maxPages = 10_000,
): Promise<{ cursor: number; updates: number }> {
  let c = cursor;
  let n = 0;
  for (let page = 0; page < maxPages; page++) {
    const res = await exchange(s, c, []);
    n += res.updates.length;
    c = res.cursor;
    if (!res.more) return { cursor: c, updates: n };
  }
  throw new Error(`still more after ${maxPages} pages`);
}
