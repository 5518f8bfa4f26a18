import { writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashPassword } from '../../sync-server/auth/password.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { DirectoryFileError } from '../../sync-server/directory/install-directory.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { DirectoryDecision, ServerStorage } from '../../sync-server/storage/types.ts';
import { asPersonId } from '@domain/ids.ts';
import { deviceUuid, signIn, startTestServer, tempDir } from './server-harness.ts';

/** The demo's offices without their saved groups, which name people these files leave out. */
const OFFICES = DEMO_DIRECTORY.offices.map(({ recipientGroups: _groups, ...office }) => office);

/** A directory file of the demo's district and offices. */
const writeDirectoryFile = (file: string, version: number, people: readonly object[]) =>
  writeFile(
    file,
    JSON.stringify({ version, district: DEMO_DIRECTORY.district, offices: OFFICES, people }),
  );

/** Real deployments: the directory file replaces the demo district and its passwords. */

const person = (id: string, role: string, office: string, extra: Record<string, string> = {}) => ({
  id,
  name: { hi: 'नाम', en: 'Name' },
  designation: { hi: 'पद', en: 'Post' },
  role,
  office,
  ...extra,
});

describe('directory file mode', () => {
  it('drops demo passwords, honours initial passwords and hashes, refuses people not listed', async () => {
    const dir = await tempDir('patravali-dirfile-');
    try {
      const demo = await startTestServer({}, dir.path);
      expect((await signIn(demo.url, 'clerk.vikasnagar', deviceUuid(1))).status).toBe(201);
      await demo.app.close();

      const dmHash = await hashPassword('collector-secret', 10, (n) => new Uint8Array(n).fill(7));
      const file = join(dir.path, 'directory.json');
      await writeDirectoryFile(file, 2, [
        person('clerk.vikasnagar', 'deskAssistant', 'vikasnagar', {
          initialPassword: 'pehla-password',
        }),
        person('dm.dehradun', 'dm', 'dehradun', { passwordHash: dmHash }),
        person('tehsildar.vikasnagar', 'tehsildar', 'vikasnagar'),
      ]);
      const real = await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path);
      try {
        const attempt = (u: string, p: string) =>
          signIn(real.url, u, deviceUuid(2), p).then((r) => r.status);
        expect(await attempt('clerk.vikasnagar', 'demo1234')).toBe(401);
        expect(await attempt('clerk.vikasnagar', 'pehla-password')).toBe(201);
        expect(await attempt('dm.dehradun', 'collector-secret')).toBe(201);
        expect(await attempt('tehsildar.vikasnagar', 'demo1234')).toBe(401);
        expect(await attempt('kanungo.vikasnagar', 'demo1234')).toBe(401);
        const { body } = await signIn(real.url, 'dm.dehradun', deviceUuid(3), 'collector-secret');
        expect(body.directory.version).toBe(2);
        expect(body.directory.people).toHaveLength(3);
      } finally {
        await real.app.close();
      }
    } finally {
      await dir.remove();
    }
  });

  it('refuses to start with an invalid directory file, naming every problem', async () => {
    const dir = await tempDir('patravali-badfile-');
    try {
      await mkdir(dir.path, { recursive: true });
      const file = join(dir.path, 'directory.json');
      await writeFile(
        file,
        JSON.stringify({
          version: 1,
          district: DEMO_DIRECTORY.district,
          offices: OFFICES,
          people: [person('x', 'king', 'mars')],
        }),
      );
      const failure = await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path).then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(DirectoryFileError);
      expect((failure as DirectoryFileError).problems).toEqual([
        expect.stringMatching(/^people\[0\]\.role: /),
        'people[0].office: unknown office "mars"',
      ]);
    } finally {
      await dir.remove();
    }
  });

  it('refuses an older file, or one of the same version with other content, changing nothing', async () => {
    const dir = await tempDir('patravali-dirversion-');
    try {
      await mkdir(dir.path, { recursive: true });
      const file = join(dir.path, 'directory.json');
      const people = [
        person('clerk.vikasnagar', 'deskAssistant', 'vikasnagar', {
          initialPassword: 'pehla-password',
        }),
        person('tehsildar.vikasnagar', 'tehsildar', 'vikasnagar', {
          initialPassword: 'doosra-password',
        }),
      ];
      const write = (version: number, listed: typeof people) =>
        writeDirectoryFile(file, version, listed);
      const start = () =>
        startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path).then(
          async (server) => {
            const { status, body } = await signIn(
              server.url,
              'tehsildar.vikasnagar',
              deviceUuid(5),
              'doosra-password',
            );
            await server.app.close();
            return { status, version: status === 201 ? body.directory.version : null };
          },
          (e: unknown) => (e as DirectoryFileError).problems,
        );

      await write(3, people);
      expect(await start()).toEqual({ status: 201, version: 3 });
      // A restored older file that drops the tehsildar: refused; they keep their access.
      await write(2, people.slice(0, 1));
      expect(await start()).toEqual([
        'version 2 is older than the directory this server holds (version 3); give the file a version above 3',
      ]);
      // The same version with other content (another instance's file): refused.
      await write(3, people.slice(0, 1));
      expect(await start()).toEqual([
        'version 3 is the version this server holds, with other content; give a changed directory a version above 3',
      ]);
      expect(await start()).toEqual(expect.any(Array));
      // The same directory written out again, keys in another order: taken.
      await writeFile(
        file,
        JSON.stringify({ people, offices: OFFICES, district: DEMO_DIRECTORY.district, version: 3 }),
      );
      expect(await start()).toEqual({ status: 201, version: 3 });
      // A newer version drops the tehsildar: taken.
      await write(4, people.slice(0, 1));
      expect(await start()).toEqual({ status: 401, version: null });
    } finally {
      await dir.remove();
    }
  });

  it('hashes the initial password of someone another install left without one meanwhile, then stores', async () => {
    const dir = await tempDir('patravali-dirrehash-');
    try {
      const file = join(dir.path, 'directory.json');
      const write = (version: number, clerkPassword: string) =>
        writeDirectoryFile(file, version, [
          person('clerk.vikasnagar', 'deskAssistant', 'vikasnagar', {
            initialPassword: clerkPassword,
          }),
        ]);
      await write(2, 'pehla-password');
      await (await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path)).app.close();

      // The clerk has a password when this start reads the store, so their initial
      // password is not hashed; an install of another file removes it before this one.
      await write(3, 'naya-password');
      const real = openSqliteStorage(dir.path);
      let installs = 0;
      const storage: ServerStorage = Object.assign(Object.create(real) as ServerStorage, {
        installDirectory: async <T>(decide: DirectoryDecision<T>): Promise<T> => {
          if (installs++ === 0) await real.deleteCredential(asPersonId('clerk.vikasnagar'));
          return real.installDirectory(decide);
        },
      });
      const server = await startTestServer(
        { PATRAVALI_DIRECTORY: file },
        dir.path,
        undefined,
        storage,
      );
      try {
        const attempt = (p: string) =>
          signIn(server.url, 'clerk.vikasnagar', deviceUuid(7), p).then((r) => r.status);
        expect(await attempt('naya-password')).toBe(201);
        expect(installs).toBe(2);
      } finally {
        await server.app.close();
      }
    } finally {
      await dir.remove();
    }
  });

  it('takes any version over the demo district', async () => {
    const dir = await tempDir('patravali-dirdemo-');
    try {
      const demo = await startTestServer({}, dir.path);
      await demo.app.close();
      const file = join(dir.path, 'directory.json');
      const version = DEMO_DIRECTORY.version;
      await writeDirectoryFile(file, version, [
        person('dm.dehradun', 'dm', 'dehradun', { initialPassword: 'dm-password' }),
      ]);
      const real = await startTestServer({ PATRAVALI_DIRECTORY: file }, dir.path);
      try {
        const { status, body } = await signIn(
          real.url,
          'dm.dehradun',
          deviceUuid(6),
          'dm-password',
        );
        expect(status).toBe(201);
        expect(body.directory.people).toHaveLength(1);
      } finally {
        await real.app.close();
      }
    } finally {
      await dir.remove();
    }
  });
});
