import type { Directory } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type {
  Credential,
  DirectoryDecision,
  ServerStorage,
  StoredAccounts,
} from '../storage/types.ts';
import { hashPassword } from '../auth/password.ts';
import { DEMO_DIRECTORY, DEMO_PASSWORD } from './demo-directory.ts';
import { parseDirectoryText, type InitialCredential } from './directory-file.ts';
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
 * store takes any file (its directory was never the administrator's). A newer one
 * stored by another instance while this one started is served, not written over
 * (installDirectoryFile).
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

/** InstallDeps, and where a file's install says it served another instance's directory. */
export interface FileInstallDeps extends InstallDeps {
  readonly log: (line: string) => void;
}

/**
 * The demo district, seeded in one install (AccountStore.installDirectory) unless a
 * directory is stored by then: another instance starting at once may store one
 * while these passwords are hashed, and keeps it.
 */
export async function installDemoDirectory(
  storage: ServerStorage,
  deps: InstallDeps,
): Promise<Directory> {
  const existing = await storage.loadDirectory();
  if (existing !== null) return existing;
  const set: Credential[] = [];
  for (const person of DEMO_DIRECTORY.people) {
    const hash = await hashPassword(DEMO_PASSWORD, deps.scryptLogN, deps.randomBytes);
    set.push({ person: person.id, hash, source: 'demo' });
  }
  return storage.installDirectory((stored) =>
    stored.directory !== null
      ? { write: null, result: stored.directory }
      : {
          write: { directory: DEMO_DIRECTORY, remove: [], set, at: deps.now() },
          result: DEMO_DIRECTORY,
        },
  );
}

/**
 * Hashes the initial passwords first (scrypt, the slow part), then stores the
 * directory and its credentials in one install (AccountStore.installDirectory: on
 * PostgreSQL under a lock that instances starting at once take in turn), which reads
 * the stored directory again. A newer one stored since the first read (another
 * instance started at once with a newer file) is kept and served, and logged once:
 * as if this file had been stored first and the newer one taken after it
 * (follow-directory.ts), not a directory going back to an older version. Anyone the
 * stored credentials lack by then whose initial password was not hashed (another
 * install removed them meanwhile) is hashed, and the install tried again.
 */
export async function installDirectoryFile(
  storage: ServerStorage,
  file: string,
  text: string,
  deps: FileInstallDeps,
): Promise<Directory> {
  const parsed = parseDirectoryText(text);
  if (!parsed.ok) throw new DirectoryFileError(file, parsed.error);
  const { directory, credentials } = parsed.value;
  const first: StoredAccounts = {
    directory: await storage.loadDirectory(),
    credentials: await storage.listCredentials(),
  };
  const problem = versionProblem(heldAgainst(first), directory);
  if (problem !== null) throw new DirectoryFileError(file, [problem]);
  const hashes = new Map<PersonId, string>();
  let unhashed: readonly InitialPassword[] = planCredentials(
    directory,
    credentials,
    first.credentials,
    hashes,
  ).unhashed;
  for (;;) {
    for (const c of unhashed)
      hashes.set(
        c.person,
        await hashPassword(c.initialPassword, deps.scryptLogN, deps.randomBytes),
      );
    const outcome = await storage.installDirectory((stored): Decided => {
      const held = heldAgainst(stored);
      if (held !== null && directory.version < held.version)
        return { write: null, result: { overtakenBy: held } };
      const problem = versionProblem(held, directory);
      if (problem !== null) throw new DirectoryFileError(file, [problem]);
      const plan = planCredentials(directory, credentials, stored.credentials, hashes);
      if (plan.unhashed.length > 0) return { write: null, result: { unhashed: plan.unhashed } };
      const { remove, set } = plan;
      return { write: { directory, remove, set, at: deps.now() }, result: { stored: directory } };
    });
    if ('unhashed' in outcome) unhashed = outcome.unhashed;
    else if ('stored' in outcome) return outcome.stored;
    else {
      const newer = outcome.overtakenBy.version;
      deps.log(
        `directory: ${file} (version ${directory.version}) was not stored: another instance ` +
          `stored version ${newer} while this one started; serving version ${newer}`,
      );
      return outcome.overtakenBy;
    }
  }
}

type InitialPassword = Extract<InitialCredential, { kind: 'initial' }>;

/** An install's decision: stored, a newer directory found stored, or passwords to hash first. */
type Decided = ReturnType<
  DirectoryDecision<
    | { readonly stored: Directory }
    | { readonly overtakenBy: Directory }
    | { readonly unhashed: readonly InitialPassword[] }
  >
>;

/**
 * The credentials installing `directory` changes: the demo ones and those of anyone
 * it does not list removed (an office relay's key is the administrator's,
 * relay/relay-identity.ts), the file's hashes set, and an initial password's hash
 * for everyone listed who is left without one: from `hashes`, or named in
 * `unhashed` when it has none.
 */
function planCredentials(
  directory: Directory,
  credentials: readonly InitialCredential[],
  stored: readonly Credential[],
  hashes: ReadonlyMap<PersonId, string>,
) {
  const listed = new Set<string>(directory.people.map((p) => p.id));
  const removed = (c: Credential): boolean =>
    !isRelayId(c.person) && (c.source === 'demo' || !listed.has(c.person));
  const kept = new Set(stored.filter((c) => !removed(c)).map((c) => c.person));
  const set: Credential[] = [];
  const unhashed: InitialPassword[] = [];
  for (const c of credentials) {
    if (c.kind === 'hash') set.push({ person: c.person, hash: c.passwordHash, source: 'file' });
    else if (!kept.has(c.person)) {
      const hash = hashes.get(c.person);
      if (hash === undefined) unhashed.push(c);
      else set.push({ person: c.person, hash, source: 'initial' });
    }
  }
  return { remove: stored.filter(removed).map((c) => c.person), set, unhashed };
}

/** The stored directory a file is checked against: none in an empty or a demo store (it takes any file). */
function heldAgainst(stored: StoredAccounts): Directory | null {
  return stored.credentials.some((c) => c.source === 'demo') ? null : stored.directory;
}

/** Why the directory held (heldAgainst) may not be replaced by `next`, or null. */
function versionProblem(held: Directory | null, next: Directory): string | null {
  if (held === null) return null;
  if (next.version < held.version)
    return (
      `version ${next.version} is older than the directory this server holds (version ` +
      `${held.version}); give the file a version above ${held.version}`
    );
  if (next.version === held.version && stableJson(next) !== stableJson(held))
    return (
      `version ${next.version} is the version this server holds, with other content; ` +
      `give a changed directory a version above ${held.version}`
    );
  return null;
}
