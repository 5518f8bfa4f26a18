import type { DeviceKey } from '@doc/verify-signed.ts';
import type { Directory } from '@domain/directory.ts';
import type { DeviceId, OfficeId, PersonId } from '@domain/ids.ts';
import type { CommitItem, DeviceContact, RecordLog } from './record-log-types.ts';

export type * from './record-log-types.ts';
export { RecordConflictError, StaleGenerationError } from './record-log-types.ts';

/**
 * The server's storage: interfaces of async functions split by job (the record
 * log in record-log-types.ts; accounts, sessions, keys, the data generation
 * here), so that each implementation meets the same contract (the suites of
 * tests/integration/server-storage-contract.ts): SQLite (sqlite.ts) and
 * PostgreSQL (pg/pg-storage.ts), chosen by storage/open-storage.ts (decision 0007).
 */

/**
 * Where a credential came from; demo credentials are wiped when a real directory is
 * loaded. `district`: an office relay's copy of the district's verifier (decision 0011).
 */
export type CredentialSource = 'demo' | 'file' | 'initial' | 'admin' | 'district';

export interface Credential {
  readonly person: PersonId;
  /** Encoded scrypt hash, parameters included (see auth/password.ts). */
  readonly hash: string;
  readonly source: CredentialSource;
}

export interface SessionRow {
  /** SHA-256 of the token, hex. The token itself is never stored. */
  readonly tokenHash: string;
  readonly person: PersonId;
  readonly deviceId: DeviceId;
  readonly createdAt: number;
  readonly expiresAt: number;
  readonly revokedAt: number | null;
}

export interface DeviceRow {
  readonly deviceId: DeviceId;
  readonly office: OfficeId;
  /** Assigned once per (device, office); unique within the office. */
  readonly deviceNumber: number;
  readonly label: string;
  readonly registeredAt: number;
}

/** The directory and credentials stored when an install decides (AccountStore.installDirectory). */
export interface StoredAccounts {
  readonly directory: Directory | null;
  readonly credentials: readonly Credential[];
}

/** What an install stores: the directory, with the credentials it removes and sets. */
export interface DirectoryWrite {
  readonly directory: Directory;
  /** Their credentials deleted and their live sessions revoked at `at`. */
  readonly remove: readonly PersonId[];
  /** Stored after the removals, each replacing the person's. */
  readonly set: readonly Credential[];
  readonly at: number;
}

/**
 * Given what is stored, what an install writes (null: nothing) and what it returns.
 * Synchronous: it runs inside the install's transaction. A throw writes nothing.
 */
export type DirectoryDecision<T> = (stored: StoredAccounts) => {
  readonly write: DirectoryWrite | null;
  readonly result: T;
};

/** The directory, credentials, device registrations and their latest contact. */
export interface AccountStore {
  loadDirectory(): Promise<Directory | null>;
  saveDirectory(directory: Directory): Promise<void>;
  /**
   * Reads the stored directory and credentials, and writes what `decide` makes of
   * them, in one transaction that no other install on the database interleaves with
   * (instances on one PostgreSQL database starting at once: directory/install-directory.ts).
   */
  installDirectory<T>(decide: DirectoryDecision<T>): Promise<T>;

  getCredential(person: PersonId): Promise<Credential | null>;
  setCredential(credential: Credential): Promise<void>;
  listCredentials(): Promise<readonly Credential[]>;
  deleteCredential(person: PersonId): Promise<void>;

  /** Registers the device for the office once; later calls return the same row. */
  registerDevice(
    deviceId: DeviceId,
    office: OfficeId,
    label: string,
    at: number,
  ): Promise<DeviceRow>;
  /** The device's last stored contact (see DeviceContact), or null. */
  deviceContact(deviceId: DeviceId): Promise<DeviceContact | null>;
  /** When the device first registered, in any office (null if never). */
  deviceRegisteredAt(deviceId: DeviceId): Promise<number | null>;
}

