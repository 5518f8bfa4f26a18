// Signing in on a shared tablet: online against the server, offline with the
// verifier remembered at an earlier online sign-in, clear errors in both languages,
// and each person's drafts private to them.
import { act, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { send } from '@domain/commands.ts';
import { asPersonId, asRecordId } from '@domain/ids.ts';
import type { RecordId } from '@domain/ids.ts';
import { en } from '@i18n/en.ts';
import { hi } from '@i18n/hi.ts';
import { createTranslator } from '@i18n/translate.ts';
import { changeRecord, runCommand, unwrap } from '@storage/commands/command-runner.ts';
import { KV_KEYS, writeKv } from '@storage/db/db.ts';
import { currentSession, loadDeviceContext } from '@storage/services.ts';
import { createSyncPort } from '@storage/sync/sync-store.ts';
import { CLERK, TEHSILDAR } from './fixtures.ts';
import { MENU, newDevice, openMenu, screen, signInAs, signOutOf } from './harness.tsx';
import { EN, HI } from './names.ts';
import { createFile, openFromInbox, sendTo } from './steps.ts';

async function tryIn(
  device: ReturnType<typeof newDevice>,
  names: typeof EN | typeof HI,
  u: string,
  p: string,
) {
  const { user } = device;
  await user.clear(await screen.findByLabelText(names.username));
  await user.type(screen.getByLabelText(names.username), u);
  await user.clear(screen.getByLabelText(names.password));
  await user.type(screen.getByLabelText(names.password), p);
  await user.click(screen.getByRole('button', { name: names.signIn }));
}

/**
 * While `alone()`, sign-in answers as an office relay's while the WAN is down
 * (decision 0011): provisional, no device number.
 */
function signInAtRelayAlone(alone: () => boolean) {
  return (inner: typeof fetch): typeof fetch =>
    async (input, init) => {
      const res = await inner(input, init);
      if (!alone() || init?.method !== 'POST' || !String(input).endsWith('/api/session'))
        return res;
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, provisional: true, deviceNumber: 0 }), {
        status: res.status,
        headers: { 'content-type': 'application/json' },
      });
    };
}

