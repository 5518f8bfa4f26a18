import Dexie from 'dexie';
import { asDeviceId, type DeviceId } from '@domain/ids.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { loadDeviceContext, type DeviceContext } from '@storage/services.ts';
import { ensureDeviceId, saveSession, signOut } from '@storage/session/session.ts';
import { createSigningKey, registrationOf } from '@storage/session/signing-key.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncEngine, type SyncEngine } from '@sync/engine.ts';
import type { SyncOutcome } from '@sync/sync-run.ts';
import type { MemoryNet } from './sync-fuzz-net.ts';
import type { MemoryServer } from './sync-fuzz-server.ts';
import { uuidFrom, type Clock } from './sync-harness.ts';

/**
 * A tablet in the fuzzer: its own IndexedDB (fake-indexeddb) with the real
 * device store and sync engine, reaching the server only through the memory
 * network. Restarting it drops everything held in memory (engine, context)
 * and reopens the database, as closing and reopening the app does.
 */

const ORIGIN = 'http://patravali.test';

export class FuzzDevice {
  db: PatravaliDb;
  ctx!: DeviceContext;
  engine!: SyncEngine;
  private token = '';
  /** The latest sync the test started, until it settles. */
  private running: Promise<SyncOutcome> | null = null;
  readonly outcomes = { synced: 0, failed: 0 };
  /** True once another person signed in here (a shared tablet). */
  handedOver = false;

  private constructor(
    readonly label: string,
    readonly deviceId: DeviceId,
    private readonly dbName: string,
    private readonly deps: {
      readonly net: MemoryNet;
      readonly server: MemoryServer;
      readonly now: () => number;
      readonly random: () => number;
      readonly pageBytes: number | undefined;
    },
  ) {
    this.db = openDb(dbName);
  }

  static async create(
    name: string,
    username: string,
    deps: { net: MemoryNet; server: MemoryServer; clock: Clock; random: () => number },
    shape: { readonly skewMs: number; readonly pageBytes: number | undefined },
  ): Promise<FuzzDevice> {
    const deviceId = asDeviceId(uuidFrom(deps.random));
    const now = (): number => deps.clock.now() + shape.skewMs;
    const { pageBytes } = shape;
    const device = new FuzzDevice(name, deviceId, `fuzz-${name}-${deviceId}`, {
      ...deps,
      now,
      pageBytes,
    });
    await ensureDeviceId(device.db, () => deviceId);
    await device.signIn(username);
    return device;
  }

  get person(): string {
    return this.ctx.person.id;
  }

  /** Starts a sync (or queues the engine's follow-up run); settle() waits for it to block or end. */
  sync(): Promise<SyncOutcome> {
    const run = this.engine.syncNow();
    this.running = run;
    const done = (synced: boolean): void => {
      this.outcomes[synced ? 'synced' : 'failed']++;
      if (this.running === run) this.running = null;
    };
    void run.then(
      (outcome) => done(outcome.kind === 'synced'),
      () => done(false),
    );
    return run;
  }

  /**
   * Waits until the device can do nothing more by itself: no sync running, or
   * its sync waits on the network. Everything a device does between two
   * network events happens inside this wait, so a run replays exactly.
   */
  async settle(): Promise<void> {
    const { net } = this.deps;
    while (this.running !== null && !net.waiting(this.label)) {
      const run = this.running;
      await Promise.race([run.then(noop, noop), net.nextCall(this.label)]);
    }
  }

  /** Closes the app (a sync in flight is aborted) and opens it again on the same database. */
  async restart(): Promise<void> {
    await this.stop();
    this.db.close();
    this.db = openDb(this.dbName);
    await this.open();
  }

  /** Shared tablet: the person signs out (pending changes stay) and `username` signs in. */
  async switchPerson(username: string): Promise<void> {
    await this.stop();
    await signOut(this.db);
    await this.signIn(username);
    this.handedOver = true;
  }

  async destroy(): Promise<void> {
    await this.stop();
    this.db.close();
    await Dexie.delete(this.dbName);
  }

  private async signIn(username: string): Promise<void> {
    // As the app signs in: a device key for the person, registered with the server, signs
    // their changes (so another person's session on a shared tablet can push them).
    const key = await createSigningKey('fuzz', 1);
    const s: SessionResponse = await this.deps.server.signIn(
      username,
      this.deviceId,
      registrationOf(key.stored, 'fuzz tablet'),
    );
    await saveSession(
      this.db,
      {
        token: s.token,
        expiresAt: s.expiresAt,
        person: s.person,
        deviceNumber: s.deviceNumber,
        online: true,
        keyAware: true,
        signer: key.signer,
      },
      s.directory,
    );
    if (s.deviceKeys !== undefined) await saveDeviceKeys(this.db, s.deviceKeys);
    this.token = s.token;
    await this.open();
  }

  private async open(): Promise<void> {
    const { net, now, random, pageBytes } = this.deps;
    const ctx = await loadDeviceContext(this.db, { now, newId: () => uuidFrom(random) });
    if (ctx === null) throw new Error(`${this.label}: no session after sign-in`);
    this.ctx = ctx;
    const token = this.token;
    // No timers and no push channel: the fuzzer decides when each device syncs.
    this.engine = createSyncEngine({
      port: createSyncPort(this.db, now),
      deviceId: this.deviceId,
      getToken: () => token,
      baseUrl: ORIGIN,
      fetch: net.fetchFor(this.label),
      now,
      random,
      pageBytes,
      setTimeout: () => {
        throw new Error('the fuzzer never starts the engine');
      },
      clearTimeout: () => undefined,
    });
  }

  /** Stops the engine; fetches still waiting are abandoned (their requests stay on the wire). */
  private async stop(): Promise<void> {
    this.engine.stop();
    // The engine may still run a follow-up it had queued: hang up on that too.
    for (;;) {
      this.deps.net.hangUp(this.label);
      await this.settle();
      if (this.running === null) return;
    }
  }
}

const noop = (): void => undefined;
