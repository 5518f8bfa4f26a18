// Typing not yet in the device store is backed up synchronously (decision 0018): the
// backup is bounded, read defensively, dropped only once what it holds was saved, and
// signing out saves it as the person's drafts and removes it.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Person } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import {
  backUpTyping,
  backupIsNewer,
  createFile,
  dropBackup,
  getDraft,
  getFormDraft,
  keepBackupsAndWipe,
  readBackup,
  saveDraft,
  saveFormDraft,
  saveSession,
  signOut,
  unlessRevoked,
  wipeOtherBackups,
  type StoredSession,
  type UnsavedStore,
  type UnsavedTarget,
} from '@storage/services.ts';
import { MAX_ENTRY_CHARS } from '@storage/commands/unsaved-typing.ts';
import { wipeRevokedPerson } from '@storage/session/revoked-access.ts';
import { clerk, fakeClock, must, naib, testDevice, type TestDevice } from './helpers.ts';

/** localStorage as a Map; `full` makes setItem throw as a full localStorage does. */
function memoryStore(): UnsavedStore & { map: Map<string, string>; full: boolean } {
  const map = new Map<string, string>();
  return {
    map,
    full: false,
    getItem: (k) => map.get(k) ?? null,
    setItem(k, v) {
      if (this.full) throw new DOMException('quota', 'QuotaExceededError');
      map.set(k, v);
    },
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

const noting = (recordId: string): UnsavedTarget => ({
  kind: 'noting',
  recordId: recordId as RecordId,
});
const DAK: UnsavedTarget = { kind: 'form', form: 'dak' };

const devices: TestDevice[] = [];
afterEach(async () => {
  for (const d of devices.splice(0)) await d.db.delete();
});

describe('the backup of unsaved typing', () => {
  it('is read back, and dropped only when what was saved is what it holds', () => {
    const store = memoryStore();
    backUpTyping(store, clerk.id, noting('r1'), { v: 1, at: 5, text: 'abc' });
    expect(readBackup(store, clerk.id, noting('r1'))).toEqual({ v: 1, at: 5, text: 'abc' });
    // Another person, another record: nothing.
    expect(readBackup(store, naib.id, noting('r1'))).toBeNull();
    expect(readBackup(store, clerk.id, noting('r2'))).toBeNull();

    // A save of older text finished after more was typed: the newer typing stays.
    backUpTyping(store, clerk.id, noting('r1'), { v: 1, at: 6, text: 'abcd' });
    dropBackup(store, clerk.id, noting('r1'), 'abc');
    expect(readBackup(store, clerk.id, noting('r1'))).toMatchObject({ text: 'abcd' });
    dropBackup(store, clerk.id, noting('r1'), 'abcd');
    expect(store.map.size).toBe(0);
  });

  it('keeps forms by their fields', () => {
    const store = memoryStore();
    backUpTyping(store, clerk.id, DAK, { v: 1, at: 1, fields: { from: 'Pradhan', subject: '' } });
    dropBackup(store, clerk.id, DAK, { from: 'Pradhan', subject: 'x' });
    expect(readBackup(store, clerk.id, DAK)).toEqual({
      v: 1,
      at: 1,
      fields: { from: 'Pradhan', subject: '' },
    });
    dropBackup(store, clerk.id, DAK, { from: 'Pradhan', subject: '' });
    expect(readBackup(store, clerk.id, DAK)).toBeNull();
  });

  it('keeps nothing over its size cap or in a full store, and removes the older backup', () => {
    const store = memoryStore();
    backUpTyping(store, clerk.id, DAK, { v: 1, at: 1, fields: { from: 'short' } });
    const huge = 'क'.repeat(MAX_ENTRY_CHARS);
    expect(backUpTyping(store, clerk.id, DAK, { v: 1, at: 2, fields: { from: huge } })).toBe(false);
    expect(store.map.size).toBe(0);

    backUpTyping(store, clerk.id, noting('r1'), { v: 1, at: 1, text: 'older' });
    store.full = true;
    expect(backUpTyping(store, clerk.id, noting('r1'), { v: 1, at: 2, text: 'newer' })).toBe(false);
    expect(readBackup(store, clerk.id, noting('r1'))).toBeNull();
  });

  it('reads a malformed backup as none and removes it, leaving every other key', () => {
    const store = memoryStore();
    store.map.set('patravali.lang', 'hi');
    backUpTyping(store, clerk.id, noting('ok'), { v: 1, at: 1, text: 'kept' });
    const bad: [string, string][] = [
      ['noting:r1', '{not json'],
      ['noting:r2', 'null'],
      ['noting:r3', JSON.stringify({ v: 2, at: 1, text: 'x' })],
      ['noting:r4', JSON.stringify({ v: 1, at: 'now', text: 'x' })],
      ['noting:r5', JSON.stringify({ v: 1, at: 1, text: 'x'.repeat(6_001) })],
      ['noting:r6', JSON.stringify({ v: 1, at: 1, fields: { a: 'x' } })],
      ['form:dak', JSON.stringify({ v: 1, at: 1, fields: { from: 7 } })],
      ['form:newFile', JSON.stringify({ v: 1, at: 1, fields: ['x'] })],
    ];
    for (const [rest, json] of bad) store.map.set(`patravali.unsaved.${clerk.id}:${rest}`, json);
    for (const [rest] of bad) {
      const target: UnsavedTarget = rest.startsWith('noting:')
        ? noting(rest.slice(7))
        : { kind: 'form', form: rest.slice(5) as 'dak' };
      expect(readBackup(store, clerk.id, target)).toBeNull();
    }
    expect([...store.map.keys()].sort()).toEqual(
      ['patravali.lang', `patravali.unsaved.${clerk.id}:noting:ok`].sort(),
    );
  });

  it('is newer than the stored draft when it differs and was typed at or after its save', () => {
    const typed = { v: 1, at: 100, text: 'abcd' } as const;
    expect(backupIsNewer(typed, null, null)).toBe(true);
    expect(backupIsNewer(typed, 'abc', 100)).toBe(true);
    expect(backupIsNewer(typed, 'abc', 99)).toBe(true);
    expect(backupIsNewer(typed, 'abc', 101)).toBe(false);
    expect(backupIsNewer(typed, 'abcd', 50)).toBe(false);
  });

  it('is newer when typed over the stored draft, even on a clock set back since its save', () => {
    // Saved at 500 by a clock an hour fast; the clock put right, 'abcd' typed at 100.
    const typed = { v: 1, at: 100, base: 500, text: 'abcd' } as const;
    expect(backupIsNewer(typed, 'abc', 500)).toBe(true);
    // The store changed since (another save over it): then the times decide.
    expect(backupIsNewer(typed, 'abc', 600)).toBe(false);
    expect(backupIsNewer({ ...typed, base: null }, 'abc', 500)).toBe(false);
    expect(backupIsNewer(typed, 'abcd', 500)).toBe(false);
  });

  it('reads the base of a backup back, and a base not a time as malformed', () => {
    const store = memoryStore();
    const key = `patravali.unsaved.${clerk.id}:noting:r1`;
    store.map.set(key, JSON.stringify({ v: 1, at: 5, base: 3, text: 'abc' }));
    expect(readBackup(store, clerk.id, noting('r1'))).toEqual({
      v: 1,
      at: 5,
      base: 3,
      text: 'abc',
    });
    store.map.set(key, JSON.stringify({ v: 1, at: 5, base: null, text: 'abc' }));
    expect(readBackup(store, clerk.id, noting('r1'))).toEqual({
      v: 1,
      at: 5,
      base: null,
      text: 'abc',
    });
    store.map.set(key, JSON.stringify({ v: 1, at: 5, base: '3', text: 'abc' }));
    expect(readBackup(store, clerk.id, noting('r1'))).toBeNull();
    expect(store.map.size).toBe(0);
  });

  it('on load, only the signed-in person keeps theirs; with no one signed in, no one does', () => {
    const store = memoryStore();
    store.map.set('patravali.lang', 'en');
    // One id a prefix of another's (ids may hold dots): each keeps only their own.
    const short = 'clerk' as typeof clerk.id;
    backUpTyping(store, short, noting('r1'), { v: 1, at: 1, text: 'short' });
    backUpTyping(store, clerk.id, noting('r1'), { v: 1, at: 1, text: 'mine' });
    backUpTyping(store, naib.id, DAK, { v: 1, at: 1, fields: { from: 'naib' } });
    wipeOtherBackups(store, clerk.id);
    expect(readBackup(store, clerk.id, noting('r1'))).toMatchObject({ text: 'mine' });
    expect(readBackup(store, short, noting('r1'))).toBeNull();
    expect(readBackup(store, naib.id, DAK)).toBeNull();
    wipeOtherBackups(store, null);
    expect([...store.map.keys()]).toEqual(['patravali.lang']);
  });
});

/** `who` signed in on the device, as they are at their sign-out. */
async function signedIn(dev: TestDevice, who: Person): Promise<void> {
  const session: StoredSession = {
    token: `token-${who.id}`,
    expiresAt: Number.MAX_SAFE_INTEGER,
    person: who,
    deviceNumber: 3,
    online: true,
  };
  await saveSession(dev.db, session);
}

describe('signing out', () => {
  it('saves the backups newer than the stored drafts, then removes only that person’s', async () => {
    const clock = fakeClock();
    const dev = testDevice('unsaved', clock);
    devices.push(dev);
    await signedIn(dev, clerk);
    const me = dev.as(clerk);
    const store = memoryStore();
    const a = must(await createFile(me, { subject: 'A', category: 'landRecords' }));
    const b = must(await createFile(me, { subject: 'B', category: 'landRecords' }));
    must(await saveDraft(me, a.id, 'saved a'));
    must(await saveDraft(me, b.id, 'saved b, later than its backup'));
    backUpTyping(store, clerk.id, noting(a.id), { v: 1, at: clock.now(), text: 'typed a' });
    backUpTyping(store, clerk.id, noting(b.id), { v: 1, at: clock.now() - 1, text: 'old b' });
    backUpTyping(store, clerk.id, DAK, { v: 1, at: clock.now(), fields: { from: 'Pradhan' } });
    backUpTyping(store, naib.id, noting(a.id), { v: 1, at: clock.now(), text: 'naib' });

    expect(await keepBackupsAndWipe(me, store)).toBe(2);
    expect(await getDraft(me, a.id)).toBe('typed a');
    expect(await getDraft(me, b.id)).toBe('saved b, later than its backup');
    expect(await getFormDraft(me, 'dak')).toEqual({ from: 'Pradhan' });
    expect([...store.map.keys()]).toEqual([`patravali.unsaved.${naib.id}:noting:${a.id}`]);
    expect(await getDraft(dev.as(naib), a.id)).toBeNull();
  });

  it('removes a backup the store refuses (a record no longer on the tablet)', async () => {
    const dev = testDevice('unsaved', fakeClock());
    devices.push(dev);
    await signedIn(dev, clerk);
    const store = memoryStore();
    backUpTyping(store, clerk.id, noting('gone'), { v: 1, at: 1, text: 'orphan' });
    expect(await keepBackupsAndWipe(dev.as(clerk), store)).toBe(0);
    expect(store.map.size).toBe(0);
  });

  it('saves nothing for a person whose access was revoked meanwhile, and removes the backups', async () => {
    // A sync during the sign-out (it flushes first) heard the revocation and wiped her.
    const clock = fakeClock();
    const dev = testDevice('unsaved', clock);
    devices.push(dev);
    await signedIn(dev, clerk);
    const me = dev.as(clerk);
    await wipeRevokedPerson(dev.db, clerk, clock.now());
    const store = memoryStore();
    backUpTyping(store, clerk.id, DAK, { v: 1, at: clock.now(), fields: { from: 'Pradhan' } });

    expect(await keepBackupsAndWipe(me, store)).toBe(0);
    expect(await getFormDraft(me, 'dak')).toBeNull();
    expect(store.map.size).toBe(0);
  });
});

describe('a draft written for a person no longer signed in', () => {
  /** The clerk's Dak form draft written through the guard; null: refused. */
  const writeDak = (dev: TestDevice, from = 'Pradhan') =>
    unlessRevoked(dev.as(clerk), () => saveFormDraft(dev.as(clerk), 'dak', { from }));
  /** `who` remembered for offline sign-in, as every online sign-in leaves them. */
  const remembered = (dev: TestDevice, who: Person) =>
    dev.db.accounts.put({
      username: who.id,
      hash: new Uint8Array(32),
      salt: new Uint8Array(16),
      iterations: 1,
      person: who,
    });

  it('is written while someone else is signed in, or no one, if they are remembered here', async () => {
    // A shared tablet: the clerk's form saved itself as she left, after the naib signed in.
    const dev = testDevice('unsaved', fakeClock());
    devices.push(dev);
    await remembered(dev, clerk);
    await signedIn(dev, naib);
    expect(await writeDak(dev)).toMatchObject({ ok: true });
    expect(await getFormDraft(dev.as(clerk), 'dak')).toEqual({ from: 'Pradhan' });

    await signOut(dev.db);
    expect(await writeDak(dev, 'Gram Pradhan')).toMatchObject({ ok: true });
    expect(await getFormDraft(dev.as(clerk), 'dak')).toEqual({ from: 'Gram Pradhan' });
  });

  it('is not written for one neither signed in nor remembered (access revoked)', async () => {
    const dev = testDevice('unsaved', fakeClock());
    devices.push(dev);
    await remembered(dev, naib);
    await signedIn(dev, naib);
    expect(await writeDak(dev)).toBeNull();
    expect(await getFormDraft(dev.as(clerk), 'dak')).toBeNull();
  });
});
