import { verifyBytes } from '@doc/verify-bytes.ts';
import type { Person } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import { MAX_NEW_RECORDS_PER_REQUEST, PAGE_BYTES } from '@protocol/messages.ts';
import type { PushedUpdate, Refusal, SyncRequest } from '@protocol/messages.ts';
import type { CommitItem, Scope } from '../storage/types.ts';
import { RecordConflictError } from '../storage/types.ts';
import { nextContact } from './device-contact.ts';
import { isRelayScope } from './relay-authors.ts';
import type { SyncDeps } from './sync-deps.ts';
import {
  EMPTY,
  judge,
  loadView,
  numbersTaken,
  numberRepeated,
  pushChecks,
  refuse,
  type PushKeys,
  type RecordView,
  type Refused,
  type Verdict,
} from './judge-update.ts';
import { receiptOf, type Receipt } from './sync-log.ts';
import { inRequestRow, namingRefusals, withHolders, type Naming } from './judge-links.ts';
import type { RecordRow } from '@domain/projection.ts';

/**
 * The push half of a sync exchange: judge each pushed update (judge-update.ts;
 * in worker threads when the server has a pool, judge-pool.ts) and commit the
 * accepted ones in one durable transaction. It runs holding the device and the
 * records it pushes (keyed-locks.ts), so one server does not judge a record twice
 * at once, while exchanges about other records go on. What makes it correct across
 * server instances is the storage's compare-and-commit
 * (docs/decisions/0007-storage-contract.md): each item carries the record head it
 * was judged against; when another commit moved a record (or took a new record's
 * number) first, the commit writes nothing and the request is judged again.
 */

/** Rounds of judging before a request whose records keep moving fails (the device retries). */
export const MAX_JUDGE_ROUNDS = 5;

const DAMAGED_DETAIL =
  'the server’s stored copy of this record is damaged; nothing was stored, the change waits ' +
  'on the tablet until an administrator repairs the record (npm run admin -- repair-record)';

export interface Pushed {
  readonly acked: readonly PushedUpdate[];
  readonly refusals: readonly Refusal[];
  readonly items: readonly CommitItem[];
  readonly seqs: readonly number[];
}

/** Refusals share the response's page budget with what it carries besides. */
export function refusalSize(r: Refusal): number {
  const entries = (r.entries?.length ?? 0) * ENTRY_BYTES;
  return 16 + r.recordId.length + r.detail.length + r.serverState.length + entries;
}
/** Bytes of a log entry on the wire, at most (log-codec.ts), for the page budget. */
export const ENTRY_BYTES = 32;

interface Accepted {
  readonly update: PushedUpdate;
  readonly item: CommitItem | null;
  readonly created: boolean;
}

async function pushKeys(deps: SyncDeps, req: SyncRequest, scope: Scope): Promise<PushKeys> {
  const any = req.updates.length > 0;
  return {
    deviceKeys: any ? await deps.storage.deviceKeys() : [],
    // A relay vouches for nothing: every item it forwards must carry its author's signature.
    requireSignatures: (deps.requireSignatures ?? false) || isRelayScope(scope),
  };
}

/** Judges in the pool when the server has one, else on this thread (tests' own rules). */
function judgeWith(deps: SyncDeps, person: Person, scope: Scope, keys: PushKeys, receipt: Receipt) {
  if (deps.judges !== undefined) {
    const pool = deps.judges;
    return (update: PushedUpdate, view: RecordView) =>
      pool.judge({ update, view, person, scope, receipt, keys, relayOffice: deps.relayOffice });
  }
  const checks = pushChecks(keys, person, deps.directory, deps.verify ?? verifyBytes);
  return async (update: PushedUpdate, view: RecordView) =>
    judge(update, view, person, scope, deps, checks, receipt);
}

/**
 * Judge and commit the request's updates; a reset since the request began throws
 * StaleGenerationError. Judged again from fresh reads while the commit meets a
 * record that moved on.
 */
export async function judgeAndCommit(
  req: SyncRequest,
  person: Person,
  scope: Scope,
  generation: number,
  deps: SyncDeps,
): Promise<Pushed> {
  for (let round = 1; ; round++) {
    try {
      return await judgeOnce(req, person, scope, generation, deps);
    } catch (e) {
      if (!(e instanceof RecordConflictError) || round >= MAX_JUDGE_ROUNDS) throw e;
    }
  }
}

