import { randomBytes } from 'node:crypto';
import { configFromEnv, isDemoMode } from '../config.ts';
import { installDemoDirectory } from '../directory/install-directory.ts';
import { openStorage } from '../storage/open-storage.ts';
import { createDocRules } from '../sync/doc-rules.ts';
import { clearScans } from '../attachments/blob-dir.ts';
import { resetDemo } from './seed-demo.ts';

/**
 * `npm run demo:reset`: puts the demo district back to its starting state in
 * PATRAVALI_DATA_DIR. Works with the server stopped or running (SQLite WAL;
 * the server reads the generation on every sync, so tablets learn of the reset
 * at their next sync). Refuses outside demo mode.
 */

async function main(): Promise<number> {
  // Like `npm start`, the demo content is on unless PATRAVALI_DEMO_CONTENT=0.
  const config = configFromEnv({ PATRAVALI_DEMO_CONTENT: '1', ...process.env }, process.cwd());
  if (!isDemoMode(config)) {
    console.error(
      'Patravali: demo:reset only works in demo mode; PATRAVALI_DIRECTORY is set, so this is a real office and nothing was changed.',
    );
    return 1;
  }
  const storage = await openStorage(config);
  try {
    const now = (): number => Date.now();
    const directory =
      (await storage.loadDirectory()) ??
      (await installDemoDirectory(storage, {
        now,
        randomBytes: (n) => new Uint8Array(randomBytes(n)),
        scryptLogN: config.scryptLogN,
      }));
    const rules = createDocRules(now);
    const clear = (): Promise<void> => clearScans(config.dataDir);
    const result = await resetDemo(
      { storage, rules, directory, now, clearScans: clear },
      config.demoContent,
    );
    console.log(
      `Demo district reset in ${config.dataDir}: generation ${result.generation}, ${result.records} demo records.`,
    );
    console.log(
      'A running server serves the new data at once; tablets start clean at their next sync.',
    );
    console.log('डेमो जिला प्रारंभिक स्थिति में लौटा दिया गया; टैबलेट अगले सिंक पर नए सिरे से शुरू होंगे।');
    return 0;
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
