import 'fake-indexeddb/auto';
import type { DeviceId, PersonId } from '@domain/ids.ts';
import { openDb, type PatravaliDb } from '@storage/db/db.ts';
import type { DeviceContext } from '@storage/services.ts';
import { keepLogKey } from '@storage/sync/log-watch.ts';
import { saveSession } from '@storage/session/session.ts';
import { createSigningKey, registrationOf } from '@storage/session/signing-key.ts';
import { createJobVerifier, type JobVerifier } from '@storage/sync/verify-jobs.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import type { JoinState } from '@storage/sync/sync-port.ts';
import { createSyncEngine, type SyncEngine } from '@sync/engine.ts';
import type { PushSocketConstructor } from '@sync/push-channel.ts';
import { joinAfter, joinProgress } from '@sync/join.ts';
import type { SyncOutcome } from '@sync/sync-run.ts';
import { decodeFrame } from '@protocol/codec.ts';
import { uuidFrom, type Random } from './random.ts';
import { offeringFetch } from './http-fetch.ts';
import { countingFetch, newCounter, signIn, type Counter } from './wire.ts';

/**
 * A real device: the Dexie store over fake-indexeddb and the real sync engine,
 * talking to `origin` (the server, or a shaping proxy in front of it) through a
 * fetch that counts body bytes. No push channel unless `live` is given: most
 * scenarios measure one reconnection, driven by `syncNow`.
 */

/** One sync response as it arrived: where the join stood, and the counter then. */
export interface PageMark {
  /** `deskDone`: the desk page that completed the desk (decision 0012). */
  readonly join: 'desk' | 'deskDone' | 'rest' | null;
  readonly cursor: number;
  /** The highest seq among its updates (0: none). */
  readonly maxSeq: number;
  readonly up: number;
  readonly down: number;
  readonly requests: number;
  /** performance.now() when it had arrived. */
  readonly at: number;
  /** The records its updates belong to. */
  readonly records: readonly string[];
  /**
   * The join's progress bar after it, per cent (src/sync/join.ts): as the device shows it,
   * and as it was shown before it counted in the server's bytes (the updates' own bytes).
   */
  readonly shown?: { readonly now: number; readonly before: number };
}

export interface BenchDeviceOptions {
  /** Page oldest first, as before the desk-first join (the port keeps no join). */
  readonly oldestFirst?: boolean;
}

export interface BenchDevice {
  readonly db: PatravaliDb;
  readonly ctx: DeviceContext;
  /** Every sync response so far, in order. */
  readonly pages: readonly PageMark[];
  readonly engine: SyncEngine;
  readonly counter: Counter;
  /** Signatures this device verified on what it pulled, and the time that took. */
  readonly verified: { jobs: number; ms: number };
  /** Point the device at another origin (e.g. a proxy with another link profile). */
  setOrigin(origin: string): void;
  close(): void;
}

/**
 * What the app adds for a live device: the push channel (a WebSocket class,
 * handed the device's current origin) and the browser's `online` event.
 */
export interface LiveLink {
  readonly WebSocket: PushSocketConstructor;
  readonly onlineEvents: (listener: () => void) => () => void;
}

