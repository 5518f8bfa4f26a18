import type { Database, Statement } from 'better-sqlite3';
import type { Directory } from '@domain/directory.ts';
import type { SignatureAlgorithm } from '@doc/signature.ts';
import type { DeviceId, OfficeId, PersonId } from '@domain/ids.ts';
import { deviceFromRow, sessionFromRow } from './sqlite-rows.ts';
import type { DeviceDbRow, SessionDbRow } from './sqlite-rows.ts';
import type {
  AccessRevocationRow,
  Credential,
  CredentialSource,
  DeviceRow,
  DirectoryDecision,
  SessionRow,
  StoredDeviceKey,
} from './types.ts';

/**
 * The accounts half of the SQLite storage (sqlite.ts adds the record log):
 * the directory (JSON, one row), credentials (scrypt hashes), sessions (token
 * SHA-256 only), devices with their per-office numbers, and the author keys
 * per (person, device), which survive a demo reset.
 */
export class SqliteAccounts {
  /** Compiled statements by SQL text: compiling costs more than running most of them. */
  private readonly statements = new Map<string, Statement>();

  constructor(protected readonly db: Database) {}

  /** The prepared statement for `source`, compiled once per open database. */
  protected sql(source: string): Statement {
    let statement = this.statements.get(source);
    if (statement === undefined) {
      statement = this.db.prepare(source);
      this.statements.set(source, statement);
    }
    return statement;
  }

  async loadDirectory(): Promise<Directory | null> {
    return this.storedDirectory();
  }

  async saveDirectory(directory: Directory): Promise<void> {
    this.putDirectory(directory);
  }

  /** One process stores here (data-dir-lock.ts): the transaction keeps the install whole. */
  async installDirectory<T>(decide: DirectoryDecision<T>): Promise<T> {
    const run = this.db.transaction((): T => {
      const { write, result } = decide({
        directory: this.storedDirectory(),
        credentials: this.credentials(),
      });
      if (write === null) return result;
      for (const person of write.remove) {
        this.dropCredential(person);
        this.revokeAll(person, write.at);
      }
      for (const c of write.set) this.putCredential(c);
      this.putDirectory(write.directory);
      return result;
    });
    return run.immediate();
  }

  async getCredential(person: PersonId): Promise<Credential | null> {
    const row = this.sql('SELECT person, hash, source FROM credentials WHERE person = ?').get(
      person,
    ) as { person: PersonId; hash: string; source: CredentialSource } | undefined;
    return row ?? null;
  }

  async setCredential(c: Credential): Promise<void> {
    this.putCredential(c);
  }

  async listCredentials(): Promise<readonly Credential[]> {
    return this.credentials();
  }

  async deleteCredential(person: PersonId): Promise<void> {
    this.dropCredential(person);
  }

  private storedDirectory(): Directory | null {
    const row = this.sql('SELECT json FROM directory WHERE id = 1').get() as
      { json: string } | undefined;
    return row === undefined ? null : (JSON.parse(row.json) as Directory);
  }

  private putDirectory(directory: Directory): void {
    this.sql(
      'INSERT INTO directory (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json',
    ).run(JSON.stringify(directory));
  }

  private credentials(): Credential[] {
    return this.sql(
      'SELECT person, hash, source FROM credentials ORDER BY person',
    ).all() as Credential[];
  }

  private putCredential(c: Credential): void {
    this.sql(
      `INSERT INTO credentials (person, hash, source) VALUES (?, ?, ?)
         ON CONFLICT (person) DO UPDATE SET hash = excluded.hash, source = excluded.source`,
    ).run(c.person, c.hash, c.source);
  }

  private dropCredential(person: PersonId): void {
    this.sql('DELETE FROM credentials WHERE person = ?').run(person);
  }

  /** Revokes every live session of the person; returns how many. */
  private revokeAll(person: PersonId, at: number): number {
    return this.sql(
      'UPDATE sessions SET revoked_at = ? WHERE person = ? AND revoked_at IS NULL',
    ).run(at, person).changes;
  }

