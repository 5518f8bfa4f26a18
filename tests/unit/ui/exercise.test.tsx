// The guided exercise ticks a step only when the learner has really done it on
// this device: diarise, open a file, write a noting, send, the tehsildar's noting,
// and a visit to Pendency after sending. Work from before the start does not count.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import type { ExerciseStep } from '@storage/trainer/exercise-ticks.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { followMenuLink, screen, signInAs, signOutOf, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';
import { trainerDevice } from './trainer-harness.tsx';

async function training(device: Device, label: string) {
  await followMenuLink(device, label);
  await screen.findByRole('heading', { level: 1, name: label });
}

/** The steps shown ticked, in order (read from the list, not from any store). */
async function ticked(device: Device, label: string): Promise<ExerciseStep[]> {
  await training(device, label);
  await screen.findByRole('list', {
    name: label === en['training.nav'] ? en['exercise.title'] : hi['exercise.title'],
  });
  return [...document.querySelectorAll<HTMLElement>('li[data-step].done')].map(
    (li) => li.dataset['step'] as ExerciseStep,
  );
}

async function diarise(device: Device, n: Names, subject: string) {
  const { user } = device;
  await user.click(screen.getByRole('link', { name: n.dak }));
  await user.type(await screen.findByLabelText(n.from), 'SDM Vikasnagar');
  await user.type(screen.getByLabelText(n.letterNumber), '1432/Reader/2026');
  await user.type(screen.getByLabelText(n.letterDate), '2026-11-18');
  await user.type(screen.getByLabelText(n.subject), subject);
  await user.click(screen.getByRole('button', { name: n.diarise }));
  await screen.findByRole('link', { name: /^(Diary number|डायरी संख्या): / });
}

describe('guided exercise', () => {
  it('ticks each step of the office day from real work, and resets', async () => {
    const t = trainerDevice();
    const { device } = t;
    const { user } = device;
    const L = en['training.nav'];
    t.mount();
    await signInAs(device, EN, CLERK.id);
    // Done before the exercise starts: must not count.
    await createFile(device, EN, 'Earlier file');
    device.clock.now += 60_000;

    await training(device, L);
    await user.click(await screen.findByRole('button', { name: en['exercise.start'] }));
    expect(await screen.findByText('0 of 6 steps done')).toBeInTheDocument();
    expect(await ticked(device, L)).toEqual([]);

    await diarise(device, EN, 'Complaint about a blocked path');
    await expect.poll(() => ticked(device, L)).toEqual(['diarise']);

    const number = await createFile(device, EN, 'Blocked path, Sabhawala');
    expect(await ticked(device, L)).toEqual(['diarise', 'openFile']);

    await openFromInbox(device, EN, number);
    await user.type(screen.getByLabelText(EN.noting), 'Spot inspection may be ordered.');
    await user.click(screen.getByRole('button', { name: EN.saveDraft }));
    await screen.findByText(new RegExp(EN.draftSaved));
    expect(await ticked(device, L)).toEqual(['diarise', 'openFile', 'noting']);

    await openFromInbox(device, EN, number);
    await sendTo(device, EN, TEHSILDAR.id, 'please examine');
    expect(await ticked(device, L)).toEqual(['diarise', 'openFile', 'noting', 'send']);

    await user.click(screen.getByRole('link', { name: EN.pendency }));
    await screen.findByRole('heading', { level: 1 });
    expect(await ticked(device, L)).toEqual(['diarise', 'openFile', 'noting', 'send', 'pendency']);
    await signOutOf(device, EN);

    // The tehsildar, on the same tablet, notes and sends it back.
    device.clock.now += 3_600_000;
    await signInAs(device, EN, TEHSILDAR.id);
    await openFromInbox(device, EN, number);
    await user.type(screen.getByLabelText(EN.noting), 'Approved. Inspect and report.');
    await sendTo(device, EN, CLERK.id, 'approved');
    // The tehsildar's own exercise has not started: nothing ticks for them.
    await training(device, L);
    // The panel reads the exercise from the store after the page's heading is there.
    expect(await screen.findByRole('button', { name: en['exercise.start'] })).toBeInTheDocument();
    await signOutOf(device, EN);

    // Back as the learner, in Hindi: every step is ticked.
    t.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const LH = hi['training.nav'];
    await expect
      .poll(() => ticked(device, LH))
      .toEqual(['diarise', 'openFile', 'noting', 'send', 'approve', 'pendency']);
    expect(screen.getByText(hi['exercise.complete'])).toBeInTheDocument();
    expect(screen.getByText('6 में से 6 चरण पूरे')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: hi['exercise.reset'] }));
    expect(await screen.findByRole('button', { name: hi['exercise.start'] })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: hi['exercise.start'] }));
    await expect.poll(() => ticked(device, LH)).toEqual([]);
    // A whole office day by two people (two sign-ins, typed letters, notings and sends):
    // about 10 s on a quiet machine, 52 s once under load (busy CI shares 2 cores).
  }, 180_000);
});
