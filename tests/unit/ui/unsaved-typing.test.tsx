// Typing not yet in the device store is backed up at once (decision 0018): the noting
// and the half-filled forms come back from the backup a reload left, the backup goes
// once the store has the text, and signing out leaves nothing for the next person.
import { describe, expect, it } from 'vitest';
import type { UnsavedStore } from '@storage/services.ts';
import { CLERK, KANUNGO } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf, within, type Device } from './harness.tsx';
import { EN } from './names.ts';
import { createFile } from './steps.ts';

/** localStorage as a Map, shared by every mount of the device (as across a reload). */
function memoryStore(): UnsavedStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

const notingKey = (person: string, recordId: string) =>
  `patravali.unsaved.${person}:noting:${recordId}`;
const DAK_KEY = `patravali.unsaved.${CLERK.id}:form:dak`;

/** The clerk on a tablet whose autosave pause outlasts the test, with a backup store. */
async function clerkTablet(autosaveMs = 600_000) {
  const store = memoryStore();
  const device = newDevice({ env: { draftAutosaveMs: autosaveMs, unsaved: store } });
  device.mount({ search: '?lang=en' });
  await signInAs(device, EN, CLERK.id);
  return { device, store };
}

async function fileId(device: Device): Promise<string> {
  const [record] = await device.db.records.toArray();
  if (!record) throw new Error('no file');
  return record.id;
}

/** The clerk's tablet with a new file open; `id` is the file's record id. */
async function clerkWithFile() {
  const { device, store } = await clerkTablet();
  await createFile(device, EN, 'Boundary dispute');
  return { device, store, id: await fileId(device) };
}

/**
 * The clerk's Send dialog, saved with remarks, then opened again and its remarks deleted,
 * and the page gone (unmounted) before its write: the store keeps the draft, the backup
 * says it was cleared. `stored`: the form draft's row.
 */
async function sendDraftClearedBeforeItsWrite() {
  const { device, store, id } = await clerkWithFile();
  const key = `patravali.unsaved.${CLERK.id}:form:send:${id}`;
  const stored = () => device.db.kv.get(`formDraft:${CLERK.id}:send:${id}`);
  await device.user.click(screen.getByRole('button', { name: EN.send }));
  const typed = within(await screen.findByRole('dialog')).getByLabelText(EN.remarks);
  await device.user.type(typed, 'For orders');
  device.unmount();
  await expect
    .poll(async () => (await stored())?.value)
    .toMatchObject({
      fields: { remarks: 'For orders' },
    });
  const draft = await stored();
  if (draft === undefined) throw new Error('no form draft');

  // Opened again (by itself), its remarks are deleted: the person cleared the draft.
  device.mount({ path: `/r/${id}`, search: '?lang=en' });
  const remarks = within(await screen.findByRole('dialog')).getByLabelText(EN.remarks);
  await expect.poll(() => (remarks as HTMLTextAreaElement).value).toBe('For orders');
  await device.user.clear(remarks);
  const left = store.map.get(key);
  if (left === undefined) throw new Error('no backup');
  device.unmount();
  await expect.poll(stored).toBeUndefined();
  await device.db.kv.put(draft);
  store.map.set(key, left);
  return { device, store, id, stored };
}

