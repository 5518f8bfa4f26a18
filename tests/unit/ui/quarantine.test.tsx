// Work the server refused is kept on the device, listed with its reason in the
// person's language, and can be exported for the help desk.
import { act } from '@testing-library/react';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createRecordDoc } from '@doc/record-doc.ts';
import { asPersonId, asRecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { T0, meta, note, send } from '../domain/builders.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';

const RECORD = asRecordId('00000000-0000-4000-8000-0000000000aa');

describe('quarantine', () => {
  it('lists refused changes with the reason and exports them', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    expect(screen.queryByRole('region', { name: 'Changes refused by the server' })).toBeNull();
    await act(() =>
      device.db.quarantine.add({
        recordId: RECORD,
        reason: 'actorMismatch',
        detail: 'event actor is not the signed-in user',
        at: device.clock.now,
        update: new Uint8Array([0, 0]),
      }),
    );
    const region = await screen.findByRole('region', { name: 'Changes refused by the server' });
    expect(region).toHaveTextContent('An entry was made in someone else’s name.');
    expect(region).toHaveTextContent('event actor is not the signed-in user');
    await device.user.click(within(region).getByRole('button', { name: 'Export refused changes' }));
    await expect.poll(() => device.downloads.length).toBe(1);
    const file = device.downloads[0];
    expect(file?.fileName).toMatch(/^patravali-quarantine-2026-11-20\.json$/);
    expect(JSON.parse(file?.text ?? '{}')).toMatchObject({
      kind: 'patravali-quarantine',
      entries: [{ recordId: RECORD, reason: 'actorMismatch' }],
    });
  });

  it('shows the reason in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await act(() =>
      device.db.quarantine.add({
        recordId: RECORD,
        reason: 'outOfScope',
        detail: 'record outside scope',
        at: device.clock.now,
        update: new Uint8Array([0, 0]),
      }),
    );
    const region = await screen.findByRole('region', { name: hi['refusal.title'] });
    expect(region).toHaveTextContent(hi['refusal.outOfScope']);
  });

  it('says when the district refused a change the office relay had taken, in both languages', async () => {
    for (const [lang, names, catalog] of [
      ['en', EN, en],
      ['hi', HI, hi],
    ] as const) {
      const device = newDevice();
      device.mount({ search: `?lang=${lang}` });
      await signInAs(device, names, CLERK.id);
      await act(() =>
        device.db.quarantine.bulkAdd([
          {
            recordId: RECORD,
            reason: 'keyRevoked',
            detail: 'key k was revoked',
            at: device.clock.now,
            update: new Uint8Array([0, 0]),
            later: 3,
          },
          {
            recordId: RECORD,
            reason: 'outOfScope',
            detail: 'record outside scope',
            at: device.clock.now - 1,
            update: new Uint8Array([0, 0]),
          },
          {
            recordId: RECORD,
            reason: 'recordDamaged',
            detail: 'the district copy is damaged',
            at: device.clock.now - 2,
            update: new Uint8Array([0, 0]),
            later: 4,
          },
          {
            recordId: RECORD,
            reason: 'keyRevoked',
            detail: 'key k was revoked',
            at: device.clock.now - 3,
            update: new Uint8Array([0, 0]),
            later: 5,
            whole: true,
          },
        ]),
      );
      const region = await screen.findByRole('region', { name: catalog['refusal.title'] });
      const [later, own, damaged, whole] = within(region).getAllByRole('listitem');
      // A file the district holds nothing of has left the tablet: said so, with the reason.
      expect(whole).toHaveTextContent(catalog['refusal.upstream']);
      expect(whole).toHaveTextContent(catalog['refusal.upstreamWhole']);
      expect(later).not.toHaveTextContent(catalog['refusal.upstreamWhole']);
      expect(later).toHaveTextContent(catalog['refusal.keyRevoked']);
      expect(later).toHaveTextContent(catalog['refusal.upstream']);
      expect(own).not.toHaveTextContent(catalog['refusal.upstream']);
      // The district's damaged copy took nothing: not "sent again once repaired", as for its own push.
      expect(damaged).toHaveTextContent(catalog['refusal.recordDamagedUpstream']);
      expect(damaged).not.toHaveTextContent(catalog['refusal.recordDamaged']);
      expect(damaged).toHaveTextContent(catalog['refusal.upstream']);
      device.unmount();
    }
  });

  it('shows the person’s unsent draft noting on a record that left the tablet, in both languages', async () => {
    for (const [lang, names, catalog] of [
      ['en', EN, en],
      ['hi', HI, hi],
    ] as const) {
      const device = newDevice();
      device.mount({ search: `?lang=${lang}` });
      await signInAs(device, names, CLERK.id);
      const text = 'सीमांकन की तिथि तय करें';
      await act(async () => {
        await device.db.drafts.put({
          recordId: RECORD,
          author: asPersonId(CLERK.id),
          text,
          updatedAt: device.clock.now,
        });
        await device.db.quarantine.add({
          recordId: RECORD,
          reason: 'keyRevoked',
          detail: 'key k was revoked',
          at: device.clock.now,
          update: new Uint8Array([0, 0]),
          later: 6,
          whole: true,
        });
      });
      const region = await screen.findByRole('region', { name: catalog['refusal.title'] });
      const [item] = within(region).getAllByRole('listitem');
      expect(item).toHaveTextContent(catalog['refusal.draftKept']);
      expect(item).toHaveTextContent(text);
      device.unmount();
    }
  });

  it('shows the clock refusals, and a reason from a newer server as unknown', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const refused = (reason: string, n: number) => ({
      recordId: RECORD,
      reason,
      detail: `refusal ${n}`,
      at: device.clock.now + n,
      update: new Uint8Array([0, 0]),
    });
    await act(() =>
      device.db.quarantine.bulkAdd([
        refused('clockAhead', 1),
        refused('clockBehind', 2),
        refused('unknown:200', 3),
      ]),
    );
    const region = await screen.findByRole('region', { name: 'Changes refused by the server' });
    expect(region).toHaveTextContent(en['refusal.clockAhead']);
    expect(region).toHaveTextContent(en['refusal.clockBehind']);
    expect(region).toHaveTextContent('Unknown reason: unknown:200');
  });
});

describe('refused changes show what they said', () => {
  it('lists the refused noting’s full text in Settings and in the list', async () => {
    const device = newDevice();
    device.mount({ path: '/settings', search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const words = 'para 4: the khasra map is attached as flag A.';
    const doc = createRecordDoc(meta(), [
      note(1, asPersonId(CLERK.id), T0, words),
      send(2, asPersonId(CLERK.id), T0 + 1, asPersonId(TEHSILDAR.id), null),
    ]);
    await act(() =>
      device.db.quarantine.add({
        recordId: RECORD,
        reason: 'actorMismatch',
        detail: 'event actor is not the signed-in user',
        at: device.clock.now,
        update: Y.encodeStateAsUpdate(doc),
      }),
    );
    const settings = await screen.findByRole(
      'region',
      { name: 'Refused changes' },
      { timeout: 10_000 },
    );
    await within(settings).findByText(words);
    expect(settings).toHaveTextContent('Noting by Sunita Rawat:');
    expect(settings).toHaveTextContent('Sent by Sunita Rawat:To: Anita Bisht');
    const list = screen.getByRole('region', { name: 'Changes refused by the server' });
    expect(list).toHaveTextContent(words);
  });
});
