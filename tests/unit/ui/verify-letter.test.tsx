// The Verify page checks a printed letter's QR code on the tablet (issue 16): pasted,
// it says `Signature valid` with who approved which text and when, or `Not valid` and
// why by name: a forged signature, an altered hash, an approver the directory does not
// know, a code that is not one. In English and Hindi. The export chooser is a button
// in the app's language, not the browser's "Choose File".
import { fireEvent } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { letterQrPayload, LETTER_QR_PREFIX } from '@doc/letter-qr.ts';
import { encodeB64url } from '@doc/signature.ts';
import type { LetterApprovedEvent, LetterContent } from '@domain/events.ts';
import { letterHash } from '@domain/letters.ts';
import { hi } from '@i18n/hi.ts';
import type { DirectoryKey } from '@protocol/api.ts';
import { saveDeviceKeys, storedDeviceKeys } from '@storage/services.ts';
import { eid, ev, meta, T0 } from '../domain/builders.ts';
import { testKey, type TestKey } from '../doc/signing-keys.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { followMenuLink, newDevice, screen, signInAs, within, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';

const CONTENT: LetterContent = {
  to: 'जिलाधिकारी, देहरादून',
  subject: 'आख्या',
  reference: null,
  hindi: 'महोदय, आख्या प्रस्तुत है।',
  english: '',
};
const tehsildar = testKey(TEHSILDAR.id);
const clerk = testKey(CLERK.id);
const m = meta();
const hash = letterHash(m.id, eid(1), CONTENT);
const drafted = ev(1, 'letterDrafted', CLERK.id, T0 + 1, { template: 'report', ...CONTENT });
const approval = (by: TestKey): LetterApprovedEvent =>
  by.signEvent(
    m,
    [drafted],
    ev(2, 'letterApproved', TEHSILDAR.id, T0 + 2, {
      draft: eid(1),
      version: eid(1),
      textHash: hash,
    }),
  );
const payload = letterQrPayload(m.id, approval(tehsildar));
const listed = (k: TestKey): DirectoryKey => ({
  ...k.key,
  publicKey: encodeB64url(k.key.publicKey),
});

/** Signed in, with the tehsildar's and clerk's test keys in the tablet's directory keys. */
async function verifyPage(lang: 'en' | 'hi'): Promise<Device> {
  const device = newDevice();
  device.mount({ search: `?lang=${lang}` });
  await signInAs(device, lang === 'en' ? EN : HI, CLERK.id);
  const known = await storedDeviceKeys(device.db);
  await saveDeviceKeys(device.db, [
    ...[...known.values()].map((k) => ({ ...k, publicKey: encodeB64url(k.publicKey) })),
    listed(tehsildar),
    listed(clerk),
  ]);
  await followMenuLink(device, lang === 'en' ? 'Verify' : hi['verify.nav']);
  return device;
}

async function check(
  device: Device,
  text: string,
  names = { field: 'QR code text', button: 'Check QR code', result: 'Letter verification result' },
) {
  const field = await screen.findByLabelText(names.field);
  // Pasted, as from a phone's QR reader.
  fireEvent.change(field, { target: { value: text } });
  await device.user.click(screen.getByRole('button', { name: names.button }));
  return screen.findByRole('region', { name: names.result });
}

function edited(edit: (e: Record<string, unknown>) => void): string {
  const body = JSON.parse(payload.slice(LETTER_QR_PREFIX.length)) as {
    e: Record<string, unknown>;
    r: string;
  };
  edit(body.e);
  return LETTER_QR_PREFIX + JSON.stringify(body);
}

describe('Verify page: a letter’s QR code', () => {
  it('valid, forged, altered, unknown approver and malformed, each with its named result', async () => {
    const device = await verifyPage('en');
    // The export's chooser is our own button; its input keeps its name.
    expect(await screen.findByRole('button', { name: 'Choose exported file' })).toBeInTheDocument();
    expect(screen.getByLabelText('Exported file')).toHaveAttribute('type', 'file');
    expect(screen.getByRole('button', { name: 'Choose photo of QR code' })).toBeInTheDocument();

    const valid = await check(device, payload);
    expect(within(valid).getByRole('heading')).toHaveTextContent('Signature valid');
    expect(valid).toHaveTextContent('Approved by Anita Bisht, Tehsildar, Tehsil Vikasnagar');
    expect(valid).toHaveTextContent(/Approved on 5 Jan 2026/);
    expect(valid).toHaveTextContent(hash);

    const forged = await check(
      device,
      edited((e) => (e['sig'] = approval(clerk).sig)),
    );
    expect(within(forged).getByRole('heading')).toHaveTextContent('Not valid');
    expect(forged).toHaveTextContent('The signature does not match');
    expect(forged).toHaveTextContent('badSignature');

    const zero = '0'.repeat(64);
    const altered = await check(
      device,
      edited((e) => (e['textHash'] = zero)),
    );
    expect(altered).toHaveTextContent('badSignature');
    expect(altered).toHaveTextContent('The code claims approval by tehsildar.vikasnagar');

    const stranger = testKey(TEHSILDAR.id, 'dev-a', 'Ed25519', 'another key');
    const unknown = await check(device, letterQrPayload(m.id, approval(stranger)));
    expect(unknown).toHaveTextContent('is not in the directory on this tablet');
    expect(unknown).toHaveTextContent('unknownKey');

    const notOne = await check(device, 'https://example.org/not-a-letter');
    expect(within(notOne).getByRole('heading')).toHaveTextContent('Not valid');
    expect(notOne).toHaveTextContent('not a Patravali letter’s QR code');
    expect(notOne).toHaveTextContent('malformed');
  });

  it('says it in Hindi', async () => {
    const device = await verifyPage('hi');
    expect(
      await screen.findByRole('button', { name: hi['verify.chooseButton'] }),
    ).toBeInTheDocument();
    const names = {
      field: hi['verifyLetter.payload'],
      button: hi['verifyLetter.check'],
      result: hi['verifyLetter.result'],
    };
    const valid = await check(device, payload, names);
    expect(within(valid).getByRole('heading')).toHaveTextContent(hi['verify.valid']);
    expect(valid).toHaveTextContent('अनुमोदक: अनीता बिष्ट, तहसीलदार, तहसील विकासनगर');
    const bad = await check(
      device,
      edited((e) => (e['textHash'] = '1'.repeat(64))),
      names,
    );
    expect(bad).toHaveTextContent(hi['verifyLetter.problem.badSignature']);
  });
});