export async function createBenchDevice(
  serverOrigin: string,
  person: PersonId,
  deviceId: DeviceId,
  random: Random,
  live?: LiveLink,
  options: BenchDeviceOptions = {},
): Promise<BenchDevice> {
  // As the app's sign-in does: a WebCrypto key for this person on this device, registered
  // at sign-in; everything the device writes is signed with it. (Few PBKDF2 rounds: the
  // benchmark measures sync, not unlocking.)
  const key = await createSigningKey('demo1234', 1000);
  const session = await signIn(
    serverOrigin,
    person,
    deviceId,
    fetch,
    registrationOf(key.stored, 'benchmark'),
  );
  const db = openDb(`bench-${deviceId}`);
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
  // As the app's sign-in does: the tablet then checks every tree head and proof.
  await keepLogKey(db, session.logKey);
  const counter = newCounter();
  let origin = serverOrigin;
  const viaOrigin: typeof fetch = offeringFetch((input, init) =>
    fetch(String(input).replace('http://bench.device', origin), init),
  );
  const now = (): number => Date.now();
  const verified = { jobs: 0, ms: 0 };
  const verifier = createJobVerifier();
  const timedVerify: JobVerifier = async (jobs) => {
    const t0 = performance.now();
    const out = await verifier(jobs);
    verified.ms += performance.now() - t0;
    verified.jobs += jobs.length;
    return out;
  };
  const pages: PageMark[] = [];
  let joinKept: JoinState | null = null;
  const counted = countingFetch(counter, viaOrigin);
  const marking: typeof fetch = async (input, init) => {
    const res = await counted(input, init);
    const frame = decodeFrame(new Uint8Array(await res.clone().arrayBuffer()));
    if (frame.ok && frame.value.type === 'syncResponse') {
      const r = frame.value;
      const join =
        r.join === undefined
          ? null
          : r.join.phase === 'rest'
            ? 'rest'
            : r.join.next === null
              ? 'deskDone'
              : 'desk';
      const { up, down, requests } = counter;
      const maxSeq = Math.max(0, ...r.updates.map((u) => u.seq));
      const records = [...new Set(r.updates.map((u) => u.recordId as string))];
      // The request asked is not needed for the bar: only the answer's counts.
      if (r.join !== undefined)
        joinKept = joinAfter(joinKept, { phase: 'desk', seq: 0, after: null }, r, 1);
      const percent = (state: JoinState) => joinProgress(state, 0)?.percentDone ?? 100;
      const shown = (state: JoinState) => {
        const { bytesDone: _, ...before } = state;
        return { now: percent(state), before: percent(before) };
      };
      pages.push({
        ...(joinKept === null || r.join === undefined ? {} : { shown: shown(joinKept) }),
        join,
        cursor: r.cursor,
        maxSeq,
        up,
        down,
        requests,
        at: performance.now(),
        records,
      });
    }
    return res;
  };
  const port = createSyncPort(db, now, timedVerify);
  const engine = createSyncEngine({
    port: options.oldestFirst === true ? { ...port, joinState: undefined } : port,
    deviceId,
    getToken: () => session.token,
    baseUrl: 'http://bench.device',
    fetch: marking,
    now,
    random,
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    ...(live === undefined
      ? {}
      : {
          // The channel's URL is built from baseUrl; it goes where the device's fetch goes.
          WebSocket: class extends (live.WebSocket as new (u: string, p: string[]) => object) {
            constructor(url: string, protocols: string[]) {
              super(url.replace('ws://bench.device', origin.replace(/^http/, 'ws')), protocols);
            }
          } as PushSocketConstructor,
          onlineEvents: live.onlineEvents,
        }),
  });
  const ctx: DeviceContext = {
    db,
    person: session.person,
    directory: session.directory,
    deviceId,
    deviceNumber: session.deviceNumber,
    now,
    newId: () => uuidFrom(random),
    signer: key.signer,
  };
  return {
    db,
    ctx,
    engine,
    counter,
    pages,
    verified,
    setOrigin: (o) => void (origin = o),
    close: () => {
      engine.stop();
      db.close();
    },
  };
}

/** Syncs until one run ends clean, or gives up after `attempts`; returns the runs' outcomes. */
export async function syncUntilSynced(device: BenchDevice, attempts = 20): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (let i = 0; i < attempts; i++) {
    const outcome = await device.engine.syncNow();
    outcomes.push(outcome);
    if (outcome.kind === 'synced') return outcomes;
    if (outcome.kind === 'signedOut' || outcome.kind === 'versionMismatch') break;
  }
  throw new Error(`device did not sync: ${JSON.stringify(outcomes.at(-1))}`);
}
