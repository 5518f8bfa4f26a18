import type { Directory, Person } from '@domain/directory.ts';
import type { Priority, ReceiptMode } from '@domain/events.ts';
import type { DeviceId, PersonId, RecordId } from '@domain/ids.ts';
import type { Category, ConflictReason } from '@domain/record.ts';
import type { PatravaliDb } from './db.ts';

/** Everything a service needs to act for the signed-in person on this device. */
export interface DeviceContext {
  readonly db: PatravaliDb;
  readonly person: Person;
  readonly directory: Directory;
  readonly deviceId: DeviceId;
  /** Per-office device number from the server, used in record numbers. */
  readonly deviceNumber: number;
  /** Device wall clock (ms). The stored server clock offset is applied inside. */
  readonly now: () => number;
  /** A fresh UUID (v4) for record and event ids. */
  readonly newId: () => string;
  /**
   * The person's author key on this device: new events and records are attested
   * with it (src/doc/attest.ts). Absent or null: they go unattested, which the
   * server accepts only from this person's own session.
   */
  readonly authorKey?: Uint8Array | null;
}

/**
 * Stable codes the UI translates. The domain's ConflictReason values
 * (`staleBasis`, `notHolder`, `recordClosed`, `notAllowed`) come straight from
 * the fold's rules; the rest are about the input.
 */
export type ServiceError =
  | ConflictReason
  | 'notFound'
  | 'wrongKind'
  | 'roleForbidden'
  | 'emptyDraft'
  | 'invalidInput'
  | 'unknownPerson'
  | 'unknownOffice';

export const SERVICE_ERRORS = [
  'staleBasis',
  'notHolder',
  'recordClosed',
  'notAllowed',
  'notFound',
  'wrongKind',
  'roleForbidden',
  'emptyDraft',
  'invalidInput',
  'unknownPerson',
  'unknownOffice',
] as const satisfies readonly ServiceError[];

export type Outcome<T = undefined> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: ServiceError; readonly detail?: string };

export interface CreateFileInput {
  readonly subject: string;
  readonly category: Category;
}

export interface SendInput {
  readonly to: PersonId;
  readonly remarks: string;
  /** `YYYY-MM-DD` or null. */
  readonly dueDate: string | null;
  readonly priority: Priority;
}

export interface DiariseInput {
  readonly from: string;
  readonly letterNumber: string;
  /** `YYYY-MM-DD`. */
  readonly letterDate: string;
  readonly subject: string;
  readonly category: Category;
  readonly mode: ReceiptMode;
}

export type PutInFileTarget = { readonly fileId: RecordId } | { readonly newFile: CreateFileInput };

export interface Created {
  readonly id: RecordId;
  readonly number: string;
}
