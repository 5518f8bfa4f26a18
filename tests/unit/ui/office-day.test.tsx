// The office day of issue 2 "Done when", in English and in Hindi: the desk
// assistant opens a file and sends it up; the tehsildar, on the same tablet,
// finds it with its pending age, adds noting 2 and sends it back; a reload keeps all.
import { describe, expect, it } from 'vitest';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { DAY, newDevice, openMenu, screen, signInAs, signOutOf, within } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, notings, sendTo } from './steps.ts';

async function officeDay(
  n: Names,
  lang: 'en' | 'hi',
  text: { subject: string; note1: string; note2: string },
) {
  const device = newDevice();
  const { user } = device;
  device.mount({ search: `?lang=${lang}` });
  expect(document.documentElement.lang).toBe(lang);

  // The desk assistant opens a file, drafts noting 1 and sends it to the tehsildar.
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, text.subject);
  await user.type(screen.getByLabelText(n.noting), text.note1);
  await user.click(screen.getByRole('button', { name: n.saveDraft }));
  await screen.findByText(new RegExp(n.draftSaved));
  await sendTo(device, n, TEHSILDAR.id, 'please examine', '2026-11-30');
  await expect.poll(() => notings(n).length).toBe(1);
  expect(screen.getByRole('button', { name: n.pullBack })).toBeInTheDocument();
  expect(screen.queryByLabelText(n.noting)).toBeNull();
  await signOutOf(device, n);

  // Two days later the tehsildar signs in on the same tablet.
  device.clock.now += 2 * DAY + 3_600_000;
  await signInAs(device, n, TEHSILDAR.id);
  const inbox = await screen.findByRole('region', { name: n.inbox });
  const link = await within(inbox).findByRole('link', { name: number });
  const row = link.closest('tr');
  expect(row).not.toBeNull();
  expect(row).toHaveTextContent(n.pendingDays(2));
  expect(row).toHaveTextContent(text.subject);
  expect(row).toHaveTextContent(CLERK.name[lang]);
  await user.click(link);

  // Noting 1 is final: paragraph number, text, author with designation, date.
  await screen.findByRole('heading', { level: 1, name: number });
  const first = notings(n)[0];
  expect(first).toHaveTextContent(n.para(1));
  expect(first).toHaveTextContent(text.note1);
  expect(first).toHaveTextContent(`${CLERK.name[lang]}, ${CLERK.designation[lang]}`);
  expect(first).toHaveTextContent(lang === 'en' ? /20 Nov 2026/ : /2026/);
  expect(first?.querySelector('time')).not.toBeNull();

  // Noting 2, sent back to the desk assistant.
  await user.type(screen.getByLabelText(n.noting), text.note2);
  await sendTo(device, n, CLERK.id, 'report on the spot', '2026-12-05');
  await expect.poll(() => notings(n).length).toBe(2);

  // Reload: everything is still there, and the tehsildar is still signed in.
  device.unmount();
  device.mount({ path: '/' });
  await openMenu(device);
  expect(screen.getByRole('button', { name: n.signOut })).toBeInTheDocument();
  await user.click(await screen.findByRole('tab', { name: n.tabSent }));
  const sentRow = (
    await within(screen.getByRole('region', { name: n.inbox })).findByRole('link', { name: number })
  ).closest('tr');
  expect(sentRow).toHaveTextContent(CLERK.name[lang]);
  await signOutOf(device, n);
  await signInAs(device, n, CLERK.id);
  await user.click(
    await within(screen.getByRole('region', { name: n.inbox })).findByRole('link', {
      name: number,
    }),
  );
  await expect.poll(() => notings(n).length).toBe(2);
  const second = notings(n)[1];
  expect(second).toHaveTextContent(n.para(2));
  expect(second).toHaveTextContent(text.note2);
  expect(second).toHaveTextContent(`${TEHSILDAR.name[lang]}, ${TEHSILDAR.designation[lang]}`);
  device.unmount();
}

describe('office day', () => {
  it('runs end to end in English', async () => {
    await officeDay(EN, 'en', {
      subject: 'Mutation of khasra 112, village Dhakrani',
      note1: 'The applicant has filed the sale deed. Submitted for orders.',
      note2: 'Kanungo to verify on the spot and report.',
    });
  });

  it('runs end to end in Hindi', async () => {
    await officeDay(HI, 'hi', {
      subject: 'ग्राम ढकरानी, खसरा 112 का दाखिल-खारिज',
      note1: 'आवेदक ने विक्रय पत्र प्रस्तुत किया है। आदेशार्थ प्रस्तुत।',
      note2: 'कानूनगो स्थलीय जाँच कर आख्या दें।',
    });
  });
});
