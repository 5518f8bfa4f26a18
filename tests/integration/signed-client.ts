import * as Y from 'yjs';
import { appendEvents, createRecordDoc } from '@doc/record-doc.ts';
import type { EventFields } from '@domain/change.ts';
import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import { asEventId, asOfficeId, asPersonId, asRecordId, type PersonId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import type { SessionResponse } from '@protocol/api.ts';
import type { TestKey } from '../unit/doc/signing-keys.ts';
import { fileCounter } from './file-counters.ts';
import { deviceUuid } from './server-harness.ts';

/** Signed records and sign-ins with a device key, for tests against a real server. */

export const CLERK = asPersonId('clerk.vikasnagar');
export const TEHSILDAR = asPersonId('tehsildar.vikasnagar');
export const TABLET = deviceUuid(40);
export const OTHER = deviceUuid(41);
export const T0 = Date.UTC(2026, 3, 1, 9, 0, 0);
const count = fileCounter();
const uuid = (): string =>
  `00000000-0000-4000-a000-${(++count.value).toString(16).padStart(12, '0')}`;
const hlc = (device: string): string =>
  formatHlc({ wallMs: T0 + ++count.value * 1000, counter: 0, node: device });

export interface Session {
  readonly token: string;
  readonly deviceId: string;
  readonly body: SessionResponse;
}

export async function signInWith(
  url: string,
  username: string,
  deviceId: string,
  key: TestKey | null,
  override: Record<string, unknown> = {},
): Promise<{ status: number; body: SessionResponse & { detail?: string } }> {
  const signingKey =
    key === null
      ? undefined
      : {
          keyId: key.key.id,
          algorithm: key.key.algorithm,
          publicKey: Buffer.from(key.key.publicKey).toString('base64url'),
          deviceInfo: 'Lenovo Tab M8 (Android 10)',
          ...override,
        };
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234', deviceId, signingKey }),
  });
  return { status: res.status, body: (await res.json()) as SessionResponse & { detail?: string } };
}

export function noting(actor: PersonId, device: string, text: string): RecordEvent {
  return stamped(actor, device, { type: 'noting', text });
}

/** An event of any type by `actor` on `device`, with a fresh id and a later clock. */
export function stamped<F extends EventFields>(
  actor: PersonId,
  device: string,
  fields: F,
): Extract<RecordEvent, { type: F['type'] }> {
  const base = { id: asEventId(uuid()), actor, hlc: hlc(device), deviceTime: T0 };
  const e: unknown = { ...base, clockVerified: true, ...fields };
  return e as Extract<RecordEvent, { type: F['type'] }>;
}

/** A file the clerk's key signs, with its Yjs doc to append to. */
export function signedFile(
  key: TestKey,
  device = TABLET,
  office: { readonly id: string; readonly code: string } = { id: 'vikasnagar', code: 'VKN' },
) {
  const meta: RecordMeta = key.signMeta({
    schemaVersion: 1,
    kind: 'file',
    id: asRecordId(uuid()),
    number: `${office.code}/REV/2026/9-${count.value}`,
    subject: 'हस्ताक्षरित पत्रावली / signed file',
    category: 'revenue',
    office: asOfficeId(office.id),
    createdBy: key.key.person,
    createdAt: hlc(device),
    createdDeviceTime: T0,
    clockVerified: true,
  });
  const doc = createRecordDoc(meta);
  const events: RecordEvent[] = [];
  return {
    meta,
    events,
    update: Y.encodeStateAsUpdate(doc),
    /** The record's whole state as the signer holds it. */
    state: (): Uint8Array => Y.encodeStateAsUpdate(doc),
    /** The update that appends `e` (events kept for the next `prev`). */
    append(e: RecordEvent): Uint8Array {
      const before = Y.encodeStateVector(doc);
      appendEvents(doc, [e]);
      events.push(e);
      return Y.encodeStateAsUpdate(doc, before);
    },
    /** The update of `e` as a replica would push it, without keeping it. */
    attempt(e: RecordEvent): Uint8Array {
      const copy = new Y.Doc();
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      const before = Y.encodeStateVector(copy);
      appendEvents(copy, [e]);
      return Y.encodeStateAsUpdate(copy, before);
    },
  };
}
