import * as Y from 'yjs';
import { appendEvents, createRecordDoc, loadRecordDoc, readRecordState } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asDeviceId, asEventId, asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { EventId, RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { decodeFrame, encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import type { Frame, PushedUpdate, SyncResponse } from '@protocol/messages.ts';
import { fileCounter } from './file-counters.ts';

/** A minimal, deliberately hand-driven sync client for server tests (no device store). */

const count = fileCounter();
const uuid = (): string => {
  count.value++;
  return `00000000-0000-4000-9000-${count.value.toString(16).padStart(12, '0')}`;
};

const T0 = Date.UTC(2026, 3, 1, 9, 0, 0);
const stamp = (actor: string, n: number): string =>
  formatHlc({ wallMs: T0 + n * 1000, counter: 0, node: actor });

export interface TestRecord {
  readonly id: RecordId;
  readonly doc: Y.Doc;
}

/** A new file created by `actor` in `office`; returns the record and its whole state as the update. */
export function newFile(
  actor: string,
  office: string,
  subject = 'भूमि सीमांकन / land demarcation',
  number?: string,
): TestRecord & {
  update: Uint8Array;
} {
  const id = asRecordId(uuid());
  const doc = createRecordDoc({
    schemaVersion: 1,
    kind: 'file',
    id,
    number: number ?? `VKN/REV/2026/1-${count.value}`,
    subject,
    category: 'revenue',
    office: asOfficeId(office),
    createdBy: asPersonId(actor),
    createdAt: stamp(actor, count.value),
    createdDeviceTime: T0,
    clockVerified: true,
  });
  return { id, doc, update: Y.encodeStateAsUpdate(doc) };
}

/** Appends events and returns only the delta, as a device would push it. */
export function append(rec: TestRecord, events: readonly RecordEvent[]): Uint8Array {
  const before = Y.encodeStateVector(rec.doc);
  appendEvents(rec.doc, events);
  return Y.encodeStateAsUpdate(rec.doc, before);
}

export function sentEvent(actor: string, to: string, basis: EventId | null): RecordEvent {
  count.value++;
  return {
    id: asEventId(uuid()),
    type: 'sent',
    actor: asPersonId(actor),
    hlc: stamp(actor, count.value),
    deviceTime: T0,
    clockVerified: true,
    basis,
    to: asPersonId(to),
    remarks: 'कृपया देखें',
    dueDate: '2026-04-15',
    priority: 'urgent',
  };
}

export function notingEvent(actor: string, text: string): RecordEvent {
  count.value++;
  return {
    id: asEventId(uuid()),
    type: 'noting',
    actor: asPersonId(actor),
    hlc: stamp(actor, count.value),
    deviceTime: T0,
    clockVerified: true,
    text,
  };
}

export function stateOf(updates: readonly Uint8Array[]): RecordState | null {
  return readRecordState(loadRecordDoc(updates), T0);
}

export interface Exchange {
  readonly status: number;
  readonly frame: Frame;
  readonly requestBytes: number;
  readonly responseBytes: number;
}

export async function postFrame(
  url: string,
  token: string | null,
  body: Uint8Array,
): Promise<Exchange> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (token !== null) headers['authorization'] = `Bearer ${token}`;
  const res = await fetch(`${url}/api/sync`, {
    method: 'POST',
    headers,
    body: new Uint8Array(body),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const decoded = decodeFrame(bytes);
  if (!decoded.ok) throw new Error(`undecodable response (${res.status}): ${decoded.error.detail}`);
  return {
    status: res.status,
    frame: decoded.value,
    requestBytes: body.length,
    responseBytes: bytes.length,
  };
}

export async function sync(
  url: string,
  token: string,
  deviceId: string,
  cursor: number,
  updates: readonly PushedUpdate[] = [],
  protocol = PROTOCOL_VERSION,
): Promise<Exchange & { response: SyncResponse }> {
  const body = encodeFrame({
    type: 'syncRequest',
    protocol,
    deviceId: asDeviceId(deviceId),
    cursor,
    updates,
  });
  const ex = await postFrame(url, token, body);
  if (ex.frame.type !== 'syncResponse')
    throw new Error(`sync failed ${ex.status}: ${JSON.stringify(ex.frame)}`);
  return { ...ex, response: ex.frame };
}

/**
 * `sync`, again after the wait a 429 names: a test polling a server (`eventually`) asks
 * faster than a tablet syncs, and the server's per-person limit answers "try again in N ms".
 */
async function syncUnhurried(url: string, token: string, deviceId: string, cursor: number) {
  // Bounded: an in-process test server's clock may stand still, and its wait with it.
  for (let tries = 1; ; tries++) {
    try {
      return await sync(url, token, deviceId, cursor);
    } catch (e) {
      const wait = /"code":"tooManyRequests".*try again in (\d+) ms/.exec(String(e))?.[1];
      if (wait === undefined || tries === 20) throw e;
      await new Promise<void>((resolve) => setTimeout(resolve, Number(wait)));
    }
  }
}

/** Pulls every page from `cursor`; returns the updates per record and the final cursor. */
export async function pullAll(url: string, token: string, deviceId: string, cursor = 0) {
  const byRecord = new Map<RecordId, Uint8Array[]>();
  let pages = 0;
  for (;;) {
    const { response } = await syncUnhurried(url, token, deviceId, cursor);
    pages++;
    for (const u of response.updates)
      byRecord.set(u.recordId, [...(byRecord.get(u.recordId) ?? []), u.update]);
    cursor = response.cursor;
    if (!response.more) return { byRecord, cursor, pages, headSeq: response.headSeq };
  }
}
