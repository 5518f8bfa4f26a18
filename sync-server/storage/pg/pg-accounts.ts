import type pg from 'pg';
import type { SignatureAlgorithm } from '@doc/signature.ts';
import type { Directory } from '@domain/directory.ts';
import type { DeviceId, OfficeId, PersonId } from '@domain/ids.ts';
import { deviceFromRow, sessionFromRow } from '../sqlite-rows.ts';
import type { DeviceDbRow, SessionDbRow } from '../sqlite-rows.ts';
import type {
  AccessRevocationRow,
  AccountStore,
  Credential,
  DeviceContact,
  DeviceRow,
  DirectoryDecision,
  KeyStore,
  SessionRow,
  SessionStore,
  StoredDeviceKey,
} from '../types.ts';
import { byteaOf, bytesOf, inTransaction, type Db } from './pg-db.ts';
import { DIRECTORY_CHANNEL } from './pg-directory-watch.ts';
import { DEVICE_LOCK, DIRECTORY_LOCK } from './pg-migrations.ts';

/**
 * The accounts half of the PostgreSQL storage (sqlite-accounts.ts on SQLite): the
 * directory, credentials, sessions, devices and their contacts, author keys, device
 * keys and access revocations, in the tables of pg-migrations.ts. Each call is one
 * statement or one short transaction, so several instances may call at once:
 * numbering a device and installing a directory take a lock of their own, a key is
 * stored with ON CONFLICT.
 */
export class PgAccounts implements AccountStore, SessionStore, KeyStore {
  constructor(protected readonly pool: pg.Pool) {}

  async loadDirectory(): Promise<Directory | null> {
    return storedDirectory(this.pool);
  }

  /** Every instance is told once it is stored (directory/follow-directory.ts). */
  async saveDirectory(directory: Directory): Promise<void> {
    await inTransaction(this.pool, (c) => putDirectory(c, directory));
  }

  /**
   * Under the directory lock, held until the transaction ends: an install that reads
   * the stored directory here writes before any other install reads it, so none
   * writes over one stored after it read (two instances starting at once with two
   * files), and the credentials stored are those of the directory stored.
   */
  async installDirectory<T>(decide: DirectoryDecision<T>): Promise<T> {
    return inTransaction(this.pool, async (c) => {
      await this.lockInstalls(c);
      const { write, result } = decide({
        directory: await storedDirectory(c),
        credentials: await credentials(c),
      });
      if (write === null) return result;
      for (const person of write.remove) {
        await c.query('DELETE FROM credentials WHERE person = $1', [person]);
        await revokeAll(c, person, write.at);
      }
      for (const credential of write.set) await putCredential(c, credential);
      await putDirectory(c, write.directory);
      await this.installing();
      return result;
    });
  }

  /** The directory lock, held until the install's transaction ends. */
  protected async lockInstalls(c: pg.PoolClient): Promise<void> {
    await c.query('SELECT pg_advisory_xact_lock($1)', [DIRECTORY_LOCK]);
  }

  /** Called with an install's rows written, before COMMIT (a test holds installs here). */
  protected async installing(): Promise<void> {}

  async getCredential(person: PersonId): Promise<Credential | null> {
    const { rows } = await this.pool.query<Credential>(
      'SELECT person, hash, source FROM credentials WHERE person = $1',
      [person],
    );
    return rows[0] ?? null;
  }

  async setCredential(c: Credential): Promise<void> {
    await putCredential(this.pool, c);
  }

  async listCredentials(): Promise<readonly Credential[]> {
    return credentials(this.pool);
  }

  async deleteCredential(person: PersonId): Promise<void> {
    await this.pool.query('DELETE FROM credentials WHERE person = $1', [person]);
  }