describe('sign-in', () => {
  it('names the app on the sign-in page, in English and Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent(en['app.name']);
    device.mount({ search: '?lang=hi' });
    await screen.findByLabelText(HI.username);
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent(hi['app.name']);
  });

  it('says so when the password is wrong, in English and Hindi', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await tryIn(device, EN, CLERK.id, 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent(en['auth.error.badCredentials']);
    device.mount({ search: '?lang=hi' });
    await tryIn(device, HI, CLERK.id, 'wrong');
    expect(await screen.findByRole('alert')).toHaveTextContent(hi['auth.error.badCredentials']);
    expect(screen.queryByRole('button', { name: MENU })).toBeNull();
  });

  it('says when to try again once the server locks sign-in, in English and Hindi', async () => {
    const LOCKED = 'one-too-many';
    const device = newDevice({
      wrapFetch: (inner) => async (input, init) => {
        const body = JSON.parse(String(init?.body ?? '{}')) as { password?: string };
        if (body.password !== LOCKED) return inner(input, init);
        return new Response(JSON.stringify({ error: 'tooManyAttempts', detail: 'locked' }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'retry-after': '120' },
        });
      },
    });
    const at = createTranslator('en', { timeZone: 'Asia/Kolkata' });
    device.mount({ search: '?lang=en' });
    await tryIn(device, EN, CLERK.id, LOCKED);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(en['auth.error.tooManyAttempts'].split('{time}')[0] ?? '');
    expect(alert.textContent).toContain(at.formatDateTime(device.clock.now + 120_000));
    device.mount({ search: '?lang=hi' });
    await tryIn(device, HI, CLERK.id, LOCKED);
    const hindi = (await screen.findByRole('alert')).textContent ?? '';
    expect(hindi).toContain(
      hi['auth.error.tooManyAttempts'].replace(
        '{time}',
        createTranslator('hi', { timeZone: 'Asia/Kolkata' }).formatDateTime(
          device.clock.now + 120_000,
        ),
      ),
    );
    // Locked is not "offline": the tablet's remembered password is no way around it.
    expect(screen.queryByRole('button', { name: MENU })).toBeNull();
  });

  it('explains that an offline first sign-in on this tablet is impossible', async () => {
    const device = newDevice();
    device.server.online = false;
    device.mount({ search: '?lang=en' });
    await tryIn(device, EN, CLERK.id, 'demo1234');
    expect(await screen.findByRole('alert')).toHaveTextContent(
      en['auth.error.offlineNeverSignedIn'],
    );
  });

  it('signs in offline after one online sign-in, and refuses a wrong offline password', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    expect(device.server.requests).toHaveLength(1);
    await signOutOf(device, EN);
    device.server.online = false;
    await tryIn(device, EN, CLERK.id, 'not-it');
    expect(await screen.findByRole('alert')).toHaveTextContent(en['auth.error.offlineBadPassword']);
    await tryIn(device, EN, CLERK.id, 'demo1234');
    await screen.findByRole('button', { name: MENU });
    expect(screen.getByText(en['auth.offlineNotice'])).toBeInTheDocument();
    expect(device.server.requests).toHaveLength(1);

    // The network returns and a sync succeeds: Synced, and the offline notice is gone.
    // Looked up each time: after sign-in the shell may still be swapping in the page (a
    // lazy chunk, late on a busy machine), and the light then reaches the update a render later.
    const light = () => screen.getByRole('status', { name: en['sync.label'] });
    expect(light()).toHaveTextContent(en['sync.offline']);
    await expect
      .poll(() => {
        act(() => device.syncStatus.update({ state: 'synced', lastSyncedAt: device.clock.now }));
        return light().textContent;
      })
      .toContain(en['sync.synced']);
    expect(screen.queryByText(en['auth.offlineNotice'])).toBeNull();
  });

  it('signs in offline when the server does not answer at all (Wi-Fi up, the link beyond it down)', async () => {
    // The browser says online and the request neither fails nor answers: it hangs until
    // the sign-in gives up on it (here after 50 ms instead of ANSWER_TIMEOUT_MS).
    let hang = false;
    const device = newDevice({
      answerTimeoutMs: 50,
      wrapFetch: (inner) => (input, init) =>
        hang
          ? new Promise<Response>((_, reject) =>
              init?.signal?.addEventListener('abort', () =>
                reject(new DOMException('aborted', 'AbortError')),
              ),
            )
          : inner(input, init),
    });
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await signOutOf(device, HI);
    hang = true;
    await tryIn(device, HI, CLERK.id, 'demo1234');
    await screen.findByRole('button', { name: MENU });
    expect(await screen.findByText(hi['auth.offlineNotice'])).toBeInTheDocument();
    expect(device.server.requests).toHaveLength(1);
  });

  it('says what it waits for while the server does not answer, in Hindi', async () => {
    let hold = false;
    /** Fails the held sign-in request; set once the request is made. */
    let fail: (() => void) | null = null;
    const device = newDevice({
      wrapFetch: (inner) => (input, init) =>
        !hold || !String(input).endsWith('/api/session')
          ? inner(input, init)
          : new Promise<Response>((_, reject) => {
              fail = () => reject(new TypeError('Failed to fetch'));
            }),
    });
    device.mount({ search: '?lang=hi' });
    await signInAs(device, HI, CLERK.id);
    await signOutOf(device, HI);
    hold = true;
    await tryIn(device, HI, CLERK.id, 'demo1234');
    const said = createTranslator('hi', { timeZone: 'Asia/Kolkata' }).t('auth.waitingForServer', {
      seconds: 20,
    });
    // The request is made after the tablet unlocks the person's key: await both.
    await expect.poll(() => fail !== null).toBe(true);
    expect(await screen.findByText(said)).toHaveAttribute('role', 'status');
    expect(screen.getByRole('button', { name: hi['auth.signingIn'] })).toBeDisabled();
    (fail as unknown as () => void)();
    await screen.findByRole('button', { name: MENU });
    expect(screen.queryByText(said)).toBeNull();
  });

  it('gives the wait for both addresses when the district’s own address is kept, in English', async () => {
    /** Fails the held sign-in requests; one per address tried. */
    const held: (() => void)[] = [];
    const device = newDevice({
      wrapFetch: (inner) => (input, init) =>
        !String(input).endsWith('/api/session')
          ? inner(input, init)
          : new Promise<Response>((_, reject) => {
              held.push(() => reject(new TypeError('Failed to fetch')));
            }),
    });
    // A relay's tablet: a request its address does not answer is tried at the district's too.
    await writeKv(device.db, KV_KEYS.syncFallback, 'https://district.example');
    device.mount({ search: '?lang=en' });
    await tryIn(device, EN, CLERK.id, 'demo1234');
    await expect.poll(() => held.length).toBe(1);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Waiting for the server, at most 40 seconds;',
    );
    held[0]?.();
    await expect.poll(() => held.length).toBe(2);
    held[1]?.();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      en['auth.error.offlineNeverSignedIn'],
    );
  });

  it('promises no sign-in from memory to a person never signed in on this tablet, in English', async () => {
    /** Fails the held sign-in request; set once the request is made. */
    let fail: (() => void) | null = null;
    const device = newDevice({
      wrapFetch: (inner) => (input, init) =>
        !String(input).endsWith('/api/session')
          ? inner(input, init)
          : new Promise<Response>((_, reject) => {
              fail = () => reject(new TypeError('Failed to fetch'));
            }),
    });
    device.mount({ search: '?lang=en' });
    await tryIn(device, EN, CLERK.id, 'demo1234');
    await expect.poll(() => fail !== null).toBe(true);
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Waiting for the server, at most 20 seconds; then, if you have signed in on this tablet before, it signs you in with what it remembers.',
    );
    (fail as unknown as () => void)();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      en['auth.error.offlineNeverSignedIn'],
    );
  });

  it('says so and lets the person try again when the tablet fails during sign-in, in English and Hindi', async () => {
    // The device database closes under the page (another tab upgraded it, the browser
    // evicted it): sign-in throws instead of answering.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const device = newDevice();
      device.mount({ search: '?lang=en' });
      await screen.findByLabelText(EN.username);
      device.db.close();
      await tryIn(device, EN, CLERK.id, 'demo1234');
      expect(await screen.findByRole('alert')).toHaveTextContent(en['auth.error.unexpected']);
      expect(screen.getByRole('button', { name: EN.signIn })).toBeEnabled();

      await device.user.click(screen.getByRole('button', { name: en['lang.switchLabel'] }));
      await tryIn(device, HI, CLERK.id, 'demo1234');
      expect(await screen.findByRole('alert')).toHaveTextContent(hi['auth.error.unexpected']);
      expect(screen.getByRole('button', { name: HI.signIn })).toBeEnabled();
      expect(logged).toHaveBeenCalled();

      // The fault passes: the same button signs in.
      await device.db.open();
      await device.user.click(screen.getByRole('button', { name: HI.signIn }));
      await screen.findByRole('button', { name: MENU });
    } finally {
      logged.mockRestore();
    }
  });

  it('marks a sign-in the office relay checked without the district as provisional, keeping the device number, in English and Hindi', async () => {
    let relayAlone = false;
    const device = newDevice({ wrapFetch: signInAtRelayAlone(() => relayAlone) });
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await openMenu(device);
    expect(screen.queryByText(en['auth.provisionalNotice'])).toBeNull();
    const number = (await currentSession(device.db))?.deviceNumber ?? 0;
    expect(number).toBeGreaterThan(0);
    await signOutOf(device, EN);

    relayAlone = true;
    await signInAs(device, EN, CLERK.id);
    await openMenu(device);
    expect(screen.getByText(en['auth.provisionalNotice'])).toBeInTheDocument();
    expect((await currentSession(device.db))?.deviceNumber).toBe(number);
    device.mount({ search: '?lang=hi' });
    await openMenu(device);
    expect(screen.getByText(hi['auth.provisionalNotice'])).toBeInTheDocument();
  });

  it('stops saying the sign-in is provisional once a sync hears the district confirmed the key, in English and Hindi', async () => {
    const device = newDevice({ wrapFetch: signInAtRelayAlone(() => true) });
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, CLERK.id);
    await openMenu(device);
    expect(screen.getByText(en['auth.provisionalNotice'])).toBeInTheDocument();
    device.mount({ search: '?lang=hi' });
    await openMenu(device);
    expect(screen.getByText(hi['auth.provisionalNotice'])).toBeInTheDocument();

    // What the sync engine does when the relay lists this tablet's key as the district's.
    const port = createSyncPort(device.db);
    const keyId = (await port.provisionalKey?.()) ?? '';
    expect(keyId).not.toBe('');
    await act(() => port.confirmProvisional?.(keyId));
    await waitFor(() => expect(screen.queryByText(hi['auth.provisionalNotice'])).toBeNull());
    expect(screen.getByText(/सुनीता रावत/)).toBeInTheDocument();
    device.mount({ search: '?lang=en' });
    await openMenu(device);
    expect(screen.getByText(/Sunita Rawat/)).toBeInTheDocument();
    expect(screen.queryByText(en['auth.provisionalNotice'])).toBeNull();
    expect((await currentSession(device.db))?.provisional).toBeUndefined();
  });

  it('keeps the person signed in across a reload', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    await signInAs(device, EN, TEHSILDAR.id);
    device.unmount();
    device.mount();
    await screen.findByRole('button', { name: MENU });
    expect(screen.getByText(/Anita Bisht, Tehsildar/)).toBeInTheDocument();
  });
});

