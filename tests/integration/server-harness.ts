import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildServer, type ServerDeps } from '../../sync-server/app.ts';
import { configFromEnv } from '../../sync-server/config.ts';
import type { ServerConfig } from '../../sync-server/config.ts';
import type { SessionResponse } from '@protocol/api.ts';
import { engineEnv } from './test-engine.ts';
import { bundledJudging } from '../server-bundle.ts';

/**
 * A real server on port 0 over a real SQLite file in a temp dir (or PostgreSQL,
 * test-engine.ts), with a settable clock.
 */

export interface TestServer {
  readonly url: string;
  readonly app: FastifyInstance;
  readonly config: ServerConfig;
  readonly clock: { now: number };
  stop(): Promise<void>;
}

export async function tempDir(
  prefix: string,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  judging?: ServerDeps['judging'],
  storage?: ServerDeps['storage'],
  logLine?: ServerDeps['logLine'],
): Promise<TestServer> {
  const dir = dataDir === undefined ? await tempDir('patravali-server-') : null;
  const data = dataDir ?? dir?.path ?? '';
  const config = configFromEnv(
    {
      PATRAVALI_DATA_DIR: data,
      PATRAVALI_SCRYPT_LOG_N: '10',
      PATRAVALI_STATIC_DIR: join(data, 'no-dist'),
      ...(await engineEnv(data)),
      ...env,
    },
    process.cwd(),
  );
  const clock = { now: Date.UTC(2026, 3, 1, 10, 0, 0) };
  const app = buildServer(config, {
    now: () => clock.now,
    randomBytes: (n) => new Uint8Array(randomBytes(n)),
    judging: judging ?? bundledJudging(),
    ...(storage !== undefined ? { storage } : {}),
    ...(logLine !== undefined ? { logLine } : {}),
  });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
  } catch (e) {
    await app.close();
    await dir?.remove();
    throw e;
  }
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    config,
    clock,
    stop: async () => {
      await app.close();
      await dir?.remove();
    },
  };
}

export function deviceUuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

export async function signIn(
  url: string,
  username: string,
  deviceId: string,
  password = 'demo1234',
): Promise<{ status: number; body: SessionResponse }> {
  const res = await fetch(`${url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, deviceId }),
  });
  return { status: res.status, body: (await res.json()) as SessionResponse };
}

export const bearer = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
});
