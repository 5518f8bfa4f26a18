// Work the server refused is kept on the device, listed with its reason in the
// person's language, and can be exported for the help desk.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { asRecordId } from '@domain/ids.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
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
});
