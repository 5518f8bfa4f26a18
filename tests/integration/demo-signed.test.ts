import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { listPullProblems, recordSignatures } from '@storage/services.ts';
import { createClock, startServer } from './sync-harness.ts';
import type { TestServer } from './sync-harness.ts';
import { seeded, tablet, type Tablet } from './tablet-harness.ts';
import { DEMO_ENV } from './trainer-harness.ts';

/**
 * The demo district's records are signed with each person's demo device key
 * (sync-server/demo/demo-signer.ts), so a class's tablet verifies them like any
 * other and shows them signed on a device, not "attested by the server".
 */

describe('the demo district on a tablet', () => {
  const clock = createClock();
  const random = seeded(23);
  let server: TestServer;
  let t: Tablet;

  beforeAll(async () => {
    server = await startServer(clock, random, DEMO_ENV);
    t = tablet(server, clock, random);
  });
  afterAll(async () => {
    await t.db.delete();
    await server.close();
  });

  it('pulls every seeded record, each item signed by a device key the directory names', async () => {
    expect(await t.signIn('clerk.chakrata')).toMatchObject({ ok: true, online: true });
    expect(await t.sync()).toBe('synced');
    expect(await listPullProblems(t.db)).toEqual([]);
    const ids = (await t.db.records.toArray()).map((r) => asRecordId(r.id));
    expect(ids).toHaveLength(18); // Chakrata's 15 files and 3 letters
    let items = 0;
    for (const id of ids) {
      for (const [item, status] of await recordSignatures(t.db, id)) {
        expect({ item, status }).toMatchObject({ item, status: { kind: 'device' } });
        if (status.kind === 'device') expect(status.device).not.toBeNull(); // its key is known here
        items++;
      }
    }
    expect(items).toBeGreaterThan(18);
  });
});
