import * as Y from 'yjs';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import { PAGE_BYTES, PROTOCOL_VERSION } from '@protocol/messages.ts';
import type { PushedUpdate, Refusal, SyncResponse } from '@protocol/messages.ts';
import { exchange } from '@protocol/transport.ts';
import { nodeVerifier } from '../auth/device-keys.ts';
import type { AppContext } from '../http/context.ts';
import type { StoredUpdate } from '../storage/types.ts';
import type { DistrictLog } from './district-log.ts';
import { keepDistrictNumbers } from './district-numbers.ts';
import { ingest } from './ingest.ts';
import { keepLaterRefusal } from './keep-refusal.ts';
import type { HeldPush, LaterRefusals } from './later-refusals.ts';
import { heldToPush, heldWait } from './held-retry.ts';
import { writeRelayState, type RelayState } from './relay-state.ts';
import type { PendingRegistrations } from './pending-registrations.ts';
import { refreshDirectory, type DirectoryDeps } from './relay-directory.ts';
import type { SignOuts } from './sign-outs.ts';
import {
  forwardRegistrations,
  refreshKeys,
  SESSION_ENDED,
  signInUpstream,
  tellSessions,
} from './upstream-calls.ts';

/**
 * The relay's link to the district: it syncs exactly as a device does, with the
 * device's exchange (src/protocol/transport.ts: one binary frame each way, gzip
 * above COMPRESS_MIN_BYTES, paged by the district, the cursor carried across
 * pages and restarts). Each exchange pushes the work the relay's tablets did
 * since the last acknowledged push (rows of its own log not pulled from the
 * district), merged per record, and stores what it pulls (ingest.ts); the state
 * file is written after both, so a relay killed at any point resumes where its
 * last complete exchange left it.
 */

/** With the directory the relay works with, taken at each run (relay-directory.ts). */
export interface UpstreamDeps extends DirectoryDeps {
  readonly ctx: AppContext;
  readonly dataDir: string;
  readonly office: OfficeId;
  readonly relay: PersonId;
  readonly key: string;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** How long to wait between syncs. */
  readonly intervalMs: number;
  /** The longest wait between tries while the district cannot be reached. */
  readonly backoffMaxMs: number;
  /** The longest wait before a held record is pushed again alone (PATRAVALI_RELAY_HELD_MAX_MS). */
  readonly heldMaxMs: number;
  /** In [0, 1): spreads the relays' retries after an outage. */
  readonly random: () => number;
  state: RelayState;
  /** The ETag of the district's key list last taken ('' at start: the first run takes it whole). */
  keysTag: string;
  /** Keys registered here while the district could not be reached, to forward. */
  readonly pending: PendingRegistrations;
  /** The district's refusals of what the relay forwarded, until its tablets have them. */
  readonly refusals: LaterRefusals;
  /** Sign-outs at the relay still to tell the district. */
  readonly signOuts: SignOuts;
  /** The district's log key and last verified head: every sync answer is checked by them. */
  readonly districtLog: DistrictLog;
  /** The scan transfers, started after each run that reached the district (scan-link.ts). */
  readonly scans?: { kick(): void };
  /** How often the relay asks which of its sessions the district ended. */
  readonly sessionCheckMs: number;
  /** When it last asked (its clock; 0 at start: the first run asks). */
  sessionsCheckedAt: number;
  /**
   * The district's last answer to the sign-outs other than 200, logged once: until
   * it answers otherwise (null: none, or 200 since). A run that asks nothing keeps it.
   */
  sessionEndsRefused?: number | null;
  /**
   * A sign-in answered since the relay started (ensureToken): a district that named no
   * log key is not asked again; until then a relay keeping none asks at each run.
   */
  keyAsked?: boolean;
}

/** Local work per exchange: half a page, so merged updates stay within the frame limit. */
const PUSH_BYTES = PAGE_BYTES / 2;
/** Pages in one run before the next tick goes on (a long catch-up yields to the LAN). */
const MAX_PAGES = 50;

/**
 * How a run ended; `offline` says why the district could not be reached (logged once per
 * outage); `logAlarm`: an answer failed the log check and nothing of it was applied
 * (district-log.ts logs it once while it lasts). Both are tried again with backoff.
 */
