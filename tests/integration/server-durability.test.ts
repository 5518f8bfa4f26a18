import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceUuid, signIn, tempDir } from './server-harness.ts';
import { append, newFile, notingEvent, pullAll, stateOf, sync } from './server-sync-client.ts';
import { nodeArgs } from '../server-bundle.ts';

/** The real `npm start` entry as a child process, killed with SIGKILL right after an ack. */

interface Child {
  readonly proc: ChildProcess;
  readonly url: string;
  readonly exited: Promise<number | null>;
}

function startMain(dataDir: string): Promise<Child> {
  const proc = spawn(process.execPath, nodeArgs('main'), {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      PATRAVALI_DATA_DIR: dataDir,
      PATRAVALI_STATIC_DIR: join(dataDir, 'no-dist'),
      PATRAVALI_SCRYPT_LOG_N: '10',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => resolve(code)),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    proc.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Patravali listening on (http:\/\/[\d.]+:\d+)\//.exec(out);
      if (m?.[1] !== undefined) resolve({ proc, url: m[1], exited });
    });
    void exited.then((code) =>
      reject(new Error(`server exited (${code}) before listening:\n${out}\n${err}`)),
    );
  });
}

describe('durability of acknowledged updates', () => {
  const children: Child[] = [];
  afterEach(() => {
    for (const c of children)
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
  });

  it('an acked update survives kill -9, and SIGTERM closes cleanly', async () => {
    const dir = await tempDir('patravali-kill-');
    try {
      const first = await startMain(dir.path);
      children.push(first);
      const { body } = await signIn(first.url, 'clerk.vikasnagar', deviceUuid(1));
      const file = newFile('clerk.vikasnagar', 'vikasnagar', 'आपदा राहत / disaster relief');
      const noting = append(file, [notingEvent('clerk.vikasnagar', 'भूस्खलन से क्षति का आकलन')]);
      const acked = await sync(first.url, body.token, deviceUuid(1), 0, [
        { ref: 1, recordId: file.id, update: file.update },
        { ref: 2, recordId: file.id, update: noting },
      ]);
      expect(acked.response.acks).toEqual([1, 2]);
      first.proc.kill('SIGKILL');
      await first.exited;

      const second = await startMain(dir.path);
      children.push(second);
      // The session survived too: the same token still works after the crash (from cursor 0
      // a device gets everything, its own pushes included, with their log entries).
      const own = await pullAll(second.url, body.token, deviceUuid(1));
      expect([own.byRecord.has(file.id), own.cursor]).toEqual([true, acked.response.headSeq]);
      const other = await signIn(second.url, 'tehsildar.vikasnagar', deviceUuid(2));
      const pulled = await pullAll(second.url, other.body.token, deviceUuid(2));
      const state = stateOf(pulled.byRecord.get(file.id) ?? []);
      expect(state?.meta.subject).toBe('आपदा राहत / disaster relief');
      expect(state?.notes.map((n) => n.text)).toEqual(['भूस्खलन से क्षति का आकलन']);

      second.proc.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      await dir.remove();
    }
  });
});
