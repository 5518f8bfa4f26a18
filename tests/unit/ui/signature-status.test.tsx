// A visible signature status per noting and movement (issue 14): what this tablet's
// person signs shows their device key (and device, once the directory lists the key);
// an older build's unsigned items show as attested by the server, in Hindi too.
import { within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { saveDeviceKeys } from '@storage/session/device-keys.ts';
import { createFile, finaliseDraft, loadDeviceContext, saveDraft } from '@storage/services.ts';
import type { DeviceContext } from '@storage/services.ts';
import { CLERK } from './fixtures.ts';
import { newDevice, screen, signInAs, type Device } from './harness.tsx';
import { EN, HI, type Names } from './names.ts';

/** Live queries answer late on a loaded machine; poll for the condition, not a time. */
const WAIT = { timeout: 15_000 };

async function context(device: Device): Promise<DeviceContext> {
  let n = 0;
  const newId = () => `6f1c1b9e-0000-4000-8000-${String(++n).padStart(12, '0')}`;
  const ctx = await loadDeviceContext(device.db, { now: () => device.clock.now, newId });
  if (ctx === null) throw new Error('not signed in');
  return ctx;
}

/** A file with one noting, made through the storage services with `ctx`; returns its id. */
async function fileWithNoting(ctx: DeviceContext, text: string): Promise<string> {
  const file = await createFile(ctx, { subject: 'हस्ताक्षर की जाँच', category: 'revenue' });
  if (!file.ok) throw new Error(file.error);
  expect((await saveDraft(ctx, file.value.id, text)).ok).toBe(true);
  expect((await finaliseDraft(ctx, file.value.id)).ok).toBe(true);
  return file.value.id;
}

function marks(region: string): string[] {
  return within(screen.getByRole('region', { name: region }))
    .queryAllByText((_, el) => el?.classList.contains('signature') === true)
    .map((el) => el.textContent ?? '');
}

async function open(device: Device, names: Names, id: string, search: string): Promise<void> {
  device.mount({ path: `/r/${id}`, search });
  await screen.findByRole('region', { name: names.noteSheet });
}

describe('signature status on the note sheet and the movement history', () => {
  it('names the device key of what was signed here, and the device once listed', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const ctx = await context(device);
    const id = await fileWithNoting(ctx, 'प्रस्ताव प्रस्तुत');
    const key = (await device.db.accounts.get(CLERK.id))?.signingKey;
    if (key === undefined) throw new Error('no signing key');
    const short = key.keyId.slice(0, 8);
    // Sign-in lists every registered key, this one too; first as on a tablet whose list lacks it.
    await saveDeviceKeys(device.db, []);
    await open(device, EN, id, '?lang=en');
    await expect
      .poll(() => marks(EN.noteSheet), WAIT)
      .toEqual([`Signed with the author’s device key · key ${short}`]);
    await expect
      .poll(() => marks(en['file.movement']), WAIT)
      .toEqual([`Signed with the author’s device key · key ${short}`]);
    // Once the directory lists the key, the device is named too.
    await saveDeviceKeys(device.db, [
      {
        id: key.keyId,
        person: CLERK.id,
        device: ctx.deviceId,
        algorithm: key.algorithm,
        publicKey: Buffer.from(key.publicKey).toString('base64url'),
        revokedAt: null,
      },
    ]);
    await open(device, EN, id, '?lang=en');
    await expect
      .poll(() => marks(EN.noteSheet), WAIT)
      .toEqual([
        `Signed with the author’s device key · key ${short}, device ${ctx.deviceId.slice(0, 8)}`,
      ]);
  });

  it('shows an older build’s unsigned items as attested by the server, in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    // As a session from before device keys made them: no signer on the device context.
    const id = await fileWithNoting({ ...(await context(device)), signer: null }, 'पुरानी टिप्पणी');
    await open(device, HI, id, '?lang=hi');
    await expect.poll(() => marks(HI.noteSheet), WAIT).toEqual([hi['signature.server']]);
    await expect.poll(() => marks(hi['file.movement']), WAIT).toEqual([hi['signature.server']]);
    expect(hi['signature.server']).toBe('सर्वर द्वारा प्रमाणित (उपकरण कुंजियों से पहले का)');
  });
});
