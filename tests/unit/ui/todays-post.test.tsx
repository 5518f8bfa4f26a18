// Today's post (trainer mode): the demo district's incoming letters for the
// learner's tehsil are listed on the Training page; "Diarise this letter" opens
// the real Dak form filled in with the letter's particulars, and once diarised
// the letter shows as done. Offices outside the demo district see no list.
import { describe, expect, it } from 'vitest';
import { incomingPostFor } from '@ui/components/trainer/demo-post.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, DM } from './fixtures.ts';
import { followMenuLink, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';
import { trainerDevice } from './trainer-harness.tsx';

async function openTraining(device: Device, label: string) {
  await followMenuLink(device, label);
  await screen.findByRole('heading', { level: 1, name: label });
}

function letterItem(id: string): HTMLElement {
  const item = document.querySelector<HTMLElement>(`li[data-letter="${id}"]`);
  if (!item) throw new Error(`letter ${id} is not listed`);
  return item;
}

describe("today's post", () => {
  it('lists the letters; diarising one through the real Dak form marks it done', async () => {
    const t = trainerDevice();
    const { device } = t;
    const { user } = device;
    t.mount();
    await signInAs(device, EN, CLERK.id);
    const post = incomingPostFor(CLERK.office, device.clock.now);
    expect(post.length).toBeGreaterThanOrEqual(8);

    await openTraining(device, en['training.nav']);
    const list = await screen.findByRole('list', { name: en['post.title'] });
    expect(within(list).getAllByRole('listitem')).toHaveLength(post.length);
    expect(screen.getByText(`0 of ${post.length} letters diarised`)).toBeInTheDocument();
    const letter = post[2];
    if (!letter) throw new Error('no third letter');
    const item = letterItem(letter.id);
    expect(item).toHaveTextContent(letter.from);
    expect(item).toHaveTextContent(letter.subject);
    expect(item).toHaveTextContent(`Letter no. ${letter.letterNumber}`);

    await user.click(within(item).getByRole('button', { name: en['post.diarise'] }));
    await screen.findByRole('heading', { level: 1, name: EN.dak });
    // The form restores its draft asynchronously: wait for the particulars to arrive.
    await expect.poll(() => screen.getByLabelText(EN.from)).toHaveValue(letter.from);
    expect(screen.getByLabelText(EN.letterNumber)).toHaveValue(letter.letterNumber);
    // Shown day-month-year, as offices write it.
    const [y, m, d] = letter.letterDate.split('-');
    expect(screen.getByLabelText(EN.letterDate)).toHaveValue(`${d}-${m}-${y}`);
    expect(screen.getByLabelText(EN.subject)).toHaveValue(letter.subject);
    expect(screen.getByLabelText(en['dak.mode'])).toHaveValue(letter.mode);
    expect(screen.getByLabelText(en['dak.category'])).toHaveValue(letter.category);
    await user.click(screen.getByRole('button', { name: EN.diarise }));
    await screen.findByRole('link', { name: /^Diary number: / });

    await openTraining(device, en['training.nav']);
    await expect.poll(() => letterItem(letter.id).className).toBe('done');
    expect(letterItem(letter.id)).toHaveTextContent(en['post.done']);
    expect(within(letterItem(letter.id)).queryByRole('button')).toBeNull();
    expect(screen.getByText(`1 of ${post.length} letters diarised`)).toBeInTheDocument();
    // Only that letter: the others still wait.
    const other = post[0];
    if (!other) throw new Error('no first letter');
    expect(letterItem(other.id).className).toBe('todo');
  });

  it('a receipt typed by hand with the same sender and number also counts (in Hindi)', async () => {
    const t = trainerDevice();
    const { device } = t;
    const { user } = device;
    t.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    const letter = incomingPostFor(CLERK.office, device.clock.now)[0];
    if (!letter) throw new Error('no post');
    await user.click(screen.getByRole('link', { name: HI.dak }));
    await user.type(await screen.findByLabelText(HI.from), ` ${letter.from} `);
    await user.type(screen.getByLabelText(HI.letterNumber), letter.letterNumber);
    await user.type(screen.getByLabelText(HI.letterDate), letter.letterDate);
    await user.type(screen.getByLabelText(HI.subject), 'हाथ से लिखा विषय');
    await user.click(screen.getByRole('button', { name: HI.diarise }));
    await screen.findByRole('link', { name: /^डायरी संख्या: / });

    await openTraining(device, hi['training.nav']);
    await screen.findByRole('list', { name: hi['post.title'] });
    await expect.poll(() => letterItem(letter.id).className).toBe('done');
    expect(letterItem(letter.id)).toHaveTextContent(hi['post.done']);
  });

  it('is not shown to an office outside the demo tehsils', async () => {
    const t = trainerDevice();
    t.mount();
    await signInAs(t.device, EN, DM.id);
    await openTraining(t.device, en['training.nav']);
    await screen.findByRole('heading', { name: en['exercise.title'] });
    expect(screen.queryByRole('heading', { name: en['post.title'] })).toBeNull();
  });
});
