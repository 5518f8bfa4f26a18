// The directory a sync takes (storage/session/kept-directory.ts) reaches the screens
// without a reload: a Send list left open gains the clerk the district added and
// loses the one it removed, and a file goes to the new clerk. In Hindi and English.
// The signed-in person's own new entry (a new role) is theirs at once too.
import { describe, expect, it, vi } from 'vitest';
import type { Directory, Person } from '@domain/directory.ts';
import { asPersonId } from '@domain/ids.ts';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import { keepDirectory } from '@storage/session/kept-directory.ts';
import { CLERK, DIRECTORY, KANUNGO } from './fixtures.ts';
import { MENU, newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile } from './steps.ts';

const NEW_CLERK: Person = {
  ...CLERK,
  id: asPersonId('clerk2.vikasnagar'),
  name: { hi: 'दीपक थापा', en: 'Deepak Thapa' },
};

/** Version 2: the new clerk added, the kanungo gone. */
const NEXT: Directory = {
  ...DIRECTORY,
  version: 2,
  people: [...DIRECTORY.people.filter((p) => p.id !== KANUNGO.id), NEW_CLERK],
};

describe('a directory taken while the app is open', () => {
  it.each([
    ['en', EN],
    ['hi', HI],
  ] as const)('changes the Send list at once (%s)', async (lang, n: Names) => {
    const device = newDevice();
    device.mount({ search: `?lang=${lang}` });
    await signInAs(device, n, CLERK.id);
    await createFile(device, n, 'Boundary dispute at Dhakrani');
    await device.user.click(screen.getByRole('button', { name: n.send }));
    const dialog = await screen.findByRole('dialog');
    const picker = within(dialog).getByLabelText(n.sendTo);
    const names = () =>
      within(picker)
        .queryAllByRole('option')
        .map((o) => o.textContent ?? '');
    expect(names().join(' ')).toContain(KANUNGO.name[lang]);
    expect(names().join(' ')).not.toContain(NEW_CLERK.name[lang]);

    // What the sync port does with the district's answer to GET /api/directory.
    expect(await keepDirectory(device.db, NEXT, '"v2"')).toBe('kept');
    await within(picker).findByRole('option', { name: new RegExp(NEW_CLERK.name[lang]) });
    expect(names().join(' ')).not.toContain(KANUNGO.name[lang]);

    await device.user.selectOptions(picker, NEW_CLERK.id);
    await device.user.click(within(dialog).getByRole('button', { name: n.send }));
    await expect.poll(() => screen.queryByRole('dialog')).toBeNull();
    device.unmount();
  });

  it('a new role of the signed-in person is theirs at once: the header says it', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await screen.findByText(`${CLERK.name.en}, Desk Assistant`);
    const promoted: Person = {
      ...CLERK,
      role: 'kanungo',
      designation: { hi: 'कानूनगो', en: 'Kanungo' },
    };
    const people = DIRECTORY.people.map((p) => (p.id === CLERK.id ? promoted : p));
    expect(await keepDirectory(device.db, { ...DIRECTORY, version: 2, people }, null)).toBe('kept');
    await screen.findByText(`${CLERK.name.en}, Kanungo`);
    device.unmount();
  });

  it('a new role does not restart the background sync (started once per sign-in)', async () => {
    const stopped = vi.fn();
    const onSignedIn = vi.fn(() => stopped);
    const device = newDevice({ env: { onSignedIn } });
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await screen.findByText(`${CLERK.name.en}, Desk Assistant`);
    expect(onSignedIn).toHaveBeenCalledTimes(1);
    const promoted: Person = {
      ...CLERK,
      role: 'kanungo',
      designation: { hi: 'कानूनगो', en: 'Kanungo' },
    };
    const people = DIRECTORY.people.map((p) => (p.id === CLERK.id ? promoted : p));
    expect(await keepDirectory(device.db, { ...DIRECTORY, version: 2, people }, null)).toBe('kept');
    await screen.findByText(`${CLERK.name.en}, Kanungo`);
    expect(onSignedIn).toHaveBeenCalledTimes(1);
    expect(stopped).not.toHaveBeenCalled();
    device.unmount();
    expect(stopped).toHaveBeenCalledTimes(1);
  });

  it('a session gone as a directory arrives (signed out meanwhile) leaves the signed-in screen', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await device.db.transaction('rw', device.db.kv, async () => {
      await device.db.kv.delete(KV_KEYS.session);
      await writeKv(device.db, KV_KEYS.directory, NEXT);
    });
    await screen.findByLabelText(EN.username);
    expect(screen.queryByRole('button', { name: MENU })).toBeNull();
    device.unmount();
  });
});
