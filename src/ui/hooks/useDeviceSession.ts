import { liveQuery } from 'dexie';
import { useCallback, useEffect, useState } from 'react';
import type { Directory, Person } from '@domain/directory.ts';
import type { DeviceId } from '@domain/ids.ts';
import {
  authorKeyOfSession,
  currentSession,
  endIncompleteSession,
  ensureDeviceId,
  keepBackupsAndWipe,
  signOut,
  storedDirectory,
  wipeOtherBackups,
  type StoredSession,
} from '@storage/services.ts';
import type { AppEnv, SignedIn } from '../app-context.ts';

export type DeviceSessionState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'signedOut'; readonly deviceId: DeviceId }
  | { readonly phase: 'signedIn'; readonly deviceId: DeviceId; readonly signedIn: SignedIn };

/**
 * Reads who is signed in on this device from the store (storage/session/session.ts),
 * so a reload carries on where the person left off. `reload` re-reads after
 * sign-in; `signOut` in the returned SignedIn removes the session.
 */
export function useDeviceSession(env: AppEnv): { state: DeviceSessionState; reload: () => void } {
  const [state, setState] = useState<DeviceSessionState>({ phase: 'loading' });
  const [generation, setGeneration] = useState(0);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let cancelled = false;
    void loadState(env, reload).then((next) => {
      if (!cancelled) setState(next);
    });
    return () => {
      cancelled = true;
    };
  }, [env, generation, reload]);

  // The server said the administrator revoked this person's access: the sync port has
  // already wiped their data and session, so read again (the sign-in page says why).
  useEffect(() => {
    let revoked = false;
    return env.syncStatus.subscribe(() => {
      const now = env.syncStatus.getSnapshot().error === 'accessRevoked';
      if (now && !revoked) reload();
      revoked = now;
    });
  }, [env, reload]);

  // A sync took a new directory (storage/session/kept-directory.ts): every screen reads it
  // (the Send list, pickers, names) and the commands check against it, without a reload.
  // When it changed the signed-in person's own entry (a transfer, a new role), the session
  // kept-directory.ts rewrote is read again; so is a session gone or replaced (signed out,
  // or someone else signed in) before the directory is given to the old one's screens.
  const signedIn = state.phase === 'signedIn' ? state.signedIn : null;
  const deviceId = state.phase === 'loading' ? null : state.deviceId;
  useEffect(() => {
    if (signedIn === null || deviceId === null) return;
    const stored = liveQuery(() => Promise.all([storedDirectory(env.db), currentSession(env.db)]));
    const subscription = stored.subscribe({
      next: ([directory, session]) => {
        if (
          session === null ||
          session.token !== signedIn.session.token ||
          !same(session.person, signedIn.session.person)
        )
          return reload();
        if (directory === null || same(directory, signedIn.deviceContext.directory)) return;
        const deviceContext = { ...signedIn.deviceContext, directory };
        // Only onto the state it was read for: a reload may have replaced it meanwhile.
        setState((now) =>
          now.phase === 'signedIn' && now.signedIn === signedIn
            ? { phase: 'signedIn', deviceId, signedIn: { ...signedIn, deviceContext } }
            : now,
        );
      },
      // The store failed: the screens keep the directory they have.
      error: () => undefined,
    });
    return () => subscription.unsubscribe();
  }, [env, signedIn, deviceId, reload]);

  return { state, reload };
}

/** The same directory or person, as stored. */
function same(a: Directory | Person, b: Directory | Person): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

async function loadState(env: AppEnv, reload: () => void): Promise<DeviceSessionState> {
  const deviceId = await ensureDeviceId(env.db, env.newId);
  const found = await currentSession(env.db);
  // An older build's session without a signing key or the server's log key: sign in again.
  const session =
    found !== null && (await endIncompleteSession(env.db, found, env.now())) === null
      ? found
      : null;
  // Typing backed up for anyone but who is signed in (access revoked, a sign-out cut
  // short) is not shown to the next person on the tablet (decision 0018).
  if (env.unsaved) wipeOtherBackups(env.unsaved, session?.person.id ?? null);
  if (!session) return { phase: 'signedOut', deviceId };
  const directory = (await storedDirectory(env.db)) ?? soloDirectory(session);
  const signedIn: SignedIn = {
    session,
    deviceContext: {
      db: env.db,
      person: session.person,
      directory,
      deviceId,
      deviceNumber: session.deviceNumber,
      authorKey: authorKeyOfSession(session),
      // Without it the app's commands fell back to HMAC attestations: nothing was device-signed.
      signer: session.signer ?? null,
      now: env.now,
      newId: env.newId,
    },
    signOut: async () => {
      await env.beforeSignOut?.().catch(() => undefined);
      // Typing backed up but not yet in the store is saved as the person's drafts, and
      // the backups go: the next person on the tablet must not see them (decision 0018).
      if (env.unsaved)
        await keepBackupsAndWipe(signedIn.deviceContext, env.unsaved).catch(() => undefined);
      await signOut(env.db);
      reload();
    },
  };
  return { phase: 'signedIn', deviceId, signedIn };
}

/** Without a stored directory (should not happen after a sign-in) the person still sees themself. */
function soloDirectory(session: StoredSession): Directory {
  const name = { hi: '', en: '' };
  return { version: 0, district: { id: '', name }, offices: [], people: [session.person] };
}
