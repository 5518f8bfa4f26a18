import 'fake-indexeddb/auto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import type { FastifyInstance } from 'fastify';
import { asDeviceId, type RecordId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';
import { API, type SessionResponse } from '@protocol/api.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import { loadRecordDoc, stateOfDoc } from '@storage/db/record-store.ts';
import type { DeviceContext } from '@storage/services.ts';
import { keepLogKey } from '@storage/sync/log-watch.ts';
import { saveSession } from '@storage/session/session.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { createSyncEngine, type SyncEngine } from '@sync/engine.ts';
import type { PushSocketConstructor } from '@sync/push-channel.ts';
import { buildServer } from '../../sync-server/app.ts';
import { configFromEnv } from '../../sync-server/config.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { openTestStorage } from './test-engine.ts';
import { bundledJudging } from '../server-bundle.ts';

/**
 * Real server (Fastify + SQLite in a temp dir, or PostgreSQL: test-engine.ts; port 0) and real devices
 * (Dexie over fake-indexeddb, the real sync engine) for the sync integration
 * tests. Devices reach the server through a wrapped fetch that counts bytes
 * and can go offline or drop requests and responses.
 */

/** Devices talk to this origin; the wrapped fetch maps it to the server's current port. */
const VIRTUAL_ORIGIN = 'http://patravali.test';

export interface Clock {
  now(): number;
  advance(ms: number): void;
}

export function createClock(start = Date.UTC(2026, 5, 1, 4, 30)): Clock {
  let t = start;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

export interface TestServer {
  origin(): string;
  /** The server's data directory (SQLite, uploads, blobs). */
  readonly dataDir: string;
  /** Graceful close and reopen on the same data directory (new port). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A server this harness started, whose storage the test may read. */
export interface OwnServer extends TestServer {
  /** The storage the running instance uses (for checks of what it holds). */
  storage(): ServerStorage;
}

/** What test servers run with: the demo directory, cheap scrypt, seeded random bytes. */
export function testServerSetup(
  dataDir: string,
  random: () => number,
  extraEnv: Readonly<Record<string, string>> = {},
) {
  const env = {
    ...extraEnv,
    PORT: '0',
    HOST: '127.0.0.1',
    PATRAVALI_DATA_DIR: dataDir,
    PATRAVALI_SCRYPT_LOG_N: '10',
    PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
  };
  const randomBytes = (n: number): Uint8Array =>
    Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
  return { config: configFromEnv(env, process.cwd()), randomBytes };
}

/** Restart closes the app and opens it again on the same data directory; close deletes it. */
export function serverLifecycle(
  dataDir: string,
  app: () => FastifyInstance,
  open: () => Promise<void>,
): Pick<TestServer, 'restart' | 'close'> {
  return {
    async restart() {
      await app().close();
      await open();
    },
    async close() {
      await app().close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function startServer(
  clock: Clock,
  random: () => number,
  env: Readonly<Record<string, string>> = {},
  /** Sync response pages (PAGE_BYTES unless given): small ones make a test page often. */
  syncPageBytes?: number,
): Promise<OwnServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'patravali-sync-'));
  const { config, randomBytes } = testServerSetup(dataDir, random, env);
  let app: FastifyInstance;
  let storage: ServerStorage;
  let origin = '';
  const open = async (): Promise<void> => {
    storage = await openTestStorage(dataDir);
    app = buildServer(config, {
      now: clock.now,
      randomBytes,
      storage,
      syncPageBytes,
      judging: bundledJudging(),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  };
  await open();
  return {
    origin: () => origin,
    dataDir,
    storage: () => storage,
    ...serverLifecycle(dataDir, () => app, open),
  };
}

/** What the link does; counts what crossed it. */
export interface Link {
  online: boolean;
  /** Chance a request is lost before the server sees it. */
  dropRequest: number;
  /** Chance a response is lost after the server committed. */
  dropResponse: number;
  /** Request + response body bytes. */
  bytes: number;
  requests: number;
  /** Sees each request body as it leaves (awaited first) and each response body the device gets. */
  watch?: {
    request?(body: Uint8Array | null): void | Promise<void>;
    response?(body: Uint8Array): void;
  };
}

export function newLink(): Link {
  return { online: true, dropRequest: 0, dropResponse: 0, bytes: 0, requests: 0 };
}

function linkFetch(server: TestServer, link: Link, random: () => number): typeof fetch {
  return async (input, init) => {
    if (!link.online || random() < link.dropRequest) throw new TypeError('network unreachable');
    const sent = init?.body instanceof Uint8Array ? init.body : null;
    await link.watch?.request?.(sent);
    const url = String(input).replace(VIRTUAL_ORIGIN, server.origin());
    const res = await fetch(url, init);
    const body = await res.arrayBuffer();
    link.requests++;
    link.bytes += (sent?.byteLength ?? 0) + body.byteLength;
    if (random() < link.dropResponse) throw new TypeError('connection reset');
    link.watch?.response?.(new Uint8Array(body));
    return new Response(body, { status: res.status, headers: res.headers });
  };
}

/** `ws` sockets to the virtual origin, redirected to the server's current port; none while offline. */
function linkWebSocket(server: TestServer, link: Link): PushSocketConstructor {
  return class LinkedWebSocket extends WebSocket {
    constructor(url: string, protocols: string[]) {
      if (!link.online) throw new Error('network unreachable');
      super(
        url.replace(VIRTUAL_ORIGIN.replace('http', 'ws'), server.origin().replace('http', 'ws')),
        protocols,
      );
    }
  };
}

export interface TestDevice {
  readonly label: string;
  readonly db: PatravaliDb;
  readonly ctx: DeviceContext;
  readonly engine: SyncEngine;
  readonly link: Link;
  readonly token: string;
  /**
   * Settles when the engine's first directory request has ended: it goes out after the
   * first synced run, beside what follows (a test counting an exchange's bytes waits).
   */
  readonly directoryAsked: Promise<void>;
}

export async function signIn(
  server: TestServer,
  username: string,
  deviceId: string,
): Promise<SessionResponse> {
  const res = await fetch(server.origin() + API.session, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'demo1234', deviceId }),
  });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`sign-in ${username}: HTTP ${res.status}`);
  return (await res.json()) as SessionResponse;
}

export function uuidFrom(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16));
  hex[12] = '4';
  hex[16] = (8 + Math.floor(random() * 4)).toString(16);
  const h = hex.join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export async function createDevice(
  server: TestServer,
  username: string,
  clock: Clock,
  random: () => number,
  skewMs = 0,
): Promise<TestDevice> {
  const deviceId = asDeviceId(uuidFrom(random));
  const session = await signIn(server, username, deviceId);
  const db = openDb(`device-${deviceId}`);
  await saveSession(
    db,
    {
      token: session.token,
      expiresAt: session.expiresAt,
      person: session.person,
      deviceNumber: session.deviceNumber,
      online: true,
    },
    session.directory,
  );
  await keepLogKey(db, session.logKey);
  const now = (): number => clock.now() + skewMs;
  const link = newLink();
  let asked = (): void => undefined;
  const directoryAsked = new Promise<void>((resolve) => (asked = resolve));
  const engine = createSyncEngine({
    port: createSyncPort(db, now),
    deviceId,
    getToken: () => session.token,
    baseUrl: VIRTUAL_ORIGIN,
    fetch: linkFetch(server, link, random),
    WebSocket: linkWebSocket(server, link),
    now,
    random,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    onDirectory: () => asked(),
  });
  const ctx: DeviceContext = {
    db,
    person: session.person,
    directory: session.directory,
    deviceId,
    deviceNumber: session.deviceNumber,
    now,
    newId: () => uuidFrom(random),
  };
  return {
    label: `${username}@${deviceId.slice(0, 8)}`,
    db,
    ctx,
    engine,
    link,
    token: session.token,
    directoryAsked,
  };
}

