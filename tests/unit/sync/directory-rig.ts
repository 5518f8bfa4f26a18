import { afterEach, beforeEach, expect } from 'vitest';
import type { Directory, Person } from '@domain/directory.ts';
import { asDeviceId } from '@domain/ids.ts';
import { API } from '@protocol/api.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import {
  directoryTag,
  directoryVersion,
  keepDirectory,
  refuseDirectory,
} from '@storage/session/kept-directory.ts';
import { saveSession, type StoredSession } from '@storage/session/session.ts';
import type { DirectoryFetch } from '@sync/directory-fetch.ts';
import { DIRECTORY_SPREAD_MS } from '@sync/directory-frame.ts';
import type { SyncEngine, SyncEngineDeps } from '@sync/engine.ts';
import type { SyncOutcome } from '@sync/sync-run.ts';
import { clerk, freshDb } from '../storage/helpers.ts';
import {
  createFakePort,
  createFakeServer,
  createManualTimers,
  type FakeServer,
  type ManualTimers,
  until,
} from './fakes.ts';

export { until };

/** A tablet's engine over a fake sync server whose GET /api/directory answers as told. */

/** What the fake server answers GET /api/directory with next. */
export type Answer =
  | { readonly directory: unknown; readonly tag: string }
  | { readonly body: string; readonly tag: string }
  | 'notModified'
  | 'networkDown'
  | 'http500'
  /** Answered once `until` resolves. */
  | { readonly until: Promise<void>; readonly then: Answer };

export interface Rig {
  readonly db: PatravaliDb;
  readonly timers: ManualTimers;
  readonly deps: SyncEngineDeps;
  readonly server: FakeServer;
  /** Directory requests begun (the held tag read), and what each that ended came to. */
  readonly begun: number[];
  readonly fetched: DirectoryFetch[];
  /** The directory requests seen, each with the If-None-Match it carried. */
  readonly asked: (string | null)[];
  /** The held directory's version, each time the engine read it (a push channel's frame). */
  readonly versionReads: Promise<number | null>[];
  answers: Answer[];
}

export function rig(db: PatravaliDb): Rig {
  const timers = createManualTimers();
  const server = createFakeServer(timers);
  const port = Object.assign(createFakePort(), {
    directoryTag: () => {
      r.begun.push(r.begun.length);
      return directoryTag(db);
    },
    directoryVersion: () => {
      const read = directoryVersion(db);
      r.versionReads.push(read);
      return read;
    },
    keepDirectory: (d: Directory, tag: string | null) => keepDirectory(db, d, tag),
    refuseDirectory: (tag: string) => refuseDirectory(db, tag),
  });
  const r: Rig = {
    db,
    timers,
    server,
    begun: [],
    fetched: [],
    asked: [],
    versionReads: [],
    answers: [],
    deps: {
      port,
      deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
      getToken: () => 'token',
      onDirectory: (fetched) => r.fetched.push(fetched),
      baseUrl: 'http://sync.test',
      now: timers.now,
      random: () => 0.5,
      setTimeout: timers.setTimeout,
      clearTimeout: timers.clearTimeout,
      fetch: async (url, init) => {
        if (String(url) !== 'http://sync.test' + API.directory) return server.fetch(url, init);
        const headers = new Headers(init?.headers);
        expect(headers.get('authorization')).toBe('Bearer token');
        r.asked.push(headers.get('if-none-match'));
        let answer = r.answers.shift() ?? 'notModified';
        // An answer held back ends when the request is aborted, as a browser's fetch does.
        const aborted = new Promise<never>((_, reject) =>
          init?.signal?.addEventListener('abort', () => reject(new TypeError('aborted'))),
        );
        // Read only while an answer is held back; an abort after the answer is no one's error.
        aborted.catch(() => undefined);
        while (typeof answer === 'object' && 'until' in answer) {
          await Promise.race([answer.until, aborted]);
          answer = answer.then;
        }
        if (answer === 'networkDown') throw new TypeError('fetch failed');
        if (answer === 'http500') return new Response('oops', { status: 500 });
        if (answer === 'notModified') return new Response(null, { status: 304 });
        return new Response('body' in answer ? answer.body : JSON.stringify(answer.directory), {
          headers: { etag: answer.tag, 'content-type': 'application/json' },
        });
      },
    },
  };
  return r;
}

export const session = (person: Person): StoredSession => ({
  token: 'token',
  expiresAt: Number.MAX_SAFE_INTEGER,
  person,
  deviceNumber: 1,
  online: true,
  keyAware: true,
});

/** A sync, then the directory request it handed over (made beside what follows), ended. */
export async function syncAndDirectory(r: Rig, engine: SyncEngine): Promise<SyncOutcome> {
  const outcome = await engine.syncNow();
  await until(() => r.fetched.length === r.begun.length);
  return outcome;
}

/**
 * A directory frame's sync waiting (a random part of DIRECTORY_SPREAD_MS, half at the
 * rig's random), and its wait ended.
 */
export async function spreadEnds(r: Rig): Promise<void> {
  const wait = DIRECTORY_SPREAD_MS * 0.5;
  await until(() => r.timers.pendingDelays().includes(wait));
  r.timers.advance(wait);
}

/** Each test's own tablet store, the clerk signed in with `held`; closed and deleted after. */
export function signedIn(tag: string, held: Directory): () => PatravaliDb {
  let db: PatravaliDb | null = null;
  beforeEach(async () => {
    db = freshDb(tag);
    await saveSession(db, session(clerk), held);
  });
  afterEach(async () => {
    db?.close();
    await db?.delete();
  });
  return () => {
    if (db === null) throw new Error('no tablet store outside a test');
    return db;
  };
}
