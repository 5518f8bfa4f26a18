import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { encodeFrame } from '@protocol/codec.ts';
import { PROTOCOL_VERSION } from '@protocol/messages.ts';
import { bearer, deviceUuid, signIn, startTestServer, tempDir } from './server-harness.ts';
import type { TestServer } from './server-harness.ts';
import { newFile, postFrame, pullAll, sync } from './server-sync-client.ts';
import { DEMO_ENV, dumpRecords, postReset } from './trainer-harness.ts';
import { nodeArgs } from '../server-bundle.ts';

/** Demo seeding and the trainer's reset, against a real server and SQLite file. */

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function demoDir(): Promise<string> {
  const dir = await tempDir('patravali-trainer-');
  cleanups.push(dir.remove);
  return dir.path;
}

async function start(dataDir: string, env: Record<string, string> = DEMO_ENV): Promise<TestServer> {
  const server = await startTestServer(env, dataDir);
  cleanups.push(() => server.stop());
  return server;
}

async function stop(server: TestServer): Promise<void> {
  await server.stop();
}

/** A file made by the class: pushed by the Vikasnagar clerk. */
async function classWork(server: TestServer) {
  const deviceId = deviceUuid(501);
  const { body } = await signIn(server.url, 'clerk.vikasnagar', deviceId);
  const file = newFile('clerk.vikasnagar', 'vikasnagar', 'कक्षा का अभ्यास / class exercise');
  const pushed = await sync(server.url, body.token, deviceId, 0, [
    { ref: 1, recordId: file.id, update: file.update },
  ]);
  expect(pushed.response.acks).toEqual([1]);
  return { token: body.token, deviceId, file };
}

