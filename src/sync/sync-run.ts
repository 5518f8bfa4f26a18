import type { VerifyBytes } from '@doc/signature.ts';
import { loadVerifyBytes } from '@doc/verify-lazy.ts';
import type { DeviceId } from '@domain/ids.ts';
import { encodedSizeOfPushedUpdate, syncRequestOverhead } from '@protocol/frame-sizes.ts';
import {
  MAX_TAKEN_PER_REQUEST,
  NO_GENERATION,
  PAGE_BYTES,
  PROTOCOL_VERSION,
  type ErrorCode,
  type JoinRequest,
  type SyncResponse,
} from '@protocol/messages.ts';
import type { LogWatch, OutgoingUpdate, PulledReport, SyncPort } from '@storage/sync/sync-port.ts';
import { joinAfter, joinRequest } from './join.ts';
import { learnConfirmation, learnKeys } from './device-keys-fetch.ts';
import { checkTreeHead, tierOf, type LogAlarm } from '@doc/log-check.ts';
import { vouchedTier } from './relay-vouch-fetch.ts';
import { askDirectoryWhenDue, type DirectorySchedule } from './directory-fetch.ts';
import type { SyncStatusStore } from './status.ts';
import { exchange, type SyncTransportDeps } from './transport.ts';

/**
 * One sync: page through push-and-pull exchanges until the server has nothing
 * more past our cursor and the outbox is drained. Every page is applied to the
 * device store before the next is asked for, so a drop loses at most a page.
 */

export interface SyncRunDeps extends SyncTransportDeps {
  readonly port: SyncPort;
  readonly deviceId: DeviceId;
  readonly getToken: () => string | null;
  readonly status: SyncStatusStore;
  /** Request page budget; PAGE_BYTES unless a test wants smaller pages. */
  readonly pageBytes?: number;
  /** Called when the server has answered an exchange (the link works). */
  readonly onResponse?: () => void;
  /** The engine's schedule for the directory, asked for at the end of a synced run. */
  readonly directory?: DirectorySchedule;
  /**
   * The first request carries nothing of the outbox: this address was answered by
   * another office's relay lately (own-address.ts), which would take the page only for
   * it to go again to the district. Answered here, the next requests carry it.
   */
  readonly probe?: boolean;
}

export type SyncOutcome =
  | {
      readonly kind: 'synced';
      readonly pages: number;
      readonly wireBytes: number;
      /**
       * Synced at the district's own address because this tablet's address is answered by
       * another office's relay (own-address.ts, decision 0017).
       */
      readonly viaDistrict?: 'otherOfficeRelay';
    }
  | {
      readonly kind: 'signedOut';
      readonly detail: string;
      /**
       * The refused session was provisional (an office relay signed it in without the
       * district, decision 0011): the server answering does not know it (the district,
       * decision 0015), or the relay ended it. The person must sign in again.
       */
      readonly provisional?: true;
      /**
       * The server said the session is a live one of another office's person (an office
       * relay's 401 `otherOffice`, decision 0017 amendment 2). At the tablet's own address
       * the sync goes to the district's instead (own-address.ts); anywhere else it is read
       * as any 401.
       */
      readonly otherOffice?: true;
    }
  /**
   * An administrator revoked the signed-in person's access on this device: their data
   * here was wiped (SyncPort.accessRevoked) and they are signed out.
   */
  | { readonly kind: 'accessRevoked'; readonly detail: string }
  | {
      readonly kind: 'versionMismatch';
      readonly code: 'clientTooOld' | 'serverTooOld';
      readonly detail: string;
    }
  | {
      readonly kind: 'failed';
      /**
       * `otherOfficeRelay`: this address is answered by the office relay of another
       * office than the signed-in person's, vouched for by the district (decision 0017).
       */
      readonly error: ErrorCode | 'network' | 'server' | 'otherOfficeRelay';
      readonly detail: string;
      /** The server asked not to be tried again before this long (429 Retry-After). */
      readonly retryAfterMs?: number;
      /** The own address never answered (own-address.ts; Local Network Access may be why). */
      readonly homeUnreachable?: true;
    }
  /**
   * The server's log did not only grow (@doc/log-check.ts): nothing of the response
   * was applied; the outbox and the kept head stay as they were.
   */
  | { readonly kind: 'logAlarm'; readonly alarm: LogAlarm };

