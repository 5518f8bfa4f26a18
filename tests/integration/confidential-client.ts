import * as Y from 'yjs';
import { appendEvents } from '@doc/record-doc.ts';
import type { Grade, RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asEventId, asPersonId } from '@domain/ids.ts';
import { fileCounter } from './file-counters.ts';
import { bearer, deviceUuid, signIn, type TestServer } from './server-harness.ts';
import { newFile, pullAll, sync, type TestRecord } from './server-sync-client.ts';

/**
 * Helpers of the confidential-records tests (issue 17): grade and access
 * events made by hand, people signed in on their own tablets, and what each
 * of them receives from the server.
 */

/** After the sync client's own events, before the test server's clock (10:00). */
const T1 = Date.UTC(2026, 3, 1, 9, 40, 0);
const count = fileCounter();

/** The fields every event carries, by `actor`, on the helpers' clock. */
export function base(actor: string) {
  const n = ++count.value;
  return {
    id: asEventId(`00000000-0000-4000-b000-${n.toString(16).padStart(12, '0')}`),
    actor: asPersonId(actor),
    hlc: formatHlc({ wallMs: T1 + n * 1000, counter: 0, node: actor }),
    deviceTime: T1 + n * 1000,
    clockVerified: true,
  };
}

export const gradeEvent = (actor: string, grade: Grade | string): RecordEvent =>
  ({ ...base(actor), type: 'gradeChanged', grade }) as RecordEvent;

export const grantEvent = (actor: string, person: string): RecordEvent => ({
  ...base(actor),
  type: 'accessGranted',
  person: asPersonId(person),
});

/** A file's number and subject, as attach events name it. */
export interface NamedFile {
  readonly id: string;
  readonly number: string;
  readonly subject: string;
}

/** The attached file's side of `Attach file`: it now sits under `main`. */
export const attachedUnderEvent = (actor: string, main: NamedFile): RecordEvent =>
  ({ ...base(actor), type: 'attachedUnder', file: main.id, number: main.number }) as RecordEvent;

/** The main file's side of `Attach file`: `file` now sits under it. */
export const fileAttachedEvent = (actor: string, file: NamedFile): RecordEvent =>
  ({
    ...base(actor),
    type: 'fileAttached',
    file: file.id,
    number: file.number,
    subject: file.subject,
  }) as RecordEvent;

/** A send made later than every event above (the sync client's own sends are earlier). */
export const laterSend = (actor: string, to: string, basis: string | null): RecordEvent => ({
  ...base(actor),
  type: 'sent',
  basis: basis === null ? null : asEventId(basis),
  to: asPersonId(to),
  remarks: '',
  dueDate: null,
  priority: 'normal',
});

export interface Desk {
  readonly user: string;
  readonly token: string;
  readonly deviceId: string;
  cursor: number;
}

let devices = 900;
export async function desk(server: TestServer, user: string): Promise<Desk> {
  const deviceId = deviceUuid(devices++);
  const r = await signIn(server.url, user, deviceId);
  if (r.status !== 201) throw new Error(`sign-in of ${user}: ${r.status}`);
  return { user, token: r.body.token, deviceId, cursor: 0 };
}

/** Pushes one update of `record`; returns the response. */
export async function push(server: TestServer, d: Desk, record: TestRecord, update: Uint8Array) {
  const r = await sync(server.url, d.token, d.deviceId, d.cursor, [
    { ref: 1, recordId: record.id, update },
  ]);
  return r.response;
}

/** What the desk's next syncs bring, from its own cursor: the ids of the records received. */
export async function pullNew(server: TestServer, d: Desk) {
  const r = await pullAll(server.url, d.token, d.deviceId, d.cursor);
  d.cursor = r.cursor;
  return r;
}

/** A new file of `office` by `actor`, graded in the change that creates it (unless normal). */
export function gradedFile(actor: string, office: string, subject: string, grade: Grade) {
  const file = newFile(actor, office, subject);
  const update = grade === 'normal' ? file.update : mergedWith(file, [gradeEvent(actor, grade)]);
  return { ...file, update };
}

function mergedWith(file: TestRecord, events: readonly RecordEvent[]): Uint8Array {
  appendEvents(file.doc, events);
  return Y.encodeStateAsUpdate(file.doc);
}

export async function getJson(server: TestServer, d: Desk, path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: bearer(d.token) });
  return { status: res.status, body: (await res.json()) as unknown };
}
