import { afterEach, describe, expect, it } from 'vitest';
import { asOfficeId, asPersonId } from '@domain/ids.ts';
import { openSqliteStorage } from '../../sync-server/storage/sqlite.ts';
import { StaleGenerationError } from '../../sync-server/storage/types.ts';
import type { CommitItem, ServerStorage } from '../../sync-server/storage/types.ts';
import { tempDir } from './server-harness.ts';
import { newFile } from './server-sync-client.ts';

/** The storage side of trainer mode: generation, one-time demo seeding, reset. */

let storage: ServerStorage | null = null;
let remove: (() => Promise<void>) | null = null;
afterEach(async () => {
  await storage?.close();
  await remove?.();
  storage = null;
  remove = null;
});

async function open(): Promise<ServerStorage> {
  const dir = await tempDir('patravali-trainer-storage-');
  remove = dir.remove;
  storage = openSqliteStorage(dir.path);
  return storage;
}

function item(subject: string): CommitItem {
  const file = newFile('clerk.vikasnagar', 'vikasnagar', subject);
  return {
    recordId: file.id,
    office: asOfficeId('vikasnagar'),
    author: asPersonId('clerk.vikasnagar'),
    update: file.update,
    summary: null,
    access: [asPersonId('clerk.vikasnagar')],
    resequence: false,
  };
}

const district = { kind: 'district' } as const;

describe('trainer storage', () => {
  it('starts in generation 1, unseeded; seeds once per generation', async () => {
    const s = await open();
    expect(await s.generation()).toBe(1);
    expect(await s.demoSeeded()).toBe(false);
    expect(await s.seedDemo([item('a'), item('b')], 1)).toBe(true);
    expect(await s.demoSeeded()).toBe(true);
    expect(await s.seedDemo([item('c')], 2)).toBe(false);
    expect((await s.updatesSince(0, district, 1 << 20)).updates).toHaveLength(2);
  });

  it('reset removes every record, keeps the seq rising, and opens an unseeded generation', async () => {
    const s = await open();
    const [seq] = await s.commit([item('class work')], 1);
    expect(await s.headSeq(district)).toBe(seq);
    expect(await s.resetRecords()).toBe(2);
    expect(await s.headSeq(district)).toBe(0);
    expect(await s.demoSeeded()).toBe(false);
    const [after] = await s.commit([item('new class')], 2);
    expect(after).toBeGreaterThan(seq ?? Infinity);
  });

  it('refuses a commit meant for another generation and writes nothing', async () => {
    const s = await open();
    await s.resetRecords();
    await expect(s.commit([item('stale')], 1, 1)).rejects.toBeInstanceOf(StaleGenerationError);
    expect(await s.headSeq(district)).toBe(0);
    expect(await s.commit([item('current')], 1, 2)).toHaveLength(1);
  });
});
