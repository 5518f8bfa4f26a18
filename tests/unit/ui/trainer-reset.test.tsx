// Trainer controls: "Reset demo district" only for the trainer, behind a
// confirmation, with the server's answer (or why it failed) shown in both languages.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK } from './fixtures.ts';
import { followMenuLink, screen, signInAs, within } from './harness.tsx';
import { EN, HI } from './names.ts';
import { TRAINER, trainerDevice } from './trainer-harness.tsx';

async function openTraining(t: ReturnType<typeof trainerDevice>, label: string) {
  await followMenuLink(t.device, label);
  await screen.findByRole('heading', { level: 1, name: label });
}

describe('trainer reset from the app', () => {
  it('is not offered to anyone but the trainer', async () => {
    const t = trainerDevice();
    t.mount();
    await signInAs(t.device, EN, CLERK.id);
    await openTraining(t, en['training.nav']);
    expect(await screen.findByRole('button', { name: en['exercise.start'] })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: en['trainer.reset'] })).toBeNull();
  });

  it('asks first; cancel sends nothing; confirming resets and shows the result', async () => {
    const t = trainerDevice();
    t.mount();
    await signInAs(t.device, EN, TRAINER.id);
    await openTraining(t, en['training.nav']);
    const { user } = t.device;
    await user.click(screen.getByRole('button', { name: en['trainer.reset'] }));
    let dialog = await screen.findByRole('alertdialog', { name: en['trainer.confirmTitle'] });
    expect(dialog).toHaveTextContent(en['trainer.confirmText']);
    expect(within(dialog).getByRole('button', { name: en['trainer.cancel'] })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: en['trainer.cancel'] }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(t.server.resets).toEqual([]);

    await user.click(screen.getByRole('button', { name: en['trainer.reset'] }));
    dialog = await screen.findByRole('alertdialog');
    await user.click(within(dialog).getByRole('button', { name: en['trainer.confirm'] }));
    expect(
      await screen.findByText('Demo district reset: 60 demo records (data generation 2).'),
    ).toBeInTheDocument();
    expect(t.server.resets).toEqual(['Bearer token-trainer']);
  });

  it('shows a refusal (403) and a missing network clearly, in Hindi', async () => {
    const t = trainerDevice();
    t.mount({ search: '?lang=hi' });
    await signInAs(t.device, HI, TRAINER.id);
    await openTraining(t, hi['training.nav']);
    const { user } = t.device;
    t.server.reset = { status: 403, body: { error: 'forbidden', detail: 'not demo mode' } };
    await user.click(screen.getByRole('button', { name: hi['trainer.reset'] }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: hi['trainer.confirm'],
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(hi['trainer.error.forbidden']);

    t.server.online = false;
    await user.click(screen.getByRole('button', { name: hi['trainer.reset'] }));
    await user.click(
      within(await screen.findByRole('alertdialog')).getByRole('button', {
        name: hi['trainer.confirm'],
      }),
    );
    await expect
      .poll(() => screen.queryByRole('alert')?.textContent)
      .toBe(hi['trainer.error.network']);
  });
});