/** Syncs until a run completes cleanly (the link may drop a few). */
export async function syncUntilClean(device: TestDevice, attempts = 50): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    const outcome = await device.engine.syncNow();
    if (outcome.kind === 'synced' && device.engine.status.getSnapshot().pending === 0) return;
    if (outcome.kind === 'signedOut' || outcome.kind === 'versionMismatch') {
      throw new Error(`${device.label}: ${outcome.kind} ${JSON.stringify(outcome)}`);
    }
  }
  throw new Error(`${device.label}: no clean sync in ${attempts} attempts`);
}

/** Polls `check` until it holds (real time; for push-driven behaviour). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise<void>((r) => setTimeout(r, 20));
  }
}

export interface RecordSnapshot {
  readonly yjs: Uint8Array;
  readonly content: unknown;
  readonly state: RecordState | null;
}

/** Every record on the device: its Yjs state, its plain content and its folded state at `now`. */
export async function snapshotDevice(
  device: TestDevice,
  now: number,
): Promise<Map<RecordId, RecordSnapshot>> {
  const ids = (await device.db.updates.orderBy('recordId').uniqueKeys()) as RecordId[];
  const out = new Map<RecordId, RecordSnapshot>();
  for (const id of [...ids].sort()) {
    const doc = await loadRecordDoc(device.db, id);
    out.set(id, {
      yjs: Y.encodeStateAsUpdate(doc),
      content: {
        meta: doc.getMap('meta').toJSON(),
        events: doc.getArray('events').toJSON(),
        letter: doc.getText('letter').toString(),
      },
      state: stateOfDoc(doc, now),
    });
    doc.destroy();
  }
  return out;
}

/** The value of a service outcome that must succeed; throws with the refusal otherwise. */
export const must = <T>(r: { ok: true; value: T } | { ok: false }): T => {
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value;
};