function runResetCli(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, nodeArgs('reset-cli'), {
    cwd: process.cwd(),
    env: { ...process.env, PATRAVALI_SCRYPT_LOG_N: '10', ...env },
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('demo district seeding', () => {
  it('seeds about 70 records once; restarting twice changes nothing, byte for byte', async () => {
    const dir = await demoDir();
    const first = await start(dir);
    const seeded = dumpRecords(dir);
    expect(seeded.summaries).toHaveLength(70);
    expect(seeded.generation).toBe(1);
    await stop(first);
    await stop(await start(dir));
    await start(dir);
    expect(dumpRecords(dir)).toEqual(seeded);
  });

  it('seeds nothing without demo content, and a device sees the seed through normal sync', async () => {
    const plain = await demoDir();
    await start(plain, {});
    expect(dumpRecords(plain).summaries).toEqual([]);

    const server = await start(await demoDir());
    const deviceId = deviceUuid(9);
    const { body } = await signIn(server.url, 'clerk.chakrata', deviceId);
    const pulled = await pullAll(server.url, body.token, deviceId);
    expect(pulled.byRecord.size).toBe(18); // Chakrata's 15 files and 3 letters, nothing else
  });
});

describe('POST /api/demo/reset', () => {
  it('refuses without a session, and for anyone but the trainer', async () => {
    const server = await start(await demoDir());
    expect((await postReset(server.url, null)).status).toBe(401);
    for (const who of ['clerk.vikasnagar', 'tehsildar.vikasnagar', 'dm.dehradun']) {
      const { body } = await signIn(server.url, who, deviceUuid(20));
      const refused = await postReset(server.url, body.token);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ error: 'forbidden', detail: /trainer/ });
    }
    expect(dumpRecords(server.config.dataDir).generation).toBe(1);
  });

  it('refuses outside demo mode, even for a trainer', async () => {
    const dir = await demoDir();
    const file = join(dir, 'directory.json');
    await writeFile(
      file,
      JSON.stringify({
        version: 1,
        district: { id: 'ddn', name: { hi: 'देहरादून', en: 'Dehradun' } },
        offices: [{ id: 'ddn', code: 'DDN', kind: 'collectorate', name: { hi: 'क', en: 'C' } }],
        people: [
          {
            id: 'trainer',
            name: { hi: 'प्रशिक्षक', en: 'Trainer' },
            designation: { hi: 'प्रशिक्षक', en: 'Trainer' },
            role: 'trainer',
            office: 'ddn',
            initialPassword: 'classroom1',
          },
        ],
      }),
    );
    const server = await start(dir, { ...DEMO_ENV, PATRAVALI_DIRECTORY: file });
    const { body } = await signIn(server.url, 'trainer', deviceUuid(30), 'classroom1');
    const refused = await postReset(server.url, body.token);
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: 'forbidden', detail: /demo mode/ });
  });

  it('removes the class work, reseeds, bumps the generation; a second reset gives the same state', async () => {
    const server = await start(await demoDir());
    const dir = server.config.dataDir;
    const pristine = dumpRecords(dir);
    const clerk = await classWork(server);
    expect(dumpRecords(dir).summaries).toHaveLength(71);
    // A scan the class uploaded, and one whose upload was cut off.
    const scan = join(dir, 'blobs', 'ab'.repeat(32));
    const partial = join(dir, 'uploads', 'class-upload');
    await writeFile(scan, 'class scan');
    await writeFile(partial, 'half a scan');

    const { body: trainer } = await signIn(server.url, 'trainer', deviceUuid(40));
    const reset = await postReset(server.url, trainer.token);
    expect(reset).toEqual({ status: 200, body: { generation: 2, records: 70 } });
    expect(existsSync(scan)).toBe(false);
    expect(existsSync(partial)).toBe(false);
    const once = dumpRecords(dir);
    expect(once.updates.join('\n')).not.toContain(clerk.file.id);
    expect(once.access.join('\n')).not.toContain(clerk.file.id);
    expect({ ...once, generation: 1, seqs: [] }).toEqual({ ...pristine, seqs: [] });
    expect(Math.min(...once.seqs)).toBeGreaterThan(Math.max(...pristine.seqs));

    expect((await postReset(server.url, trainer.token)).body).toEqual({
      generation: 3,
      records: 70,
    });
    const twice = dumpRecords(dir);
    expect({ ...twice, generation: 2, seqs: [] }).toEqual({ ...once, seqs: [] });

    // Sessions survive a reset: the class stays signed in.
    const directory = await fetch(server.url + '/api/directory', { headers: bearer(clerk.token) });
    expect(directory.status).toBe(200);
  });

  it('takes no push from a device of an older generation, and tells it the current one', async () => {
    const server = await start(await demoDir());
    const clerk = await classWork(server);
    const { body: trainer } = await signIn(server.url, 'trainer', deviceUuid(41));
    await postReset(server.url, trainer.token);
    const stale = newFile('clerk.vikasnagar', 'vikasnagar', 'पुरानी कक्षा / old class');
    const ex = await postFrame(
      server.url,
      clerk.token,
      encodeFrame({
        type: 'syncRequest',
        protocol: PROTOCOL_VERSION,
        deviceId: asDeviceId(clerk.deviceId),
        cursor: 5,
        generation: 1,
        updates: [{ ref: 3, recordId: stale.id, update: stale.update }],
      }),
    );
    expect(ex.frame).toMatchObject({
      type: 'syncResponse',
      acks: [],
      refusals: [],
      updates: [],
      cursor: 0,
      generation: 2,
    });
    expect(dumpRecords(server.config.dataDir).updates.join('\n')).not.toContain(stale.id);
  });
});

describe('npm run demo:reset', () => {
  it('resets a stopped server’s data directory; the server starts in the new generation', async () => {
    const dir = await demoDir();
    const server = await start(dir);
    const pristine = dumpRecords(dir);
    const clerk = await classWork(server);
    await stop(server);

    const cli = await runResetCli({ PATRAVALI_DATA_DIR: dir });
    expect(cli.code).toBe(0);
    expect(cli.out).toContain('generation 2, 70 demo records');
    const after = dumpRecords(dir);
    expect(after.updates.join('\n')).not.toContain(clerk.file.id);
    expect(after.summaries.map((s) => JSON.parse(s).record_id)).toEqual(
      pristine.summaries.map((s) => JSON.parse(s).record_id),
    );

    const again = await start(dir);
    const { response } = await sync(again.url, clerk.token, clerk.deviceId, 0);
    expect(response.generation).toBe(2);
  });

  it('refuses to touch a real deployment (PATRAVALI_DIRECTORY set)', async () => {
    const dir = await demoDir();
    await stop(await start(dir));
    const before = dumpRecords(dir);
    const cli = await runResetCli({ PATRAVALI_DATA_DIR: dir, PATRAVALI_DIRECTORY: 'any.json' });
    expect(cli.code).toBe(1);
    expect(cli.out).toContain('only works in demo mode');
    expect(dumpRecords(dir)).toEqual(before);
  });
});