interface ClockSample {
  readonly rtt: number;
  readonly offset: number;
}

export async function runSync(deps: SyncRunDeps, signal?: AbortSignal): Promise<SyncOutcome> {
  const { port } = deps;
  let startCursor = await port.cursor();
  let best: ClockSample | null = null;
  let pages = 0;
  let wireBytes = 0;
  let wiped = false;
  let keysAsked = false;
  // Refusals made later heard in this run: a relay that sends one again is not moving on.
  const laterHeard = new Set<number>();
  let watch: LogWatch = (await port.logWatch?.()) ?? { key: null, head: null };
  let kept = watch.head;
  // Another tier answered once in this run (decision 0015); a second change is not followed.
  let switched = false;
  // The pure signature check is fetched (verify-lazy.ts) only by a session that checks heads.
  const verify = watch.key === null ? refuseAll : await loadVerifyBytes();
  // The first request asks without the outbox; the rest go once this address has answered.
  let probing = deps.probe === true;
  for (;;) {
    const token = deps.getToken();
    if (token === null) return { kind: 'signedOut', detail: 'no session' };
    // A directory widened this person's scope (a transfer): pulled again from the start.
    if ((await port.pullAgain?.()) === true) startCursor = 0;
    const cursor = await port.cursor();
    const generation = (await port.generation?.()) ?? NO_GENERATION;
    const joinState = (await port.joinState?.()) ?? null;
    const join = port.joinState === undefined ? undefined : joinRequest(joinState, cursor);
    // One answer tells no more than the cap; any rest go in the next request.
    const taken = ((await port.takenLater?.()) ?? []).slice(0, MAX_TAKEN_PER_REQUEST);
    const updates = probing ? [] : await takePage(deps, cursor, generation, join, taken);
    const request = {
      type: 'syncRequest',
      protocol: PROTOCOL_VERSION,
      deviceId: deps.deviceId,
      cursor,
      generation,
      logSize: kept?.size ?? 0,
      updates,
      ...(join === undefined ? {} : { join }),
      taken,
    } as const;
    const outcome = await exchange(deps, token, request, signal);
    switch (outcome.kind) {
      case 'unauthenticated': {
        // Confirmed since or not, a provisional sign-in's token is the relay's own.
        const provisional =
          (await port.relayToken?.()) ?? ((await port.provisionalKey?.()) ?? null) !== null;
        return {
          kind: 'signedOut',
          detail: outcome.detail,
          ...(provisional ? { provisional: true as const } : {}),
          ...(outcome.otherOffice === true ? { otherOffice: true as const } : {}),
        };
      }
      case 'accessRevoked':
        await port.accessRevoked?.(token);
        return outcome;
      case 'versionMismatch':
        return outcome;
      case 'refused':
        return {
          kind: 'failed',
          error: outcome.code,
          detail: outcome.detail,
          ...(outcome.retryAfterMs === undefined ? {} : { retryAfterMs: outcome.retryAfterMs }),
        };
      case 'failed':
        return outcome;
      case 'response':
        deps.onResponse?.();
        // The server read the request: it has stopped sending the refusals named in it.
        if (taken.length > 0) await port.forgetTaken?.(taken);
        break;
    }
    pages++;
    wireBytes += outcome.wireBytes;
    const res = outcome.response;
    // Before anything of the response is applied (a rewritten log may carry a wipe too).
    const log = checkTreeHead(kept, res, watch.key, verify);
    const unknownSigner = !log.ok && log.alarm === 'headSignature' && port.switchTier !== undefined;
    let tier = unknownSigner ? tierOf(res, watch.others ?? [], verify) : null;
    if (tier === null && unknownSigner && !switched && res.treeHead !== undefined) {
      // A relay this tablet never signed in at (it knew only the district): taken when
      // the district vouched for its key (decision 0017).
      const vouched = await vouchedTier(deps, res.treeHead, verify, signal);
      if (vouched !== null && 'error' in vouched) return { kind: 'failed', ...vouched };
      tier = vouched;
    }
    if (tier !== null && port.switchTier !== undefined) {
      // Another tier this tablet knows answered (the office relay or its district, decision
      // 0015). Nothing of this answer is applied: it was paged from the other tier's cursor.
      // The same outbox goes again with this tier's cursor; what this answer acknowledged is
      // acknowledged again (the server stores an update it holds already as nothing new).
      if (switched)
        return { kind: 'failed', error: 'server', detail: 'the answering tier changed twice' };
      switched = true;
      await port.switchTier(tier);
      watch = (await port.logWatch?.()) ?? watch;
      kept = watch.head;
      startCursor = await port.cursor();
      continue;
    }
    if (!log.ok) {
      await port.raiseLogAlarm?.(log.alarm, res.serverTime);
      return { kind: 'logAlarm', alarm: log.alarm };
    }
    if (log.head !== null) {
      await port.keepTreeHead?.(log.head);
      kept = log.head;
    }
    if (await followGeneration(port, generation, res.generation ?? NO_GENERATION)) {
      // The server's data was reset: this response was for the old data; start again from 0.
      if (wiped)
        return { kind: 'failed', error: 'server', detail: 'data generation changed twice' };
      wiped = true;
      startCursor = 0;
      continue;
    }
    const tiers = res.refusals.length > 0 && ((await port.waitsForTier?.()) ?? false);
    const { answered, pulled } = await applyResponse(port, res, updates, cursor, tiers);
    const desk = join?.phase === 'desk' && res.join?.phase === 'desk';
    if (join !== undefined) {
      const next = joinAfter(joinState, join, res, outcome.receivedAt - outcome.sentAt);
      await port.saveJoinState?.(next);
    }
    if (!keysAsked && (pulled?.unknownKeys === true || (await port.heldForKeys?.()) === true)) {
      keysAsked = true;
      await learnKeys(deps, token, signal);
    }
    best = await keepBestClockSample(
      port,
      best,
      outcome.sentAt,
      outcome.receivedAt,
      res.serverTime,
    );
    reportProgress(deps.status, res, startCursor);
    // An office relay says more while refusals made later wait past this page: the
    // next request names these as taken and brings the next ones (tell-refusals.ts).
    const laterNew = newLaterRefusals(res, laterHeard);
    // A desk page leaves the cursor where it was (the rest follows by cursor).
    if (!desk && res.more && res.cursor <= cursor && answered === 0 && laterNew === 0) {
      return {
        kind: 'failed',
        error: 'server',
        detail: 'server said more but the cursor did not move',
      };
    }
    const sending = probing || (updates.length > 0 && answered > 0);
    probing = false;
    const outboxLeft = sending && (await port.pendingCount()) > 0;
    if (!res.more && !outboxLeft) {
      await learnConfirmation(deps, token, signal);
      askDirectoryWhenDue(deps, token);
      return { kind: 'synced', pages, wireBytes };
    }
  }
}

