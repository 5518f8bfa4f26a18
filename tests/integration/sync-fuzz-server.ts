import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { API, type SessionResponse, type SigningKeyRegistration } from '@protocol/api.ts';
import { buildServer } from '../../sync-server/app.ts';
import { DEMO_PASSWORD } from '../../sync-server/directory/demo-directory.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import type { Answer, WireRequest } from './sync-fuzz-net.ts';
import { serverLifecycle, testServerSetup, type Clock } from './sync-harness.ts';
import { bundledJudging } from '../server-bundle.ts';

/**
 * The real server (Fastify app, sync route, handleSync, SQLite storage in a
 * temp dir) answering in-process through `inject`, without a socket, for the
 * convergence fuzzer. The data directory is on tmpfs where the system has one,
 * so thousands of durable commits stay cheap; the SQLite code is the same.
 */

export interface MemoryServer {
  /** The server end of the memory network. */
  handle(request: WireRequest): Promise<Answer>;
  /** Signs a person in directly (sign-in is not what the fuzzer explores). */
  signIn(
    username: string,
    deviceId: string,
    signingKey?: SigningKeyRegistration,
  ): Promise<SessionResponse>;
  /** The storage the running instance uses, for the invariant checks. */
  storage(): ServerStorage;
  /** Closes the app (and its storage) and opens a new one on the same data directory. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const fastTmp = (): string => (existsSync('/dev/shm') ? '/dev/shm' : tmpdir());

/** Smaller pages and early compaction, so short runs reach the paths long histories take. */
export interface ServerShape {
  readonly syncPageBytes?: number;
  readonly compactAfterRows?: number;
}

export async function startMemoryServer(
  clock: Clock,
  random: () => number,
  shape: ServerShape = {},
): Promise<MemoryServer> {
  const dataDir = mkdtempSync(join(fastTmp(), 'patravali-fuzz-'));
  const { config, randomBytes } = testServerSetup(dataDir, random);
  let storage: ServerStorage;
  let app: FastifyInstance;
  const open = async (): Promise<void> => {
    storage = openSqliteStorage(dataDir, { compactAfterRows: shape.compactAfterRows });
    const { syncPageBytes } = shape;
    app = buildServer(config, {
      now: clock.now,
      randomBytes,
      storage,
      syncPageBytes,
      judging: bundledJudging(),
    });
    await app.ready();
  };
  await open();
  return {
    async handle(request) {
      // inject hands back the body as sent and nothing here decodes it, so the
      // requests ask for none (compression is tested in sync-compression.test.ts).
      const { 'accept-encoding': _coding, ...headers } = request.headers;
      const res = await app.inject({
        method: request.method,
        url: request.path,
        headers,
        ...(request.method === 'POST' ? { payload: Buffer.from(request.body) } : {}),
      });
      return { status: res.statusCode, headers: answerHeaders(res.headers), body: res.rawPayload };
    },
    async signIn(username, deviceId, signingKey) {
      const res = await app.inject({
        method: 'POST',
        url: API.session,
        payload: { username, password: DEMO_PASSWORD, deviceId, ...(signingKey && { signingKey }) },
      });
      if (res.statusCode !== 200 && res.statusCode !== 201)
        throw new Error(`sign-in ${username}: HTTP ${res.statusCode} ${res.body}`);
      return res.json<SessionResponse>();
    },
    storage: () => storage,
    ...serverLifecycle(dataDir, () => app, open),
  };
}

/** The headers a fetch Response may carry (no hop-by-hop or length headers). */
function answerHeaders(headers: Record<string, unknown>): Record<string, string> {
  const keep = ['content-type', 'content-encoding', 'vary'];
  const out: Record<string, string> = {};
  for (const k of keep) if (typeof headers[k] === 'string') out[k] = headers[k];
  return out;
}
