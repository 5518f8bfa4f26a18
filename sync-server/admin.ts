import { randomBytes } from 'node:crypto';
import { text } from 'node:stream/consumers';
import { ADMIN_USAGE, runAdmin } from './admin-commands.ts';
import { configFromEnv } from './config.ts';
import { openStorage } from './storage/open-storage.ts';

/**
 * `npm run admin -- <command>`: works on the same storage as the server
 * (PATRAVALI_DATA_DIR, or PATRAVALI_DATABASE_URL), safely while it runs (SQLite
 * WAL; PostgreSQL transactions).
 */

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.log(ADMIN_USAGE);
    return 2;
  }
  const config = configFromEnv(process.env, process.cwd());
  const storage = await openStorage(config);
  try {
    return await runAdmin(args, {
      storage,
      now: () => Date.now(),
      randomBytes: (n) => new Uint8Array(randomBytes(n)),
      scryptLogN: config.scryptLogN,
      out: (line) => console.log(line),
      readSecret: () => text(process.stdin),
      scans: { dataDir: config.dataDir, limits: config },
      dataDir: config.dataDir,
    });
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
