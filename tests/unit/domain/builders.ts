import type { RecordEvent } from '@domain/events.ts';
import { formatHlc } from '@domain/hlc.ts';
import type { EventId, PersonId, RecordId } from '@domain/ids.ts';
import { asEventId, asOfficeId, asPersonId, asRecordId } from '@domain/ids.ts';
import type { RecordKind, RecordMeta } from '@domain/record.ts';

/** Test builders: deterministic ids, clocks and people. */

export const CLERK = asPersonId('clerk.vikasnagar');
export const NAIB = asPersonId('naib.vikasnagar');
export const TEHSILDAR = asPersonId('tehsildar.vikasnagar');

export const T0 = Date.UTC(2026, 0, 5, 4, 30); // 5 Jan 2026, 10:00 IST
export const DAY = 24 * 60 * 60 * 1000;

export function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}
export const eid = (n: number): EventId => asEventId(uuid(n));
export const rid = (n: number): RecordId => asRecordId(uuid(n));

export const hlcAt = (ms: number, counter = 0, node = 'dev-a'): string =>
  formatHlc({ wallMs: ms, counter, node });

export function meta(kind: RecordKind = 'file', createdBy: PersonId = CLERK): RecordMeta {
  return {
    schemaVersion: 1,
    kind,
    id: rid(9000),
    number: kind === 'file' ? 'VKN/REV/2026/3-17' : 'VKN/D/2026/3-5',
    subject: 'Mutation of khata 112, village Dhakrani',
    category: 'revenue',
    office: asOfficeId('vikasnagar'),
    createdBy,
    createdAt: hlcAt(T0),
    createdDeviceTime: T0,
    clockVerified: true,
  };
}

type Extra<T extends RecordEvent['type']> = Omit<
  Extract<RecordEvent, { type: T }>,
  'id' | 'actor' | 'hlc' | 'deviceTime' | 'clockVerified' | 'type'
>;

/** Build an event: `ev(3, 'noting', CLERK, T0 + DAY, { text: 'x' })`. */
export function ev<T extends RecordEvent['type']>(
  n: number,
  type: T,
  actor: PersonId,
  ms: number,
  extra: Extra<T>,
  clockVerified = true,
): Extract<RecordEvent, { type: T }> {
  return {
    id: eid(n),
    type,
    actor,
    hlc: hlcAt(ms),
    deviceTime: ms,
    clockVerified,
    ...extra,
  } as Extract<RecordEvent, { type: T }>;
}

export const note = (n: number, actor: PersonId, ms: number, text = `noting ${n}`) =>
  ev(n, 'noting', actor, ms, { text });

export const send = (
  n: number,
  actor: PersonId,
  ms: number,
  to: PersonId,
  basis: EventId | null,
  extra: Partial<Extra<'sent'>> = {},
) =>
  ev(n, 'sent', actor, ms, {
    to,
    basis,
    remarks: 'please examine',
    dueDate: null,
    priority: 'normal',
    ...extra,
  });

export const move = <T extends 'opened' | 'pulledBack' | 'reopened'>(
  n: number,
  type: T,
  actor: PersonId,
  ms: number,
  basis: EventId | null,
) => ev(n, type, actor, ms, { basis } as Extra<T>);
