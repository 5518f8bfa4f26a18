// Sessions an older build started, before device keys or the server's log key (issue 14):
// the app ends them when it opens and asks the person to sign in again, keeping their
// work; a sign-in of this build completes the session and is not asked again.
import { describe, expect, it } from 'vitest';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import { currentSession, saveSession } from '@storage/session/session.ts';
import { asRecordId } from '@domain/ids.ts';
import { CLERK } from './fixtures.ts';
import { MENU, newDevice, screen, signInAs, type Device } from './harness.tsx';
import { EN, HI } from './names.ts';

const FILE = asRecordId('6f1c1b9e-0000-4000-8000-000000000001');

/** Signs in with this build, then makes the session look like an older build's. */
async function olderSession(device: Device, drop: 'signingKey' | 'logKey'): Promise<void> {
  const session = await currentSession(device.db);
  if (session === null) throw new Error('not signed in');
  const { keyAware: _aware, signer, ...older } = session;
  await saveSession(device.db, drop === 'signingKey' ? older : { ...older, ...{ signer } });
  if (drop === 'logKey') await device.db.kv.delete(KV_KEYS.logKey);
  else await writeKv(device.db, KV_KEYS.logKey, 'A'.repeat(43));
  await device.db.drafts.put({
    recordId: FILE,
    author: CLERK.id,
    text: 'आधा लिखा',
    updatedAt: device.clock.now,
  });
}

describe('an older session is asked to sign in again', () => {
  it('without a signing key: ended at load, said in English, the draft kept', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await olderSession(device, 'signingKey');
    device.mount({ search: '?lang=en' });
    const notice = await screen.findByRole('status', { name: en['signInAgain.label'] });
    expect(notice).toHaveTextContent(
      `${CLERK.name.en}, please sign in again: this tablet now signs your work with a key of your own`,
    );
    expect(notice).toHaveTextContent(en['signInAgain.kept']);
    expect(await currentSession(device.db)).toBeNull();
    // Signing in again completes the session; the notice goes, the draft is still there.
    await signInAs(device, EN, CLERK.id);
    expect(await device.db.kv.get(KV_KEYS.signInAgain)).toBeUndefined();
    const session = await currentSession(device.db);
    expect(session?.signer).toBeDefined();
    expect((await device.db.drafts.get([FILE, CLERK.id]))?.text).toBe('आधा लिखा');
    // This build's session is not ended again, even without a log key from this server.
    device.mount({ search: '?lang=en' });
    await screen.findByRole('button', { name: MENU });
  });

  it('without the server’s log key: said in Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await olderSession(device, 'logKey');
    device.mount({ search: '?lang=hi' });
    const notice = await screen.findByRole('status', { name: hi['signInAgain.label'] });
    expect(notice).toHaveTextContent(`${CLERK.name.hi}, कृपया फिर से साइन इन करें`);
    expect(notice).toHaveTextContent('लॉग कुंजी');
    expect(notice).toHaveTextContent(hi['signInAgain.kept']);
  });

  it('an older session with both keys goes on as it was', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    const session = await currentSession(device.db);
    if (session === null) throw new Error('not signed in');
    const { keyAware: _aware, ...older } = session;
    await saveSession(device.db, older);
    await writeKv(device.db, KV_KEYS.logKey, 'A'.repeat(43));
    device.mount({ search: '?lang=en' });
    await screen.findByRole('button', { name: MENU });
  });
});
