import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordEvent } from '@domain/events.ts';
import { asDeviceId, asPersonId } from '@domain/ids.ts';
import { nodeVerifier } from '../../sync-server/auth/device-keys.ts';
import { DEMO_DIRECTORY } from '../../sync-server/directory/demo-directory.ts';
import { ingest, type IngestDeps } from '../../sync-server/relay/ingest.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import type { ServerStorage } from '../../sync-server/storage/types.ts';
import { createDocRules } from '../../sync-server/sync/doc-rules.ts';
import { createKeyedLocks } from '../../sync-server/sync/keyed-locks.ts';
import { base } from './confidential-client.ts';
import { append, newFile } from './server-sync-client.ts';

/**
 * What an office relay stores of what it pulls (relay/ingest.ts): the district judged
 * it, in the district's order, with the district's directory. The relay checks its
 * structure and signatures again, but not the rules its own fold decides (grades,
 * closure, volumes, copies, links): it may not hold the district's order of its own
 * forwarded work yet, nor the district's newest directory, and a pulled update it
 * refused would be lost to its tablets (decision 0010, amendment 4).
 */

const at = Date.UTC(2026, 3, 1, 9, 30);

describe("a relay's pulls", () => {
  let dir: string;
  let storage: ServerStorage;
  let deps: IngestDeps;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'patravali-ingest-'));
    storage = openSqliteStorage(dir);
    storage.orderAsRelay();
    deps = {
      storage,
      rules: createDocRules(() => at),
      directory: DEMO_DIRECTORY,
      locks: createKeyedLocks(),
      verify: nodeVerifier(),
      now: () => at,
      relay: asPersonId('relay.vikasnagar'),
      deviceId: asDeviceId('00000000-0000-4000-8000-0000000000a1'),
    };
  });
  afterAll(async () => {
    await storage.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a close the district took that the relay would not have (its directory lags)', async () => {
    const file = newFile('clerk.vikasnagar', 'vikasnagar', 'बंद नस्ती / a closed file');
    // An approver the relay's directory does not know yet (one the district has just added).
    const close: RecordEvent = {
      ...base('clerk.vikasnagar'),
      type: 'closed',
      basis: null,
      remarks: '',
      approvedBy: asPersonId('tehsildar.new'),
    };
    const closed = append(file, [close]);
    const entry = (eventId: string, pos: number) => ({
      eventId,
      pos,
      receivedAt: at,
      notBefore: at,
    });
    const done = await ingest(deps, [
      { seq: 1, recordId: file.id, update: file.update, entries: [entry(file.id, 10)] },
      { seq: 2, recordId: file.id, update: closed, entries: [entry(close.id, 11)] },
    ]);
    expect(done.refused).toEqual([]);
    const log = await storage.recordLog(file.id);
    expect(log.map((e) => [e.eventId, e.pos])).toEqual([
      [file.id, 10],
      [close.id, 11],
    ]);
    expect((await storage.summaries(null)).find((r) => r.id === file.id)?.status).toBe('closed');
  });
});