  async createSession(s: SessionRow): Promise<void> {
    await this.pool.query(
      `INSERT INTO sessions (token_hash, person, device_id, created_at, expires_at, revoked_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.tokenHash, s.person, s.deviceId, s.createdAt, s.expiresAt, s.revokedAt],
    );
  }

  async findSession(tokenHash: string): Promise<SessionRow | null> {
    const { rows } = await this.pool.query<SessionDbRow>(
      'SELECT * FROM sessions WHERE token_hash = $1',
      [tokenHash],
    );
    const row = rows[0];
    return row === undefined ? null : sessionFromRow(row);
  }

  async revokeSession(tokenHash: string, at: number): Promise<boolean> {
    const r = await this.pool.query(
      'UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL',
      [at, tokenHash],
    );
    return (r.rowCount ?? 0) > 0;
  }

  async revokePersonSessions(person: PersonId, at: number): Promise<number> {
    return revokeAll(this.pool, person, at);
  }

  async listLiveSessions(now: number): Promise<readonly SessionRow[]> {
    const { rows } = await this.pool.query<SessionDbRow>(
      `SELECT * FROM sessions WHERE revoked_at IS NULL AND expires_at > $1
         ORDER BY person COLLATE "C", created_at`,
      [now],
    );
    return rows.map(sessionFromRow);
  }

  async registerDevice(
    deviceId: DeviceId,
    office: OfficeId,
    label: string,
    at: number,
  ): Promise<DeviceRow> {
    return inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [DEVICE_LOCK]);
      const { rows } = await c.query<DeviceDbRow>(
        'SELECT * FROM devices WHERE device_id = $1 AND office = $2',
        [deviceId, office],
      );
      const existing = rows[0];
      if (existing !== undefined) return deviceFromRow(existing);
      const next = await c.query<{ n: number }>(
        'SELECT COALESCE(MAX(device_number), 0) + 1 AS n FROM devices WHERE office = $1',
        [office],
      );
      const n = next.rows[0]?.n ?? 1;
      await c.query(
        `INSERT INTO devices (device_id, office, device_number, label, registered_at)
           VALUES ($1, $2, $3, $4, $5)`,
        [deviceId, office, n, label, at],
      );
      return { deviceId, office, deviceNumber: n, label, registeredAt: at };
    });
  }

  async deviceContact(deviceId: DeviceId): Promise<DeviceContact | null> {
    const { rows } = await this.pool.query<{
      last_at: number;
      last_push_bytes: number;
      anchor: number;
    }>('SELECT last_at, last_push_bytes, anchor FROM device_contact WHERE device_id = $1', [
      deviceId,
    ]);
    const row = rows[0];
    if (row === undefined) return null;
    return {
      deviceId,
      lastAt: row.last_at,
      lastPushBytes: row.last_push_bytes,
      anchor: row.anchor,
    };
  }

  async deviceRegisteredAt(deviceId: DeviceId): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      'SELECT MIN(registered_at) AS at FROM devices WHERE device_id = $1',
      [deviceId],
    );
    return rows[0]?.at ?? null;
  }

  async ensureAuthorKey(
    person: PersonId,
    deviceId: DeviceId,
    fresh: Uint8Array,
    at: number,
  ): Promise<Uint8Array> {
    await this.pool.query(
      `INSERT INTO author_keys (person, device_id, key, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
      [person, deviceId, byteaOf(fresh), at],
    );
    const { rows } = await this.pool.query<{ key: Buffer }>(
      'SELECT key FROM author_keys WHERE person = $1 AND device_id = $2',
      [person, deviceId],
    );
    return new Uint8Array(rows[0]?.key ?? []);
  }

  async authorKeysOfDevice(deviceId: DeviceId): Promise<ReadonlyMap<PersonId, Uint8Array>> {
    const { rows } = await this.pool.query<{ person: PersonId; key: Buffer }>(
      'SELECT person, key FROM author_keys WHERE device_id = $1',
      [deviceId],
    );
    return new Map(rows.map((r) => [r.person, new Uint8Array(r.key)]));
  }

  async deleteAuthorKeys(person: PersonId): Promise<number> {
    const r = await this.pool.query('DELETE FROM author_keys WHERE person = $1', [person]);
    return r.rowCount ?? 0;
  }

  async registerDeviceKey(key: StoredDeviceKey): Promise<boolean> {
    const inserted = await this.pool.query(
      `INSERT INTO device_keys (key_id, person, device_id, algorithm, public_key, created_at, device_info)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (key_id) DO NOTHING`,
      [
        key.id,
        key.person,
        key.device,
        key.algorithm,
        byteaOf(key.publicKey),
        key.createdAt,
        key.deviceInfo,
      ],
    );
    if ((inserted.rowCount ?? 0) > 0) return true;
    const { rows } = await this.pool.query<{ person: string; device_id: string }>(
      'SELECT person, device_id FROM device_keys WHERE key_id = $1',
      [key.id],
    );
    const existing = rows[0];
    return existing?.person === key.person && existing.device_id === key.device;
  }

  async deviceKeys(): Promise<readonly StoredDeviceKey[]> {
    const { rows } = await this.pool.query<{
      key_id: string;
      person: PersonId;
      device_id: DeviceId;
      algorithm: SignatureAlgorithm;
      public_key: Buffer;
      created_at: number;
      device_info: string;
      revoked_at: number | null;
    }>('SELECT * FROM device_keys ORDER BY created_at, key_id COLLATE "C"');
    return rows.map((r) => ({
      id: r.key_id,
      person: r.person,
      device: r.device_id,
      algorithm: r.algorithm,
      publicKey: new Uint8Array(bytesOf(r.public_key)),
      createdAt: r.created_at,
      deviceInfo: r.device_info,
      revokedAt: r.revoked_at,
    }));
  }

  async revokeDeviceKeys(person: PersonId, deviceId: DeviceId | null, at: number): Promise<number> {
    const r = await this.pool.query(
      `UPDATE device_keys SET revoked_at = $1
         WHERE person = $2 AND ($3::text IS NULL OR device_id = $3) AND revoked_at IS NULL`,
      [at, person, deviceId],
    );
    return r.rowCount ?? 0;
  }

  async recordAccessRevocation(
    person: PersonId,
    deviceId: DeviceId | null,
    at: number,
  ): Promise<void> {
    await this.pool.query(
      'INSERT INTO access_revocations (person, device_id, at) VALUES ($1, $2, $3)',
      [person, deviceId, at],
    );
  }

  async accessRevocationsAfter(after: number): Promise<readonly AccessRevocationRow[]> {
    const { rows } = await this.pool.query<{
      person: PersonId;
      device_id: DeviceId | null;
      at: number;
    }>(`SELECT person, device_id, at FROM access_revocations WHERE at > $1 ORDER BY at, person`, [
      after,
    ]);
    return rows.map((r) => ({ person: r.person, deviceId: r.device_id, at: Number(r.at) }));
  }

  async accessRevokedSince(
    person: PersonId,
    deviceId: DeviceId,
    since: number,
  ): Promise<number | null> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      `SELECT MIN(at) AS at FROM access_revocations
         WHERE person = $1 AND at >= $2 AND (device_id IS NULL OR device_id = $3)`,
      [person, since, deviceId],
    );
    return rows[0]?.at ?? null;
  }
}

