import { writeRelayState, type RelayState } from './relay-state.ts';
import { refreshDirectory } from './relay-directory.ts';
import type { RunEnd, UpstreamDeps } from './upstream-deps.ts';
import { forwardRegistrations, refreshKeys, tellSessions } from './upstream-calls.ts';

/**
 * The steps of a linked upstream run before its exchange (upstream.ts): the
 * district's directory, its keys and revocations, the registrations to forward,
 * and the sessions it ended. Each that cannot reach the district ends the run as
 * the exchange would; one that finds the relay's session ended ends it with
 * SESSION_ENDED, the token still kept: upstream.ts asks the sync route why (the
 * relay revoked, or only the session) before it forgets the token.
 */

/** Takes `next` into the relay's state and writes the state file whole. */
export async function save(deps: UpstreamDeps, next: Partial<RelayState>): Promise<void> {
  deps.state = { ...deps.state, ...next };
  await writeRelayState(deps.dataDir, deps.state);
}

/**
 * Whether the relay asks which of its sessions the district ended: `everyMs` after
 * the last time, and at once when the clock went back past it (set back by hand or
 * by a time service): otherwise a relay whose clock is set back checks nothing
 * until it has caught up.
 */
export const sessionCheckDue = (now: number, checkedAt: number, everyMs: number): boolean =>
  now < checkedAt || now - checkedAt >= everyMs;

/** Logs the district's refusal of the sign-outs once while it lasts (200 ends it). */
function sessionEndsAnswered(deps: UpstreamDeps, status: number): void {
  if (status === 200) deps.sessionEndsRefused = null;
  if (status === 200 || deps.sessionEndsRefused === status) return;
  deps.sessionEndsRefused = status;
  deps.log(
    status === 404
      ? 'relay: the district is too old for session-ends; sign-outs here are kept until it is updated'
      : `relay: the district refused the sign-outs (HTTP ${status}); kept for the next run`,
  );
}

/** Takes the district's directory when it changed, kept in the state file first. */
async function takeDirectory(deps: UpstreamDeps): Promise<RunEnd | null> {
  const taken = await refreshDirectory(deps, deps.state.token, (directory, pullAgain) =>
    save(deps, { directory, ...(pullAgain ? { cursor: 0 } : {}) }),
  );
  return taken === null ? null : { offline: taken };
}

/** The steps before the exchange; null when the run goes on to it. */
export async function beforeExchange(deps: UpstreamDeps): Promise<RunEnd | null> {
  const signed = await takeDirectory(deps);
  if (signed !== null) return signed;
  const { token, revokedUpTo = 0 } = deps.state;
  const keys = await refreshKeys(
    deps,
    token,
    deps.ctx.storage,
    deps.now(),
    revokedUpTo,
    deps.keysTag,
  );
  if (typeof keys === 'string') return { offline: keys };
  deps.keysTag = keys.tag;
  if (keys.revokedUpTo > revokedUpTo) await save(deps, { revokedUpTo: keys.revokedUpTo });
  if (keys.sealKey !== undefined) await deps.pending.setSealKey(keys.sealKey);
  const forwarded = await forwardRegistrations(
    deps,
    token,
    deps.ctx.storage,
    deps.pending,
    deps.now(),
    deps.log,
  );
  if (forwarded !== null) return { offline: forwarded };
  // After the revocations above, so a session ended by one is told `accessRevoked` here.
  const now = deps.now();
  const check = sessionCheckDue(now, deps.sessionsCheckedAt, deps.sessionCheckMs);
  const told = await tellSessions(deps, token, deps.ctx.storage, deps.signOuts, check, now, (h) =>
    deps.ctx.hub.closeSession(h),
  );
  if (typeof told === 'string') return { offline: told };
  // Any other answer never holds files back: the sign-outs are kept for a later run.
  if (told !== null) sessionEndsAnswered(deps, told.status);
  if (check) deps.sessionsCheckedAt = now;
  return null;
}
