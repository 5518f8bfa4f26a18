import * as Y from 'yjs';
import { PAGE_BYTES, PROTOCOL_VERSION } from '@protocol/messages.ts';
import type { PushedUpdate, RecordEntries, Refusal, SyncResponse } from '@protocol/messages.ts';
import { exchange } from '@protocol/transport.ts';
import { nodeVerifier } from '../auth/device-keys.ts';
import type { StoredUpdate } from '../storage/types.ts';
import { keepAcknowledgedOrder } from './district-order.ts';
import { ingest } from './ingest.ts';
import { keepLaterRefusal } from './keep-refusal.ts';
import type { HeldPush } from './later-refusals.ts';
import { heldToPush, heldWait } from './held-retry.ts';
import { beforeExchange, save } from './upstream-before.ts';
import { SESSION_ENDED, signInUpstream } from './upstream-calls.ts';
import type { RunEnd, UpstreamDeps } from './upstream-deps.ts';

export type { RunEnd, UpstreamDeps } from './upstream-deps.ts';

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

/** Local work per exchange: half a page, so merged updates stay within the frame limit. */
const PUSH_BYTES = PAGE_BYTES / 2;
/** Pages in one run before the next tick goes on (a long catch-up yields to the LAN). */
const MAX_PAGES = 50;

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

/**
 * Stores a response's pulled updates and tells the LAN's tablets. Returns the
 * district's entries of events held here before, kept with the acknowledged ones.
 */
async function takeResponse(
  deps: UpstreamDeps,
  res: SyncResponse,
): Promise<readonly RecordEntries[]> {
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
  return done.known;
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
    // Forgotten, so nothing else calls with it (a tablet's token asked about, the vouch).
    await save(deps, { token: '' });
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
  const known = await takeResponse(deps, res);
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
  // A relay upgraded to the district's order is through its pull from the start at the head.
  const ordered = before.districtOrder === true || !res.more;
  if (ordered && before.districtOrder !== true)
    deps.log("relay: pulled the office's files again; it holds them in the district's order");
  deps.state = {
    ...before,
    cursor: res.cursor,
    generation: res.generation ?? before.generation,
    pushed: settled ? local.cursor : before.pushed,
    ...(ordered && { districtOrder: true as const }),
  };
  // Past the new push position, so the rows the district has are resequenced as settled
  // (a relay killed before the state is written has them settled, and pulls again).
  // Should it fail, the exchange counts as not done: its push goes again, and the district's entries with it.
  try {
    // An exchange that left a push for the next one keeps the push position before it: its
    // acknowledged work goes again, and the district answers its entries again then.
    const entries = [...(settled ? (res.logged ?? []) : []), ...known];
    await keepAcknowledgedOrder(deps.ctx, entries, deps.state.deviceId);
  } catch (e) {
    deps.state = before;
    throw e;
  }
  await save(deps, {});
  return settled && (res.more || local.more) ? 'more' : 'done';
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

/**
 * The relay's session at the district ended (a JSON call answered 401): one sync
 * request pushing nothing, with the ended token, asks why, as only the sync route
 * tells a revoked account (`accessRevoked`) from an ended session. Revoked, the
 * link stops, said in the log; else the token is forgotten and the next run signs
 * in. Unanswered (the WAN), the next run asks again.
 */
async function sessionEnded(deps: UpstreamDeps): Promise<RunEnd> {
  const sent = await send(deps, []);
  if (typeof sent === 'object' && 'response' in sent) {
    // Taken here after all (a 401 from something between): the next run signs in afresh.
    await save(deps, { token: '' });
    return { offline: SESSION_ENDED };
  }
  return sent;
}

async function linkedRun(deps: UpstreamDeps): Promise<RunEnd> {
  const ready = await beforeExchange(deps);
  if (typeof ready === 'object' && ready?.offline === SESSION_ENDED) return sessionEnded(deps);
  if (ready !== null) return ready;
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
    if (end === 'stopped' && !stopped) {
      stopped = true;
      deps.refused?.();
    }
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