type RunEnd = 'done' | 'stopped' | 'logAlarm' | { readonly offline: string };

/**
 * The relay's tablets' rows since `pushed`, merged into one update per record, with
 * what is held of a record whose copy the district could not read (`held` first: the
 * rows build on it).
 */
function mergedByRecord(rows: readonly StoredUpdate[], held: readonly HeldPush[]): PushedUpdate[] {
  const byRecord = new Map<string, { recordId: StoredUpdate['recordId']; parts: Uint8Array[] }>();
  for (const r of [...held, ...rows]) {
    const entry = byRecord.get(r.recordId) ?? { recordId: r.recordId, parts: [] };
    entry.parts.push(r.update);
    byRecord.set(r.recordId, entry);
  }
  return [...byRecord.values()].map((e, i) => ({
    ref: i + 1,
    recordId: e.recordId,
    update: e.parts.length === 1 ? (e.parts[0] as Uint8Array) : Y.mergeUpdates(e.parts),
  }));
}

async function save(deps: UpstreamDeps, next: Partial<RelayState>): Promise<void> {
  deps.state = { ...deps.state, ...next };
  await writeRelayState(deps.dataDir, deps.state);
}

/**
 * Signs in when the relay has no session at the district, and when it keeps no log
 * key of the district (it started while the WAN was down, with a session from a
 * build before the check) until a sign-in answers: the sign-in answer names the key.
 * While none is kept, that is said once in the log and in `/healthz` (noKey).
 */
async function ensureToken(deps: UpstreamDeps): Promise<RunEnd | null> {
  const askKey = !deps.districtLog.hasKey() && deps.keyAsked !== true;
  const end = deps.state.token !== '' && !askKey ? null : await signIn(deps);
  if (!deps.districtLog.hasKey()) deps.districtLog.missingKey(deps.now());
  return end;
}

async function signIn(deps: UpstreamDeps): Promise<RunEnd | null> {
  const answer = await signInUpstream(deps, deps.office, deps.key, deps.state);
  if (!answer.ok) {
    if (!answer.refused) return { offline: answer.detail };
    deps.log(`relay: cannot sign in at the district: ${answer.detail}`);
    return 'stopped';
  }
  // Asked and answered: a district naming no key is not asked again in this session.
  deps.keyAsked = true;
  await deps.districtLog.takeKey(answer.session.logKey, deps.now());
  await save(deps, { token: answer.session.token });
  return null;
}

/** Stores a response's pulled updates and tells the LAN's tablets. */
async function takeResponse(deps: UpstreamDeps, res: SyncResponse): Promise<void> {
  const { ctx } = deps;
  const verify = nodeVerifier();
  const done = await ingest(
    {
      storage: ctx.storage,
      rules: ctx.rules,
      directory: ctx.directory,
      locks: ctx.locks,
      verify,
      now: ctx.now,
      relay: deps.relay,
      deviceId: deps.state.deviceId,
    },
    res.updates,
  );
  for (const r of done.refused)
    deps.log(`relay: refused from the district ${r.recordId}: ${r.reason} (${r.detail})`);
  ctx.hub.announce(done.committed, done.head, deps.state.deviceId);
}

/**
 * The district could not read its copy of the record (`recordDamaged`): the relay holds
 * what it pushed and pushes it again until the district takes or refuses it, as a tablet
 * keeps such a push in its outbox (decision 0013, amendment 3), with a wait that doubles
 * at each try up to an hour (amendment 8). Its tablets are told nothing: their work is
 * kept, and goes on to the district once it can take it.
 */
function holdDamaged(deps: UpstreamDeps, r: Refusal, pushed: Uint8Array): void {
  const now = deps.now();
  const retryAt = (tries: number) => now + heldWait(deps.intervalMs, tries, deps.heldMaxMs);
  if (deps.refusals.hold(r.recordId, pushed, now, retryAt))
    deps.log(
      `relay: holding ${r.recordId}: the district cannot read its copy; pushed again, less often at each try (at most every ${deps.heldMaxMs} ms)`,
    );
}

/**
 * Sends one sync request: the district's answer, or how the run ends without one
 * (the session ended, the relay revoked, the district refusing or unreachable).
 */
