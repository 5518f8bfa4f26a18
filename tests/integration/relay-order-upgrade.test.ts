import 'fake-indexeddb/auto';
import BetterSqlite3 from 'better-sqlite3';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RELAY_OWN_ORDER } from '../../sync-server/storage/record-log-types.ts';
import { SQLITE_FILE } from '../../sync-server/storage/sqlite.ts';
import { startRelayWorld, type RelayWorld } from './relay-refusals-world.ts';
import { eventually } from './sync-harness.ts';
import { fileSentTo } from './tablet-harness.ts';

/**
 * A relay upgraded from a build that kept its own order (decision 0010, amendment 4):
 * its log entries have no district position, so what it pulls next would fold before
 * the history it builds on. At its first start it pulls its office's files again from
 * the start, its own pushes with them, and keeps the district's positions of all it
 * holds; its tablets pull each file again in that order.
 */

describe('a relay upgraded to the district’s order', () => {
  let world: RelayWorld;
  const relayDb = () => join(world.relayDir, SQLITE_FILE);
  /** Entries the relay holds without the district's position. */
  const unplaced = () => {
    const db = new BetterSqlite3(relayDb(), { readonly: true });
    try {
      return db.prepare('SELECT COUNT(*) FROM event_log WHERE upstream_pos IS NULL').pluck().get();
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    world = await startRelayWorld(1825, {});
  }, 120_000);
  afterAll(() => world?.close());

  it('pulls everything again once, and keeps the district’s positions of what it held', async () => {
    const { clerk } = world;
    const file = await fileSentTo(clerk, 'खसरा 77 नामांतरण');
    expect(await clerk.sync()).toBe('synced');
    await eventually(async () => (await world.notesAtDistrict(file)) !== null, 30_000);
    await eventually(async () => unplaced() === 0, 30_000);

    // As the build before left it: no positions, no mark in its state file.
    await world.stopRelay('stop');
    const db = new BetterSqlite3(relayDb());
    db.exec('UPDATE event_log SET upstream_pos = NULL');
    db.close();
    const statePath = join(world.relayDir, 'relay-state.json');
    const { districtOrder: _gone, ...old } = JSON.parse(await readFile(statePath, 'utf8')) as {
      districtOrder?: true;
    };
    await writeFile(statePath, JSON.stringify(old));
    expect(unplaced()).toBeGreaterThan(0);

    await world.startRelay();
    expect(world.relay.output()).toContain("pulls its office's files again from the start, once");
    await eventually(async () => unplaced() === 0, 60_000);
    await eventually(
      async () => world.relay.output().includes("it holds them in the district's order"),
      60_000,
    );
    const marked = async () =>
      (JSON.parse(await readFile(statePath, 'utf8')) as { districtOrder?: true }).districtOrder;
    await eventually(async () => (await marked()) === true, 30_000);
    // The clerk's tablet pulls the file again with the district's positions.
    await eventually(async () => {
      expect(await clerk.sync()).toBe('synced');
      const entries = await clerk.db.logEntries.where('recordId').equals(file).toArray();
      return entries.length > 0 && entries.every((e) => e.pos < RELAY_OWN_ORDER);
    }, 60_000);
    // Started again: nothing pulled again.
    await world.stopRelay('stop');
    await world.startRelay();
    expect(world.relay.output()).not.toContain('again from the start');
  }, 180_000);
});