describe('the backup of typing not yet saved', () => {
  it('is written at every change of the noting, and goes once the autosave saved it', async () => {
    const { device, store } = await clerkTablet(300);
    await createFile(device, EN, 'Boundary dispute');
    const key = notingKey(CLERK.id, await fileId(device));
    await device.user.type(screen.getByLabelText(EN.noting), 'Spot');
    // At once, before any save reached the store.
    expect(JSON.parse(store.map.get(key) ?? 'null')).toMatchObject({ v: 1, text: 'Spot' });
    expect(await device.db.drafts.count()).toBe(0);

    await expect.poll(async () => (await device.db.drafts.toArray())[0]?.text).toBe('Spot');
    await expect.poll(() => store.map.has(key)).toBe(false);
  });

  it('brings back a noting a reload kept from the store, and saves it', async () => {
    const { device, store, id } = await clerkWithFile();
    await device.user.type(screen.getByLabelText(EN.noting), 'Saved part');
    await device.user.click(screen.getByRole('button', { name: EN.saveDraft }));
    await expect.poll(async () => (await device.db.drafts.toArray())[0]?.text).toBe('Saved part');
    device.unmount();

    // What the page before had typed after its last save; the reload went before its write.
    const typed = 'Saved part, and what followed';
    store.map.set(
      notingKey(CLERK.id, id),
      JSON.stringify({ v: 1, at: device.clock.now, text: typed }),
    );
    device.mount({ path: `/r/${id}`, search: '?lang=en' });
    await expect
      .poll(() => (screen.queryByLabelText(EN.noting) as HTMLTextAreaElement | null)?.value)
      .toBe(typed);
    await expect.poll(async () => (await device.db.drafts.toArray())[0]?.text).toBe(typed);
    await expect.poll(() => store.map.size).toBe(0);
  });

  it('does not bring back a backup older than the stored draft, and removes it', async () => {
    const { device, store, id } = await clerkWithFile();
    await device.user.type(screen.getByLabelText(EN.noting), 'Newer, saved');
    await device.user.click(screen.getByRole('button', { name: EN.saveDraft }));
    await expect.poll(() => store.map.size).toBe(0);
    device.unmount();

    store.map.set(
      notingKey(CLERK.id, id),
      JSON.stringify({ v: 1, at: device.clock.now - 1, text: 'Older' }),
    );
    device.mount({ path: `/r/${id}`, search: '?lang=en' });
    await expect.poll(() => store.map.size).toBe(0);
    // The backup goes before the stored draft is shown (in the same turn, rendered after).
    await expect
      .poll(() => (screen.queryByLabelText(EN.noting) as HTMLTextAreaElement | null)?.value)
      .toBe('Newer, saved');
  });

  it('brings back typing made after a save on a clock set back since (a wrong clock put right)', async () => {
    const { device, store, id } = await clerkWithFile();
    const key = notingKey(CLERK.id, id);
    const noting = () => screen.getByLabelText(EN.noting) as HTMLTextAreaElement;
    await device.user.type(noting(), 'Saved part');
    await device.user.click(screen.getByRole('button', { name: EN.saveDraft }));
    await expect.poll(() => store.map.size).toBe(0);
    const saved = (await device.db.drafts.toArray())[0];
    if (!saved) throw new Error('no draft');

    device.clock.now -= 60 * 60_000;
    await device.user.type(noting(), ', typed after');
    const left = store.map.get(key);
    if (left === undefined) throw new Error('no backup');
    device.unmount();
    // The page went before its last write: the store keeps the saved part, the backup the rest.
    await expect
      .poll(async () => (await device.db.drafts.toArray())[0]?.text)
      .toBe('Saved part, typed after');
    await device.db.drafts.put(saved);
    store.map.set(key, left);

    device.mount({ path: `/r/${id}`, search: '?lang=en' });
    await expect
      .poll(() => (screen.queryByLabelText(EN.noting) as HTMLTextAreaElement | null)?.value)
      .toBe('Saved part, typed after');
    await expect.poll(() => store.map.size).toBe(0);
  });

  it('brings back a half-filled Dak form; a malformed backup is dropped and the form is empty', async () => {
    const { device, store } = await clerkTablet();
    device.unmount();
    store.map.set(
      DAK_KEY,
      JSON.stringify({ v: 1, at: device.clock.now, fields: { from: 'Gram Pradhan' } }),
    );
    device.mount({ path: '/dak', search: '?lang=en' });
    await expect
      .poll(() => (screen.queryByLabelText(EN.from) as HTMLInputElement | null)?.value)
      .toBe('Gram Pradhan');
    await expect.poll(() => store.map.size).toBe(0);

    device.unmount();
    await device.db.kv.where('key').startsWith('formDraft:').delete();
    store.map.set(DAK_KEY, '{"v":1,"at":1,"fields":{"from":');
    device.mount({ path: '/dak', search: '?lang=en' });
    await expect.poll(() => store.map.size).toBe(0);
    expect((screen.getByLabelText(EN.from) as HTMLInputElement).value).toBe('');
  });

  it('opens the Send dialog again with the remarks a reload kept from the store', async () => {
    const { device, store, id } = await clerkWithFile();
    device.unmount();
    store.map.set(
      `patravali.unsaved.${CLERK.id}:form:send:${id}`,
      JSON.stringify({ v: 1, at: device.clock.now, fields: { remarks: 'For orders, please' } }),
    );
    device.mount({ path: `/r/${id}`, search: '?lang=en' });
    const dialog = await screen.findByRole('dialog');
    await expect
      .poll(() => (within(dialog).getByLabelText(EN.remarks) as HTMLTextAreaElement).value)
      .toBe('For orders, please');
    await expect.poll(() => store.map.size).toBe(0);
  });

  it('keeps no backup of a Send dialog typed back to empty, so it does not reopen by itself', async () => {
    const { device, store, id } = await clerkWithFile();
    await device.user.click(screen.getByRole('button', { name: EN.send }));
    const dialog = await screen.findByRole('dialog');
    const remarks = within(dialog).getByLabelText(EN.remarks);
    await device.user.type(remarks, 'x');
    const key = `patravali.unsaved.${CLERK.id}:form:send:${id}`;
    expect(store.map.has(key)).toBe(true);
    await device.user.clear(remarks);
    expect(store.map.has(key)).toBe(false);
  });

  it('signing out after a Send dialog was typed back to empty over its stored draft removes that draft', async () => {
    const { device, store, stored } = await sendDraftClearedBeforeItsWrite();
    device.mount({ search: '?lang=en' });
    await signOutOf(device, EN);
    // Before, the empty values were kept as the draft, and the dialog opened by itself, empty.
    expect(await stored()).toBeUndefined();
    expect(store.map.size).toBe(0);
  });

  it('a reload after a Send dialog was typed back to empty over its stored draft removes that draft', async () => {
    const { device, store, id, stored } = await sendDraftClearedBeforeItsWrite();
    device.mount({ path: `/r/${id}`, search: '?lang=en' });
    const remarks = within(await screen.findByRole('dialog')).getByLabelText(EN.remarks);
    expect((remarks as HTMLTextAreaElement).value).toBe('');
    await expect.poll(stored).toBeUndefined();
    await expect.poll(() => store.map.size).toBe(0);
  });

  it('signing out keeps the typing as the person’s draft and leaves no backup for the next person', async () => {
    const { device, store, id } = await clerkWithFile();
    await device.user.type(screen.getByLabelText(EN.noting), 'Typed just before signing out');
    // And a Dak form a reload kept from the store, not opened since: only its backup has it.
    store.map.set(
      DAK_KEY,
      JSON.stringify({ v: 1, at: device.clock.now, fields: { from: 'Gram Pradhan' } }),
    );
    expect(store.map.size).toBe(2);

    await signOutOf(device, EN);
    expect(store.map.size).toBe(0);
    await signInAs(device, EN, KANUNGO.id);
    expect(store.map.size).toBe(0);
    await signOutOf(device, EN);

    await signInAs(device, EN, CLERK.id);
    device.unmount();
    device.mount({ path: `/r/${id}`, search: '?lang=en' });
    await expect
      .poll(() => (screen.queryByLabelText(EN.noting) as HTMLTextAreaElement | null)?.value)
      .toBe('Typed just before signing out');
    await device.user.click(screen.getByRole('link', { name: EN.dak }));
    await expect
      .poll(() => (screen.queryByLabelText(EN.from) as HTMLInputElement | null)?.value)
      .toBe('Gram Pradhan');
  });

  it('on load, a backup that is not the signed-in person’s is removed', async () => {
    const { device, store } = await clerkTablet();
    device.unmount();
    store.map.set(notingKey(KANUNGO.id, 'r1'), JSON.stringify({ v: 1, at: 1, text: 'not yours' }));
    store.map.set('patravali.lang', 'en');
    device.mount({ search: '?lang=en' });
    await screen.findByRole('link', { name: EN.dak });
    expect([...store.map.keys()]).toEqual(['patravali.lang']);
  });
});
