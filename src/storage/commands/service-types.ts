import type { Directory, Person } from '@domain/directory.ts';
import type { DiariseInput as LetterInput } from '@domain/commands.ts';
import type { Grade } from '@domain/events.ts';
import type { DeviceId, RecordId } from '@domain/ids.ts';
import type { Category } from '@domain/record.ts';
import type { PatravaliDb } from '../db/db.ts';
import type { Signer } from '../session/signing-key.ts';

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
  /**
   * The person's device signing key (signing-key.ts): every event and new
   * meta they make is signed with it in the command path. Absent or null: they
   * go unsigned (accepted only during the transition, from their own session).
   */
  readonly signer?: Signer | null;
}

/**
 * What a service answers: the domain's Outcome, whose error codes
 * (CommandError, src/domain/outcome.ts) the UI translates.
 */
export type { CommandError, Outcome } from '@domain/outcome.ts';
export type { SendInput } from '@domain/commands.ts';

export interface CreateFileInput {
  readonly subject: string;
  readonly category: Category;
  /** Security grade (grades.ts); absent: normal. */
  readonly grade?: Grade;
}

/** The letter's particulars, plus the receipt's subject, category and security grade. */
export interface DiariseInput extends LetterInput {
  readonly subject: string;
  readonly category: Category;
  readonly grade?: Grade;
}

export type PutInFileTarget = { readonly fileId: RecordId } | { readonly newFile: CreateFileInput };

export interface Created {
  readonly id: RecordId;
  readonly number: string;
}
