import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import { createSyncEngine } from '@sync/engine.ts';
import { createFakePort, createFakeServer, createManualTimers, outgoing } from './fakes.ts';

/**
 * A tablet that changed tier lately (decision 0015): a change the tier answering
 * cannot take because it lacks what the change builds on (the other tier took
 * that and has not passed it on) waits in the outbox; otherwise it is put among
 * the refused changes, as before.
 */

function rig(tiers: boolean) {
  const timers = createManualTimers();
  const port = createFakePort();
  const server = createFakeServer(timers);
  if (tiers) port.waitsForTier = async () => true;
  const engine = createSyncEngine({
    port,
    deviceId: asDeviceId('0b7c2f7e-1d2a-4c4b-9a55-6f0e3b1d2c3a'),
    getToken: () => 'token',
    baseUrl: 'http://sync.test',
    fetch: server.fetch,
    now: timers.now,
    random: () => 0.5,
    setTimeout: timers.setTimeout,
    clearTimeout: timers.clearTimeout,
  });
  return { port, server, engine };
}

describe('a change refused for what the other tier holds', () => {
  it('waits in the outbox of a tablet that changed tier lately', async () => {
    const { port, server, engine } = rig(true);
    server.refuse.set('built-on', 'missingDependencies');
    const waiting = outgoing('built-on', 4);
    port.outbox.push(waiting, outgoing('good', 4));
    expect((await engine.syncNow()).kind).toBe('synced');
    expect(port.quarantined).toEqual([]);
    expect(port.outbox).toEqual([waiting]);
    // The tier has it now (the relay forwarded it): the change is taken.
    server.refuse.clear();
    expect((await engine.syncNow()).kind).toBe('synced');
    expect(port.outbox).toEqual([]);
    expect(server.log.map((l) => l.recordId)).toEqual(['good', 'built-on']);
  });

  it('is refused as before on a tablet that did not', async () => {
    const { port, server, engine } = rig(false);
    server.refuse.set('built-on', 'missingDependencies');
    port.outbox.push(outgoing('built-on', 4));
    expect((await engine.syncNow()).kind).toBe('synced');
    expect(port.quarantined.map((q) => q.reason)).toEqual(['missingDependencies']);
    expect(port.outbox).toEqual([]);
  });
});