/**
 * Keeps the device in the server's data generation. A device that never learnt
 * one adopts it; one whose generation differs (a trainer reset the demo) wipes
 * its record data. Returns true when it wiped.
 */
async function followGeneration(port: SyncPort, mine: number, server: number): Promise<boolean> {
  if (server === NO_GENERATION || server === mine || port.startGeneration === undefined)
    return false;
  const wipe = mine !== NO_GENERATION;
  await port.startGeneration(server, wipe);
  return wipe;
}

/** Outbox rows for one request, trimmed so the encoded frame fits the page (at least one row). */
async function takePage(
  deps: SyncRunDeps,
  cursor: number,
  generation: number,
  join: JoinRequest | undefined,
  taken: readonly number[],
): Promise<readonly OutgoingUpdate[]> {
  const page = deps.pageBytes ?? PAGE_BYTES;
  // The log size is at most a few bytes; counted at its largest.
  const overhead = syncRequestOverhead(
    deps.deviceId,
    cursor,
    1_000_000,
    generation,
    2 ** 40,
    join,
    taken,
  );
  const outgoing = await deps.port.takeOutgoing(Math.max(1, page - overhead));
  let size = overhead;
  const fits: OutgoingUpdate[] = [];
  for (const u of outgoing) {
    size += encodedSizeOfPushedUpdate(u);
    if (fits.length > 0 && size > page) break;
    fits.push(u);
  }
  return fits;
}

