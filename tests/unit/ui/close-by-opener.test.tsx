// Who closes a file (issue 17): the desk that opened it, naming the officer who
// approved the closure (rules.ts closeRule; CSMOP has the dealing hand record a file
// on an officer's orders). A tehsildar who receives a file sees Close volume but not
// Close file, and is told why and what to do instead, in English and Hindi.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { newDevice, screen, signInAs, signOutOf } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

async function tehsildarReceives(n: Names, lang: 'en' | 'hi') {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, n, CLERK.id);
  const number = await createFile(device, n, 'Boundary dispute, Dhakrani');
  await device.user.type(screen.getByLabelText(n.noting), 'Report of the patwari is on file.');
  // The opener holding the file closes it, and is told nothing.
  expect(screen.getByRole('button', { name: n.closeFile })).toBeInTheDocument();
  expect(screen.queryByText(/whoever opened it|जिन्होंने इसे खोला था/)).toBeNull();
  await sendTo(device, n, TEHSILDAR.id);
  await signOutOf(device, n);
  await signInAs(device, n, TEHSILDAR.id);
  await openFromInbox(device, n, number);
  return device;
}

describe('closing a file received from the desk that opened it', () => {
  it('is not offered to the tehsildar, who is told who closes it and how (English)', async () => {
    await tehsildarReceives(EN, 'en');
    expect(await screen.findByRole('button', { name: en['volume.close'] })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: EN.closeFile })).toBeNull();
    expect(
      screen.getByText(
        'This file is closed by whoever opened it: Sunita Rawat, Desk Assistant, naming the officer who approved the closure. To have it closed, write your approval in a noting and send the file to them. Close volume only starts a new volume of the same file.',
      ),
    ).toBeInTheDocument();
  });

  it('in Hindi', async () => {
    await tehsildarReceives(HI, 'hi');
    expect(await screen.findByRole('button', { name: hi['volume.close'] })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: HI.closeFile })).toBeNull();
    expect(
      screen.getByText(/^इस पत्रावली को वही बंद करते हैं जिन्होंने इसे खोला था: सुनीता रावत, /),
    ).toHaveTextContent('बंद कराने के लिए टिप्पणी में अपना अनुमोदन लिखें और पत्रावली उन्हें भेजें।');
  });
});
