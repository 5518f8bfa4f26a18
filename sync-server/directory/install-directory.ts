import type { Directory } from '@domain/directory.ts';
import type { ServerStorage } from '../storage/types.ts';
import { hashPassword } from '../auth/password.ts';
import { DEMO_DIRECTORY, DEMO_PASSWORD } from './demo-directory.ts';
import { parseDirectoryText } from './directory-file.ts';
import { isRelayId } from '../relay/relay-identity.ts';
import { stableJson } from '@doc/signature.ts';

/**
 * Puts the directory in storage at start-up. Demo mode seeds the demo district
 * only into an empty store (a data dir that already has a directory keeps it, and
 * never gains demo passwords). File mode replaces the directory from the file,
 * removes demo credentials and anyone no longer listed, and revokes their sessions.
 *
 * A file is refused, changing nothing, when its `version` is lower than the stored
 * directory's (a restored older file), or equal with other content (two files of
 * one version, e.g. on two instances behind a balancer sharing one database):
 * relays keep the highest version they have seen (relay/relay-directory.ts), so
 * either would leave them with a directory the server does not serve. A demo
 * store takes any file (its directory was never the administrator's).
 */

export interface InstallDeps {
  readonly now: () => number;
  readonly randomBytes: (n: number) => Uint8Array;
  readonly scryptLogN: number;
}

export class DirectoryFileError extends Error {
  override readonly name = 'DirectoryFileError';
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`directory file ${file} is not valid:\n  ${problems.join('\n  ')}`);
  }
}

export async function installDemoDirectory(
  storage: ServerStorage,
  deps: InstallDeps,
): Promise<Directory> {
  const existing = await storage.loadDirectory();
  if (existing !== null) return existing;
  for (const person of DEMO_DIRECTORY.people) {
    const hash = await hashPassword(DEMO_PASSWORD, deps.scryptLogN, deps.randomBytes);
    await storage.setCredential({ person: person.id, hash, source: 'demo' });
  }
  await storage.saveDirectory(DEMO_DIRECTORY);
  return DEMO_DIRECTORY;
}

export async function installDirectoryFile(
  storage: ServerStorage,
  file: string,
  text: string,
  deps: InstallDeps,
): Promise<Directory> {
  const parsed = parseDirectoryText(text);
  if (!parsed.ok) throw new DirectoryFileError(file, parsed.error);
  const { directory, credentials } = parsed.value;
  const problem = await versionProblem(await storage.loadDirectory(), directory, storage);
  if (problem !== null) throw new DirectoryFileError(file, [problem]);
  const listed = new Set<string>(directory.people.map((p) => p.id));
  for (const c of await storage.listCredentials()) {
    // Office relays' keys (relay/relay-identity.ts) are the administrator's, not the file's.
    if (isRelayId(c.person)) continue;
    if (c.source === 'demo' || !listed.has(c.person)) {
      await storage.deleteCredential(c.person);
      await storage.revokePersonSessions(c.person, deps.now());
    }
  }
  for (const c of credentials) {
    if (c.kind === 'hash') {
      await storage.setCredential({ person: c.person, hash: c.passwordHash, source: 'file' });
    } else if ((await storage.getCredential(c.person)) === null) {
      const hash = await hashPassword(c.initialPassword, deps.scryptLogN, deps.randomBytes);
      await storage.setCredential({ person: c.person, hash, source: 'initial' });
    }
  }
  await storage.saveDirectory(directory);
  return directory;
}

/** Why the stored directory may not be replaced by `next`, or null. */
async function versionProblem(
  stored: Directory | null,
  next: Directory,
  storage: ServerStorage,
): Promise<string | null> {
  if (stored === null) return null;
  if ((await storage.listCredentials()).some((c) => c.source === 'demo')) return null;
  if (next.version < stored.version)
    return (
      `version ${next.version} is older than the directory this server holds (version ` +
      `${stored.version}); give the file a version above ${stored.version}`
    );
  if (next.version === stored.version && stableJson(next) !== stableJson(stored))
    return (
      `version ${next.version} is the version this server holds, with other content; ` +
      `give a changed directory a version above ${stored.version}`
    );
  return null;
}