  async createSession(s: SessionRow): Promise<void> {
    this.sql(
      `INSERT INTO sessions (token_hash, person, device_id, created_at, expires_at, revoked_at)
         VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(s.tokenHash, s.person, s.deviceId, s.createdAt, s.expiresAt, s.revokedAt);
  }

  async findSession(tokenHash: string): Promise<SessionRow | null> {
    const row = this.sql('SELECT * FROM sessions WHERE token_hash = ?').get(tokenHash) as
      SessionDbRow | undefined;
    return row === undefined ? null : sessionFromRow(row);
  }

  async revokeSession(tokenHash: string, at: number): Promise<boolean> {
    const r = this.sql(
      'UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL',
    ).run(at, tokenHash);
    return r.changes > 0;
  }

  async revokePersonSessions(person: PersonId, at: number): Promise<number> {
    return this.revokeAll(person, at);
  }

  async listLiveSessions(now: number): Promise<readonly SessionRow[]> {
    const rows = this.sql(
      'SELECT * FROM sessions WHERE revoked_at IS NULL AND expires_at > ? ORDER BY person, created_at',
    ).all(now) as SessionDbRow[];
    return rows.map(sessionFromRow);
  }

  async registerDevice(
    deviceId: DeviceId,
    office: OfficeId,
    label: string,
    at: number,
  ): Promise<DeviceRow> {
    const find = this.sql('SELECT * FROM devices WHERE device_id = ? AND office = ?');
    const register = this.db.transaction((): DeviceRow => {
      const existing = find.get(deviceId, office) as DeviceDbRow | undefined;
      if (existing !== undefined) return deviceFromRow(existing);
      const next = this.sql(
        'SELECT COALESCE(MAX(device_number), 0) + 1 AS n FROM devices WHERE office = ?',
      ).get(office) as { n: number };
      this.sql(
        'INSERT INTO devices (device_id, office, device_number, label, registered_at) VALUES (?, ?, ?, ?, ?)',
      ).run(deviceId, office, next.n, label, at);
      return { deviceId, office, deviceNumber: next.n, label, registeredAt: at };
    });
    return register.immediate();
  }

  async ensureAuthorKey(
    person: PersonId,
    deviceId: DeviceId,
    fresh: Uint8Array,
    at: number,
  ): Promise<Uint8Array> {
    const run = this.db.transaction((): Uint8Array => {
      this.sql(
        'INSERT OR IGNORE INTO author_keys (person, device_id, key, created_at) VALUES (?, ?, ?, ?)',
      ).run(person, deviceId, Buffer.from(fresh), at);
      const row = this.sql('SELECT key FROM author_keys WHERE person = ? AND device_id = ?').get(
        person,
        deviceId,
      ) as { key: Buffer };
      return new Uint8Array(row.key);
    });
    return run.immediate();
  }

  async authorKeysOfDevice(deviceId: DeviceId): Promise<ReadonlyMap<PersonId, Uint8Array>> {
    const rows = this.sql('SELECT person, key FROM author_keys WHERE device_id = ?').all(
      deviceId,
    ) as { person: PersonId; key: Buffer }[];
    return new Map(rows.map((r) => [r.person, new Uint8Array(r.key)]));
  }

  async deleteAuthorKeys(person: PersonId): Promise<number> {
    return this.sql('DELETE FROM author_keys WHERE person = ?').run(person).changes;
  }

  async registerDeviceKey(key: StoredDeviceKey): Promise<boolean> {
    const run = this.db.transaction((): boolean => {
      const existing = this.sql('SELECT person, device_id FROM device_keys WHERE key_id = ?').get(
        key.id,
      ) as { person: string; device_id: string } | undefined;
      if (existing !== undefined) {
        return existing.person === key.person && existing.device_id === key.device;
      }
      this.sql(
        `INSERT INTO device_keys (key_id, person, device_id, algorithm, public_key, created_at, device_info)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        key.id,
        key.person,
        key.device,
        key.algorithm,
        Buffer.from(key.publicKey),
        key.createdAt,
        key.deviceInfo,
      );
      return true;
    });
    return run.immediate();
  }

  async deviceKeys(): Promise<readonly StoredDeviceKey[]> {
    const rows = this.sql('SELECT * FROM device_keys ORDER BY created_at, key_id').all() as {
      key_id: string;
      person: PersonId;
      device_id: DeviceId;
      algorithm: SignatureAlgorithm;
      public_key: Buffer;
      created_at: number;
      device_info: string;
      revoked_at: number | null;
    }[];
    return rows.map((r) => ({
      id: r.key_id,
      person: r.person,
      device: r.device_id,
      algorithm: r.algorithm,
      publicKey: new Uint8Array(r.public_key),
      createdAt: r.created_at,
      deviceInfo: r.device_info,
      revokedAt: r.revoked_at,
    }));
  }

  async revokeDeviceKeys(person: PersonId, deviceId: DeviceId | null, at: number): Promise<number> {
    return this.sql(
      `UPDATE device_keys SET revoked_at = ?
       WHERE person = ? AND (? IS NULL OR device_id = ?) AND revoked_at IS NULL`,
    ).run(at, person, deviceId, deviceId).changes;
  }

  async recordAccessRevocation(
    person: PersonId,
    deviceId: DeviceId | null,
    at: number,
  ): Promise<void> {
    this.sql('INSERT INTO access_revocations (person, device_id, at) VALUES (?, ?, ?)').run(
      person,
      deviceId,
      at,
    );
  }

  async accessRevocationsAfter(after: number): Promise<readonly AccessRevocationRow[]> {
    const rows = this.sql(
      `SELECT person, device_id, at FROM access_revocations WHERE at > ? ORDER BY at, rowid`,
    ).all(after) as { person: PersonId; device_id: DeviceId | null; at: number }[];
    return rows.map((r) => ({ person: r.person, deviceId: r.device_id, at: r.at }));
  }

  async accessRevokedSince(
    person: PersonId,
    deviceId: DeviceId,
    since: number,
  ): Promise<number | null> {
    const row = this.sql(
      `SELECT MIN(at) AS at FROM access_revocations
       WHERE person = ? AND at >= ? AND (device_id IS NULL OR device_id = ?)`,
    ).get(person, since, deviceId) as { at: number | null };
    return row.at;
  }
}
