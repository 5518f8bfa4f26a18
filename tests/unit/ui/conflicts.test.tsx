// Two tablets send the same file offline from the same state: after they exchange
// updates, the file page shows the losing move as a conflict, never dropping it.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { asDeviceId } from '@domain/ids.ts';
import type { PatravaliDb } from '@storage/db/db.ts';
import { createFile, sendRecord, type DeviceContext } from '@storage/services.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { openDb } from '@storage/db/db.ts';
import { CLERK, DIRECTORY, KANUNGO, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, within } from './harness.tsx';
import { EN } from './names.ts';

/** Copies every stored update of `from` into `to`, as a sync would. */
async function copyUpdates(from: PatravaliDb, to: PatravaliDb): Promise<void> {
  const rows = await from.updates.toArray();
  const updates = rows.map((r, i) => ({ seq: i + 1, recordId: r.recordId, update: r.update }));
  await createSyncPort(to).applyIncoming(updates, updates.length);
}

describe('conflicts', () => {
  it('shows the losing offline move on the file page', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);

    const other = openDb(`conflict-other-${Math.random()}`);
    let n = 0;
    const ctx = (db: PatravaliDb, deviceNumber: number, tag: string): DeviceContext => ({
      db,
      person: CLERK,
      directory: DIRECTORY,
      deviceId: asDeviceId(`00000000-0000-4000-8000-${tag}00000000`),
      deviceNumber,
      now: () => device.clock.now,
      newId: () => `00000000-0000-4000-9000-${tag}${String(++n).padStart(8, '0')}`,
    });
    const here = ctx(device.db, 3, 'aaaa');
    const there = ctx(other, 4, 'bbbb');

    const number = await act(async () => {
      const created = await createFile(here, {
        subject: 'Disputed boundary',
        category: 'landRecords',
      });
      if (!created.ok) throw new Error(created.error);
      await copyUpdates(device.db, other);
      // Offline on both tablets, from the same state: one sends up, the other sideways.
      const id = created.value.id;
      const send = { remarks: '', dueDate: null, priority: 'normal' } as const;
      expect((await sendRecord(here, id, { ...send, to: TEHSILDAR.id })).ok).toBe(true);
      device.clock.now += 60_000;
      expect((await sendRecord(there, id, { ...send, to: KANUNGO.id })).ok).toBe(true);
      await copyUpdates(other, device.db);
      return created.value.number;
    });

    await device.user.click(screen.getByRole('tab', { name: EN.tabSent }));
    await device.user.click(await screen.findByRole('link', { name: number }));
    const conflicts = await screen.findByRole('region', { name: 'Conflicts' });
    expect(within(conflicts).getAllByRole('listitem')).toHaveLength(1);
    expect(conflicts).toHaveTextContent(/Sent — Sunita Rawat, .*: another move happened first/);
    other.close();
  });
});