/** Sessions and the administrator's revocations of a person's access. */
export interface SessionStore {
  createSession(row: SessionRow): Promise<void>;
  findSession(tokenHash: string): Promise<SessionRow | null>;
  /** Returns whether a live session was revoked. */
  revokeSession(tokenHash: string, at: number): Promise<boolean>;
  /** Revokes every live session of the person; returns how many. */
  revokePersonSessions(person: PersonId, at: number): Promise<number>;
  /** Sessions neither revoked nor expired at `now`. */
  listLiveSessions(now: number): Promise<readonly SessionRow[]>;

  /** Records that an administrator revoked the person's access (on one device, or all). */
  recordAccessRevocation(person: PersonId, deviceId: DeviceId | null, at: number): Promise<void>;
  /**
   * The earliest revocation of the person's access on this device (or on all) at or
   * after `since`; null when there is none.
   */
  accessRevokedSince(person: PersonId, deviceId: DeviceId, since: number): Promise<number | null>;
  /** Every revocation recorded after `after`, oldest first (what an office relay learns). */
  accessRevocationsAfter(after: number): Promise<readonly AccessRevocationRow[]>;
}

export interface AccessRevocationRow {
  readonly person: PersonId;
  /** null: on every device. */
  readonly deviceId: DeviceId | null;
  readonly at: number;
}

/** Author keys the server issues and the devices' signing keys (the key directory). */
export interface KeyStore {
  /**
   * The author key of (person, device): `fresh` is stored on the first call for
   * the pair, later calls return the stored key (see auth/author-keys.ts).
   */
  ensureAuthorKey(
    person: PersonId,
    deviceId: DeviceId,
    fresh: Uint8Array,
    at: number,
  ): Promise<Uint8Array>;
  /** Every author key issued for this device, by person. */
  authorKeysOfDevice(deviceId: DeviceId): Promise<ReadonlyMap<PersonId, Uint8Array>>;
  /** Deletes all the person's author keys; returns how many. */
  deleteAuthorKeys(person: PersonId): Promise<number>;

  /**
   * Stores a device signing key (auth/device-keys.ts). True when stored or
   * already there for the same person and device; false when its id belongs
   * to another person or device (nothing written).
   */
  registerDeviceKey(key: StoredDeviceKey): Promise<boolean>;
  /** Every registered signing key, revoked ones included (what they signed before stays valid). */
  deviceKeys(): Promise<readonly StoredDeviceKey[]>;
  /** Revokes the person's keys (on one device, or all); returns how many were newly revoked. */
  revokeDeviceKeys(person: PersonId, deviceId: DeviceId | null, at: number): Promise<number>;
}

/** The data generation (a reset starts a new one) and the demo records seeded into it. */
export interface DemoGeneration {
  /** The data generation: 1 in a new store, +1 at every resetRecords. */
  generation(): Promise<number>;
  /** Whether the demo records have been seeded into the current generation. */
  demoSeeded(): Promise<boolean>;
  /**
   * Commits the demo records and marks the generation seeded, in one transaction.
   * Returns false, writing nothing, when the generation was seeded already.
   */
  seedDemo(items: readonly CommitItem[], at: number): Promise<boolean>;
  /**
   * Deletes every record's data (update log, access lists, projection) and bumps
   * the generation, in one transaction; returns the new generation. Sequence
   * numbers keep rising, so a push announcement after a reset still reads as new.
   * The directory, credentials, sessions and device registrations stay.
   */
  resetRecords(): Promise<number>;
}

/**
 * The server's storage, one interface per job (docs/decisions/0007-storage-contract.md).
 * Atomicity is the storage's: a commit compares each record's head (RecordLog.commit).
 */
export interface ServerStorage
  extends RecordLog, AccountStore, SessionStore, KeyStore, DemoGeneration {
  /** A trivial query (`/healthz`): resolves when the database answers, rejects when it cannot. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A registered signing key with when and from what device it was registered. */
export interface StoredDeviceKey extends DeviceKey {
  readonly createdAt: number;
  /** The device's make/model as its browser reported it. */
  readonly deviceInfo: string;
}
