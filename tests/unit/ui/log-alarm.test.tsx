// The alarm a tablet shows when the server's log did not only grow (issue 14):
// on the sync light and as an alert naming what was found, in English and Hindi.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { LOG_ALARMS } from '@doc/log-check.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs } from './harness.tsx';
import { EN, HI } from './names.ts';

const ALERT_EN = 'Server log alarm';

describe('server log alarm', () => {
  it('names what was found on the sync light and in an alert, and clears on a good sync', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    expect(screen.queryByRole('alert', { name: ALERT_EN })).toBeNull();
    act(() => device.syncStatus.update({ state: 'logAlarm', logAlarm: 'logInconsistent' }));
    await waitFor(() =>
      expect(screen.getByRole('status', { name: EN.syncStatus })).toHaveTextContent(
        /^Server log changed/,
      ),
    );
    const alert = screen.getByRole('alert', { name: ALERT_EN });
    expect(alert).toHaveTextContent(en['logAlarm.logInconsistent']);
    expect(alert).toHaveTextContent('This tablet keeps its own copy');
    // A retry under way keeps the alarm in view; only a good sync ends it.
    act(() => device.syncStatus.update({ state: 'syncing' }));
    expect(screen.getByRole('alert', { name: ALERT_EN })).toBeInTheDocument();
    act(() => device.syncStatus.update({ state: 'synced', logAlarm: undefined }));
    expect(screen.queryByRole('alert', { name: ALERT_EN })).toBeNull();
  });

  it('says each kind of alarm in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    for (const alarm of LOG_ALARMS) {
      act(() => device.syncStatus.update({ state: 'logAlarm', logAlarm: alarm }));
      const alert = await screen.findByRole('alert', { name: hi['logAlarm.label'] });
      await waitFor(() => expect(alert).toHaveTextContent(hi[`logAlarm.${alarm}`]));
      expect(alert).toHaveTextContent(hi[`logAlarm.${alarm}`]);
      expect(alert).toHaveTextContent(hi['logAlarm.kept']);
      expect(screen.getByRole('status', { name: HI.syncStatus })).toHaveTextContent(
        hi['sync.logAlarm'],
      );
    }
  });
});
