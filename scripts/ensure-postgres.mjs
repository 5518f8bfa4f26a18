// Finds the PostgreSQL server programs the PostgreSQL suites start a throw-away cluster with:
// $PATRAVALI_PG_BIN (a directory holding initdb and postgres), else Debian's newest
// /usr/lib/postgresql/<version>/bin. When none is there and we are root with apt-get (a CI
// container), installs Debian's package; otherwise stops and names what to install.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aptGet, canAptGet, isExecutable } from './debian-packages.mjs';

const DEBIAN_DIR = '/usr/lib/postgresql';
const INSTALL_HINT = 'apt-get install postgresql';

/** @param {string} dir */
const hasServer = (dir) => isExecutable(join(dir, 'initdb')) && isExecutable(join(dir, 'postgres'));

/** Debian's bin directories, newest major version first. */
const debianBins = () => {
  let versions;
  try {
    versions = readdirSync(DEBIAN_DIR);
  } catch {
    return [];
  }
  return versions
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(DEBIAN_DIR, v, 'bin'))
    .filter(hasServer);
};

/**
 * Resolves to the directory holding initdb and postgres, installing Debian's package when
 * allowed. Rejects with a message naming the package when it cannot.
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {Promise<string>}
 */
export async function ensurePostgres(env = process.env) {
  if (env.PATRAVALI_PG_BIN) {
    if (hasServer(env.PATRAVALI_PG_BIN)) return env.PATRAVALI_PG_BIN;
    throw new Error(`PATRAVALI_PG_BIN=${env.PATRAVALI_PG_BIN} holds no initdb and postgres.`);
  }
  const found = debianBins()[0];
  if (found !== undefined) return found;
  if (!canAptGet()) {
    throw new Error(
      `PostgreSQL's server programs (initdb, postgres) were not found under ${DEBIAN_DIR}. ` +
        `Install them with: ${INSTALL_HINT} (or set PATRAVALI_PG_BIN to a directory holding them).`,
    );
  }
  console.log(`PostgreSQL not found; installing: ${INSTALL_HINT}`);
  aptGet(['update']);
  aptGet(['install', '-y', '--no-install-recommends', 'postgresql']);
  const installed = debianBins()[0];
  if (installed === undefined) {
    throw new Error(`apt-get installed postgresql but no initdb is under ${DEBIAN_DIR}.`);
  }
  return installed;
}

const invokedDirectly = process.argv[1] === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  ensurePostgres().then(
    (dir) => console.log(dir),
    (error) => {
      console.error(error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