async function storedDirectory(db: Db): Promise<Directory | null> {
  const { rows } = await db.query<{ json: string }>('SELECT json FROM directory WHERE id = 1');
  const row = rows[0];
  return row === undefined ? null : (JSON.parse(row.json) as Directory);
}

/** In the caller's transaction, which tells every instance when it commits. */
async function putDirectory(c: pg.PoolClient, directory: Directory): Promise<void> {
  await c.query(
    `INSERT INTO directory (id, json) VALUES (1, $1)
       ON CONFLICT (id) DO UPDATE SET json = EXCLUDED.json`,
    [JSON.stringify(directory)],
  );
  await c.query('SELECT pg_notify($1, $2)', [DIRECTORY_CHANNEL, String(directory.version)]);
}

async function credentials(db: Db): Promise<Credential[]> {
  const { rows } = await db.query<Credential>(
    'SELECT person, hash, source FROM credentials ORDER BY person COLLATE "C"',
  );
  return rows;
}

async function putCredential(db: Db, c: Credential): Promise<void> {
  await db.query(
    `INSERT INTO credentials (person, hash, source) VALUES ($1, $2, $3)
       ON CONFLICT (person) DO UPDATE SET hash = EXCLUDED.hash, source = EXCLUDED.source`,
    [c.person, c.hash, c.source],
  );
}

/** Revokes every live session of the person; returns how many. */
async function revokeAll(db: Db, person: PersonId, at: number): Promise<number> {
  const r = await db.query(
    'UPDATE sessions SET revoked_at = $1 WHERE person = $2 AND revoked_at IS NULL',
    [at, person],
  );
  return r.rowCount ?? 0;
}