describe('drafts on a shared tablet', () => {
  it('keeps a draft private to its author even when another person holds the same file', async () => {
    const device = newDevice();
    device.mount({ search: '?lang=en' });
    const { user } = device;
    await signInAs(device, EN, CLERK.id);
    const number = await createFile(device, EN, 'Land allotment to landslide-affected families');
    // Typed, not saved by hand: leaving the page still keeps it.
    await user.type(screen.getByLabelText(EN.noting), 'Clerk draft, not final');
    await user.click(screen.getByRole('link', { name: EN.inbox }));
    await openFromInbox(device, EN, number);
    expect(await screen.findByDisplayValue('Clerk draft, not final')).toBeInTheDocument();
    const fileId = asRecordId(await fileIdOf(device, number));

    // The file reaches the tehsildar while the clerk's draft for it stays a draft
    // (sending through the UI would finalise it, so the move is made in the store).
    await handOverKeepingDraft(device, fileId, TEHSILDAR.id);
    await signOutOf(device, EN);

    // The tehsildar now holds the same file: his Noting editor is there and empty.
    await signInAs(device, EN, TEHSILDAR.id);
    await openFromInbox(device, EN, number);
    const editor = await screen.findByLabelText(EN.noting);
    expect(editor).toHaveValue('');
    expect(screen.queryByText(/Clerk draft/)).toBeNull();
    const clerkDraft = await act(() => device.db.drafts.get([fileId, asPersonId(CLERK.id)]));
    expect(clerkDraft?.text).toBe('Clerk draft, not final');

    // His own draft is his; sending it back makes it noting 1 and leaves the clerk's alone.
    await user.type(editor, 'Tehsildar noting');
    await sendTo(device, EN, CLERK.id);
    expect(await screen.findByText('Tehsildar noting')).toBeInTheDocument();
    await signOutOf(device, EN);

    await signInAs(device, EN, CLERK.id);
    await openFromInbox(device, EN, number);
    expect(await screen.findByDisplayValue('Clerk draft, not final')).toBeInTheDocument();
    expect(screen.getByText('Tehsildar noting')).toBeInTheDocument();
  });
});

/** Appends a `sent` event as the signed-in person without finalising their draft. */
async function handOverKeepingDraft(
  device: ReturnType<typeof newDevice>,
  recordId: RecordId,
  to: string,
): Promise<void> {
  let n = 0;
  const ctx = await act(() =>
    loadDeviceContext(device.db, {
      now: () => device.clock.now,
      newId: () => `00000000-0000-4000-9000-${String(++n).padStart(12, '0')}`,
    }),
  );
  if (!ctx) throw new Error('nobody signed in');
  const outcome = await act(() =>
    runCommand(ctx, (scope) =>
      changeRecord(scope, recordId, (c) =>
        unwrap(send(c, { to: asPersonId(to), remarks: '', dueDate: null, priority: 'normal' })),
      ),
    ),
  );
  if (!outcome.ok) throw new Error(outcome.error);
}

async function fileIdOf(device: ReturnType<typeof newDevice>, number: string): Promise<string> {
  const row = await act(() => device.db.records.where('number').equals(number).first());
  if (!row) throw new Error(`no record ${number}`);
  return row.id;
}
