// The server as `npm start` runs it survives SIGKILL: restarted on the same data dir,
// a session issued before the crash still works. Also checks the harness really ends
// the processes it started.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { SessionResponse } from '@protocol/api.ts';
import { API } from '@protocol/api.ts';
import { startServer, type RunningServer } from './harness.ts';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function signInOverApi(url: string): Promise<string> {
  const response = await fetch(`${url}${API.session}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      username: 'clerk.vikasnagar',
      password: 'demo1234',
      deviceId: randomUUID(),
    }),
  });
  expect(response.status).toBe(201);
  const session = (await response.json()) as SessionResponse;
  return session.token;
}

describe('server restart after SIGKILL', () => {
  const started: RunningServer[] = [];

  afterAll(async () => {
    for (const server of started) await server.stop();
    await started[0]?.removeData();
  });

  it('keeps sessions across a crash and stops cleanly', async () => {
    const first = await startServer({ withApp: false });
    started.push(first);
    const token = await signInOverApi(first.url);

    await first.kill9();
    expect(isAlive(first.pid)).toBe(false);

    const second = await startServer({ dataDir: first.dataDir, withApp: false });
    started.push(second);
    const directory = await fetch(`${second.url}${API.directory}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(directory.status).toBe(200);
    const unauthenticated = await fetch(`${second.url}${API.directory}`);
    expect(unauthenticated.status).toBe(401);

    await second.stop();
    expect(isAlive(second.pid)).toBe(false);
  });
});
