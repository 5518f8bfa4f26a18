import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throw-away PostgreSQL cluster for the PostgreSQL suites: `initdb` in a temp dir,
 * `postgres` on a free port of 127.0.0.1 (no Unix socket outside the temp dir),
 * stopped by its own pid. As root it runs as the `postgres` system user (Debian's
 * package creates it; the server refuses to run as root). fsync is off: the cluster
 * is thrown away, and no test here survives a machine crash; synchronous_commit is
 * the storage's own setting and stays on.
 */

export interface PgCluster {
  /** postgres://… of the cluster's `postgres` database, as the superuser `patravali`. */
  readonly adminUrl: string;
  /** The server's pid (stop() signals exactly this process). */
  readonly pid: number;
  /** The URL of another database of the cluster. */
  urlOf(database: string): string;
  stop(): Promise<void>;
}

const USER = 'patravali';
/** Bound on the cluster's start and stop; a loaded 2-core machine can take seconds. */
const WAIT_MS = 60_000;

/** uid/gid to run the server as: ours, or the `postgres` user's when we are root. */
function owner(): { uid: number; gid: number } | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0)
    throw new Error(
      'PostgreSQL will not run as root and there is no `postgres` user to run it as: ' +
        'install Debian’s package (apt-get install postgresql), which creates it, or run the tests as another user.',
    );
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a program to its end; `cwd` is the cluster's own dir, which the postgres user can read. */
function run(
  cmd: string,
  args: readonly string[],
  as: ReturnType<typeof owner>,
  cwd: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd, ...(as ?? {}) });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** Resolves when the server says it accepts connections; rejects if it exits first. */
function ready(child: ChildProcess, log: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`postgres did not start in ${WAIT_MS} ms:\n${log()}`)),
      WAIT_MS,
    );
    const onData = () => {
      if (!log().includes('ready to accept connections')) return;
      clearTimeout(timer);
      resolve();
    };
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`postgres exited (${code}) before it was ready:\n${log()}`));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function launch(bin: string, dir: string, as: ReturnType<typeof owner>) {
  const port = await freePort();
  const child = spawn(
    join(bin, 'postgres'),
    [
      ...['-D', join(dir, 'data'), '-p', String(port)],
      ...['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${dir}`],
      ...['-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'max_connections=200'],
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir, ...(as ?? {}) },
  );
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  await ready(child, () => log);
  return { child, port };
}

/** Starts a fresh cluster; the caller stops it (also when its tests fail). */
export async function startPgCluster(bin: string): Promise<PgCluster> {
  const as = owner();
  const dir = await mkdtemp(join(tmpdir(), 'patravali-pg-'));
  if (as !== null) await chown(dir, as.uid, as.gid);
  const data = join(dir, 'data');
  await run(
    join(bin, 'initdb'),
    ['-D', data, '-U', USER, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'],
    as,
    dir,
  );
  let started: Awaited<ReturnType<typeof launch>> | null = null;
  // A free port can be taken between finding it and binding it: try another.
  for (let attempt = 1; started === null; attempt++) {
    try {
      started = await launch(bin, dir, as);
    } catch (e) {
      if (attempt >= 3 || !String(e).includes('could not bind')) {
        await rm(dir, { recursive: true, force: true });
        throw e;
      }
    }
  }
  const { child, port } = started;
  const pid = child.pid ?? 0;
  // If this process dies without stop(), the server goes with it.
  const orphanGuard = () => {
    if (child.exitCode === null) process.kill(pid, 'SIGKILL');
  };
  process.once('exit', orphanGuard);
  const urlOf = (database: string) => `postgres://${USER}@127.0.0.1:${port}/${database}`;
  return {
    adminUrl: urlOf('postgres'),
    pid,
    urlOf,
    async stop() {
      process.off('exit', orphanGuard);
      if (child.exitCode === null && child.signalCode === null) {
        // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, closes clients).
        process.kill(pid, 'SIGINT');
        const timer = setTimeout(() => process.kill(pid, 'SIGKILL'), WAIT_MS);
        await exited(child);
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