async function send(
  deps: UpstreamDeps,
  updates: PushedUpdate[],
): Promise<RunEnd | { readonly response: SyncResponse }> {
  const request = {
    type: 'syncRequest' as const,
    protocol: PROTOCOL_VERSION,
    deviceId: deps.state.deviceId,
    cursor: deps.state.cursor,
    generation: deps.state.generation,
    // So the district proves its log grew from the last head the relay verified.
    logSize: deps.districtLog.logSize(),
    updates,
  };
  const out = await exchange(
    { baseUrl: deps.url, fetch: deps.fetch, now: deps.now },
    deps.state.token,
    request,
  );
  if (out.kind === 'unauthenticated') {
    await save(deps, { token: '' });
    return { offline: SESSION_ENDED };
  }
  if (out.kind === 'accessRevoked') {
    deps.log(`relay: the district revoked this relay: ${out.detail}`);
    return 'stopped';
  }
  if (out.kind !== 'response') {
    if (out.kind !== 'failed') deps.log(`relay: the district refused a sync: ${out.detail}`);
    return { offline: out.detail };
  }
  return { response: out.response };
}

/**
 * While a log alarm stands: one exchange that pushes nothing, to learn whether the
 * district's answers check again; nothing of its answer is applied. The first that
 * checks ends the alarm (district-log.ts) and the next run does everything.
 */
async function askWhetherHonest(deps: UpstreamDeps): Promise<RunEnd> {
  const sent = await send(deps, []);
  if (typeof sent !== 'object' || !('response' in sent)) return sent;
  return (await deps.districtLog.check(sent.response, deps.now())) ? 'done' : 'logAlarm';
}

/** `withHeld`: the run's first exchange also pushes what is held again. */
async function exchangeOnce(deps: UpstreamDeps, withHeld: boolean): Promise<RunEnd | 'more'> {
  const { storage } = deps.ctx;
  const puller = { deviceId: deps.state.deviceId, person: deps.relay };
  const local = await storage.updatesSince(
    deps.state.pushed,
    { kind: 'district' },
    PUSH_BYTES,
    puller,
  );
  const held = heldToPush(deps, local.updates, withHeld);
  const updates = mergedByRecord(local.updates, held);
  const sent = await send(deps, updates);
  if (typeof sent !== 'object' || !('response' in sent)) return sent;
  const res = sent.response;
  // Before anything of it is applied: pulls, acks, refusals, the cursor (decision 0010, amendment 2).
  // Its pushes go again at the next run; the district recognises what it took already.
  if (!(await deps.districtLog.check(res, deps.now()))) return 'logAlarm';
  await takeResponse(deps, res);
  for (const r of res.refusals) {
    const pushed = updates.find((u) => u.ref === r.ref && u.recordId === r.recordId);
    if (pushed === undefined) continue;
    if (r.reason === 'recordDamaged') {
      holdDamaged(deps, r, pushed.update);
      continue;
    }
    deps.log(`relay: the district refused ${r.recordId}: ${r.reason} (${r.detail})`);
    // Kept for the tablets whose work it was, and the relay's copy set back, before moving on.
    await keepLaterRefusal(deps, r);
    deps.refusals.release(r.recordId);
  }
  for (const h of held) {
    const sent = updates.find((u) => u.recordId === h.recordId);
    if (sent !== undefined && res.acks.includes(sent.ref)) deps.refusals.release(h.recordId);
  }
  // Deferred pushes (neither acked nor refused) go again from the same place next time.
  const settled = updates.every(
    (u) => res.acks.includes(u.ref) || res.refusals.some((r) => r.ref === u.ref),
  );
  const before = deps.state;
  deps.state = {
    ...before,
    cursor: res.cursor,
    generation: res.generation ?? before.generation,
    pushed: settled ? local.cursor : before.pushed,
  };
  // Past the new push position, so the rows the district has are resequenced as settled
  // (a relay killed before the state is written has them settled, and pulls again).
  // Should it fail, the exchange counts as not done: its push goes again, and so do the numbers.
  try {
    await keepDistrictNumbers(deps.ctx, res.logged, deps.state.deviceId);
  } catch (e) {
    deps.state = before;
    throw e;
  }
  await save(deps, {});
  return settled && (res.more || local.more) ? 'more' : 'done';
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
  if (taken === SESSION_ENDED) await save(deps, { token: '' });
  return taken === null ? null : { offline: taken };
}