async function judgeOnce(
  req: SyncRequest,
  person: Person,
  scope: Scope,
  generation: number,
  deps: SyncDeps,
): Promise<Pushed> {
  const receipt = await receiptOf(deps, req.deviceId);
  const judgeOne = judgeWith(deps, person, scope, await pushKeys(deps, req, scope), receipt);
  const views = new Map<RecordId, RecordView>();
  /** Each record's head as read before its state: what its items are committed against. */
  const heads = new Map<RecordId, number>();
  const accepted: Accepted[] = [];
  const refusals: Refusal[] = [];
  let created = 0;
  /** Numbers of the records this request creates, by office: they are not stored yet. */
  const numbered = new Set<string>();
  /**
   * Records refused so far (answered or waiting): a refusal carries the record's
   * whole state, so each record is refused at most once per response (issue 15).
   */
  const refused = new Set<RecordId>();
  let refusedBytes = 0;
  /** Rows of the records this request accepted: files its other updates may name. */
  const rows = new Map<RecordId, RecordRow>();
  /** Accepted updates with events naming another file, checked once all are judged. */
  const namings: Naming[] = [];
  const pageBytes = deps.pageBytes ?? PAGE_BYTES;
  const addRefusal = (u: PushedUpdate, verdict: Refused) => {
    const refusal = { ref: u.ref, recordId: u.recordId, ...verdict };
    // Refusals share the response's page: past it they wait for the next exchange
    // (the first always goes, however large its record).
    refused.add(u.recordId);
    if (refusals.length > 0 && refusedBytes + refusalSize(refusal) > pageBytes) return;
    refusedBytes += refusalSize(refusal);
    refusals.push(refusal);
  };
  for (const u of req.updates) {
    // Deferred, not refused: the device sends it again next exchange. A device merges
    // its changes to a record into one update, so only a forged request repeats one here.
    if (refused.has(u.recordId)) continue;
    let view: RecordView;
    let verdict: Verdict;
    try {
      if (!heads.has(u.recordId)) heads.set(u.recordId, await deps.storage.recordHead(u.recordId));
      view = views.get(u.recordId) ?? (await loadView(deps.storage, u.recordId));
      if (view.office === null && created >= MAX_NEW_RECORDS_PER_REQUEST) continue;
      verdict = await judgeOne(u, view);
      if (verdict.ok && view.office === null) verdict = numberRepeated(verdict, numbered);
    } catch (e) {
      // One record's damaged stored rows fail only that record, never the request (issue 15).
      deps.onDamaged?.(u.recordId, e);
      view = { state: EMPTY, office: null, access: [], restricted: false, log: [] };
      verdict = refuse('recordDamaged', DAMAGED_DETAIL, EMPTY);
    }
    if (!verdict.ok) {
      addRefusal(u, verdict);
      continue;
    }
    if (view.office === null) created++;
    views.set(u.recordId, verdict.view);
    const row = withHolders(inRequestRow(verdict.item?.summary, scope), verdict.heldBy);
    if (row !== null) rows.set(u.recordId, row);
    if (verdict.named !== undefined)
      namings.push({
        recordId: u.recordId,
        named: verdict.named,
        conflicts: verdict.namedConflicts ?? new Set(),
        serverState: view.state,
      });
    accepted.push({ update: u, item: verdict.item, created: view.office === null });
  }
  const pushedBytes = req.updates.reduce((n, u) => n + u.update.length, 0);
  const contact = nextContact(req.deviceId, receipt.at, pushedBytes, receipt.notBefore);
  const taken = await numbersTaken(deps.storage, accepted);
  for (const [id, verdict] of await namingRefusals(deps, scope, namings, rows))
    if (!taken.has(id)) taken.set(id, verdict);
  for (const [recordId, verdict] of taken) {
    const first = accepted.find((a) => a.update.recordId === recordId);
    if (first !== undefined) addRefusal(first.update, verdict);
  }
  const kept = accepted.filter((a) => !taken.has(a.update.recordId));
  // Tagged with the pushing device so its pages leave it out (see Puller), and with
  // the head it was judged against so a commit that moved the record first wins.
  const items = kept.flatMap((a) =>
    a.item === null
      ? []
      : [
          {
            ...(deps.registerAtDistrict === true ? unnumbered(a.item) : a.item),
            deviceId: req.deviceId,
            expectedHead: heads.get(a.update.recordId) ?? 0,
          },
        ],
  );
  const seqs =
    items.length > 0 ? await deps.storage.commit(items, receipt.at, generation, contact) : [];
  deps.contacts.set(contact);
  return { acked: kept.map((a) => a.update), refusals, items, seqs };
}

/** At an office relay: the item's entries take no register serial (the district gives it). */
function unnumbered(item: CommitItem): CommitItem {
  if (item.entries === undefined) return item;
  return { ...item, entries: item.entries.map(({ registerIn: _district, ...e }) => e) };
}