/** Counts the response's refusals made later not heard before in this run, and notes them. */
function newLaterRefusals(res: SyncResponse, heard: Set<number>): number {
  let fresh = 0;
  for (const r of res.refusals) {
    if (r.later === undefined || heard.has(r.later.id)) continue;
    heard.add(r.later.id);
    fresh++;
  }
  return fresh;
}

/** Never called: without a log key checkTreeHead checks nothing. */
const refuseAll: VerifyBytes = () => false;

/**
 * Acks first (those rows are durable on the server) with the log entries of
 * what they carried, then refusals (quarantine and reset), then the server's
 * updates (with their entries) and cursor. Returns how many of our
 * pushed refs the server answered, and what checking the pulled updates found.
 */
async function applyResponse(
  port: SyncPort,
  res: SyncResponse,
  pushed: readonly OutgoingUpdate[],
  cursor: number,
  /** This tablet changed tier lately (decision 0015): missingDependencies waits. */
  tiers = false,
): Promise<{ answered: number; pulled: PulledReport | undefined }> {
  const sent = new Map(pushed.map((u) => [u.ref, u]));
  const acks = res.acks.filter((ref) => sent.has(ref));
  if (acks.length > 0) await port.acknowledge(acks, res.logged);
  if (res.logged !== undefined && res.logged.length > 0) await port.saveLogged?.(res.logged);
  let refused = 0;
  for (const r of res.refusals) {
    if (r.later !== undefined) {
      // Acknowledged before, refused since by the district (an office relay forwarded it).
      await port.quarantineLater?.(r.later.id, r.recordId, r.reason, r.detail, r.later.change, {
        serverState: r.serverState,
        entries: r.entries ?? [],
      });
      continue;
    }
    if (sent.get(r.ref)?.recordId !== r.recordId) continue;
    // The server cannot read its copy: keep the change to send again once it is repaired.
    if (r.reason === 'recordDamaged') continue;
    // The tier answering lacks what this change builds on: the other tier took it and has
    // not passed it on yet (decision 0015). Kept to send again: once the relay has forwarded
    // it, or this tablet is back at the tier that has it, the change is taken.
    if (tiers && r.reason === 'missingDependencies') continue;
    await port.quarantine(r.ref, r.recordId, r.reason, r.detail, r.serverState, r.entries);
    refused++;
  }
  const pulled =
    res.updates.length > 0 || res.cursor !== cursor
      ? await port.applyIncoming(res.updates, res.cursor)
      : undefined;
  return { answered: acks.length + refused, pulled };
}

/**
 * The server's time is taken to be its response's time when the response arrives, never
 * the round trip's midpoint: a slow upload then makes the corrected clock fall behind by
 * the response's travel, never run ahead, so the device does not stamp times the server
 * refuses as clockAhead (src/doc/check-claims.ts). The shortest trip wins.
 */
async function keepBestClockSample(
  port: SyncPort,
  best: ClockSample | null,
  sentAt: number,
  receivedAt: number,
  serverTime: number,
): Promise<ClockSample> {
  const rtt = Math.max(0, receivedAt - sentAt);
  if (best !== null && best.rtt <= rtt) return best;
  const sample = { rtt, offset: Math.round(serverTime - receivedAt) };
  await port.saveClockOffset(sample.offset);
  return sample;
}

function reportProgress(status: SyncStatusStore, res: SyncResponse, startCursor: number): void {
  if (!res.more) {
    status.update({ progress: null });
    return;
  }
  const total = Math.max(0, res.headSeq - startCursor);
  status.update({
    progress: { done: Math.min(total, Math.max(0, res.cursor - startCursor)), total },
  });
}