/**
 * One run: sign in if needed, take the directory and keys, exchange until both sides
 * are through. While a log alarm stands, only the exchange that asks whether the
 * district is honest again: nothing of the tablets' goes to it (their work, held
 * pushes, sealed registrations, sign-outs) and nothing of it is taken (directory,
 * keys, revocations, its sealing key, ended sessions) (decision 0010, amendment 2).
 */
export async function runUpstream(deps: UpstreamDeps): Promise<RunEnd> {
  const token = await ensureToken(deps);
  if (token !== null) return token;
  if (deps.districtLog.trouble() !== null) return askWhetherHonest(deps);
  return linkedRun(deps);
}

async function linkedRun(deps: UpstreamDeps): Promise<RunEnd> {
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
  if (keys === SESSION_ENDED) await save(deps, { token: '' });
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
  if (forwarded === SESSION_ENDED) await save(deps, { token: '' });
  if (forwarded !== null) return { offline: forwarded };
  // After the revocations above, so a session ended by one is told `accessRevoked` here.
  const now = deps.now();
  const check = sessionCheckDue(now, deps.sessionsCheckedAt, deps.sessionCheckMs);
  const told = await tellSessions(deps, token, deps.ctx.storage, deps.signOuts, check, now, (h) =>
    deps.ctx.hub.closeSession(h),
  );
  if (told === SESSION_ENDED) await save(deps, { token: '' });
  if (typeof told === 'string') return { offline: told };
  // Any other answer never holds files back: the sign-outs are kept for a later run.
  if (told !== null) sessionEndsAnswered(deps, told.status);
  if (check) deps.sessionsCheckedAt = now;
  for (let page = 0; page < MAX_PAGES; page++) {
    const end = await exchangeOnce(deps, page === 0);
    if (end !== 'more') return end;
  }
  return 'done';
}

/**
 * The wait before the next run: the interval after a good run; after the n-th
 * run in a row that could not reach the district, the interval doubled n times
 * (at most `backoffMaxMs`), less up to a fifth at random, so relays coming back
 * from one outage do not all call at once.
 */
export function nextDelay(
  deps: Pick<UpstreamDeps, 'intervalMs' | 'backoffMaxMs' | 'random'>,
  failures: number,
): number {
  if (failures === 0) return deps.intervalMs;
  const doubled = Math.min(deps.backoffMaxMs, deps.intervalMs * 2 ** Math.min(failures, 30));
  return Math.max(deps.intervalMs, Math.round(doubled * (1 - deps.random() / 5)));
}

/** Runs the link every `intervalMs` until stopped, or until the district refuses the relay. */
export function startUpstream(deps: UpstreamDeps): () => Promise<void> {
  // Compaction keeps what the district has apart from the tablets' work still to push,
  // stored as pulled: the relay must not push the district's own content back upstream.
  deps.ctx.storage.settleCompactionAs({
    puller: { deviceId: deps.state.deviceId, person: deps.relay },
    pushedUpTo: () => deps.state.pushed,
  });
  let stopped = false;
  let failures = 0;
  let unreachable = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> = Promise.resolve();
  const after = (end: RunEnd): void => {
    if (end === 'stopped') stopped = true;
    if (typeof end === 'object' && !unreachable)
      deps.log(`relay: the district cannot be reached (${end.offline}); trying again with backoff`);
    if (typeof end !== 'object' && end !== 'logAlarm' && unreachable)
      deps.log('relay: the district answers again');
    if (end !== 'logAlarm') unreachable = typeof end === 'object';
    failures = end === 'done' || end === 'stopped' ? 0 : failures + 1;
    // After the run's pushes: the district takes a scan only for a record that lists it.
    if (end === 'done') deps.scans?.kick();
    if (!stopped) timer = setTimeout(tick, nextDelay(deps, failures));
  };
  const tick = (): void => {
    timer = null;
    running = runUpstream(deps).then(
      (end) => after(end),
      (e: unknown) => {
        deps.log(`relay: upstream sync failed: ${e instanceof Error ? e.message : String(e)}`);
        after({ offline: 'the run failed' });
      },
    );
  };
  tick();
  return async () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    await running;
  };
}
