import { loadRecordDoc, readRecordState } from '@doc/record-doc.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc, parseHlc } from '@domain/hlc.ts';
import type { RecordId } from '@domain/ids.ts';
import { logOf, type LogEntry } from '@domain/record-log.ts';
import { afterEach, beforeEach } from 'vitest';
import { deviceUuid, signIn, startTestServer, type TestServer } from './server-harness.ts';
import { sync } from './server-sync-client.ts';

/** What a device pulls of one record and how it folds it, for the record-order tests. */

/** Everything a device in `token`'s scope pulls of record `id`, with the server's log entries. */
export async function pullRecord(url: string, token: string, device: string, id: RecordId) {
  const updates: Uint8Array[] = [];
  const entries: LogEntry[] = [];
  let cursor = 0;
  for (;;) {
    const { response } = await sync(url, token, device, cursor);
    for (const u of response.updates) {
      if (u.recordId !== id) continue;
      updates.push(u.update);
      entries.push(...(u.entries ?? []));
    }
    cursor = response.cursor;
    if (!response.more) break;
  }
  return { updates, entries };
}

export async function stateSeenBy(
  url: string,
  token: string,
  device: string,
  id: RecordId,
  now: number,
) {
  const { updates, entries } = await pullRecord(url, token, device, id);
  const state = readRecordState(loadRecordDoc(updates), now, logOf(entries));
  if (state === null) throw new Error('record not pulled');
  return state;
}

/** The same event with another claimed time (wall ms), as a hostile client would write it. */
export function dated<E extends RecordEvent>(e: E, wallMs: number): E {
  const { node } = parseHlc(e.hlc);
  return { ...e, hlc: formatHlc({ wallMs, counter: 0, node }), deviceTime: wallMs };
}

/**
 * A real server per test, with Vikasnagar's clerk, naib and tehsildar (who
 * reads) signed in, each on its own device numbered from `firstDevice`.
 */
export function vikasnagarServer(firstDevice: number) {
  const t = {
    server: null as unknown as TestServer,
    clerk: '',
    naib: '',
    reader: '',
    clerkDevice: deviceUuid(firstDevice),
    naibDevice: deviceUuid(firstDevice + 1),
    readerDevice: deviceUuid(firstDevice + 2),
  };
  beforeEach(async () => {
    t.server = await startTestServer();
    t.clerk = (await signIn(t.server.url, 'clerk.vikasnagar', t.clerkDevice)).body.token;
    t.naib = (await signIn(t.server.url, 'naib.vikasnagar', t.naibDevice)).body.token;
    t.reader = (await signIn(t.server.url, 'tehsildar.vikasnagar', t.readerDevice)).body.token;
  });
  afterEach(async () => {
    await t.server.stop();
  });
  return t;
}
