// A new app version waits until the person taps Update (registerType 'prompt').
import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { createUpdateStore } from '@pwa/update-store.ts';
import { I18nProvider } from '@ui/I18nProvider.tsx';
import { UpdatePrompt } from '@ui/components/UpdatePrompt.tsx';

describe('update prompt', () => {
  it('appears only when a version waits, and applies it on tap', async () => {
    const updates = createUpdateStore();
    let applied = 0;
    render(
      <I18nProvider search="?lang=en" prefs={null}>
        <UpdatePrompt updates={updates} />
      </I18nProvider>,
    );
    expect(screen.queryByRole('button', { name: 'Update' })).toBeNull();
    act(() =>
      updates.markWaiting(async () => {
        applied += 1;
      }),
    );
    expect(screen.getByRole('alert')).toHaveTextContent('A new version of the app is ready.');
    await userEvent.setup().click(screen.getByRole('button', { name: 'Update' }));
    expect(applied).toBe(1);
  });

  it('checks for a new version at once when asked (the server said this app is too old)', () => {
    const updates = createUpdateStore();
    let checks = 0;
    // Asked before the service worker registered: the check runs once it has.
    updates.checkNow();
    expect(checks).toBe(0);
    updates.setChecker(() => void (checks += 1));
    expect(checks).toBe(1);
    updates.checkNow();
    expect(checks).toBe(2);
  });
});
