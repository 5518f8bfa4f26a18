import { verifyBytes } from '@doc/signature.ts';
import type { VerifyBytes } from '@doc/verify-signed.ts';
import type { Directory, Person } from '@domain/directory.ts';
import type { RecordId } from '@domain/ids.ts';
import {
  LOG_PROTOCOL,
  MAX_NEW_RECORDS_PER_REQUEST,
  NO_GENERATION,
  PAGE_BYTES,
  PROTOCOL_VERSION,
  reasonFor,
  TREE_HEAD_PROTOCOL,
} from '@protocol/messages.ts';
import type { PushedUpdate, Refusal, SyncRequest, SyncResponse } from '@protocol/messages.ts';
import { authorCheck } from '../auth/author-keys.ts';
import { serverSignatureRules } from '../auth/device-keys.ts';
import type { CommitItem, Scope, ServerStorage } from '../storage/types.ts';
import { StaleGenerationError } from '../storage/types.ts';
import { nextContact, type ContactBook } from './device-contact.ts';
import { loggedOf, receiptOf, withEntries } from './sync-log.ts';
import type { CommittedRecord } from './push-hub.ts';
import type { RecordRules } from './record-rules.ts';
import { scopeOf } from './scope.ts';
import type { TreeHeads } from './tree-heads.ts';
import {
  EMPTY,
  judge,
  loadView,
  numberFree,
  refuse,
  type RecordView,
  type Verdict,
} from './judge-update.ts';

/**
 * One sync exchange: judge each pushed update (judge-update.ts), commit the accepted ones in
 * one durable transaction, then page out what the device lacks. Acks are only
 * built after the commit returned, so "acknowledged" means "on disk". Each
 * accepted event enters the server's log (docs/decisions/0002-record-order.md)
 * after what it builds on; the response tells the device the entries of what
 * it pushed and of what it pulls.
 */

export interface SyncDeps {
  readonly storage: ServerStorage;
  readonly rules: RecordRules;
  readonly directory: Directory;
  readonly now: () => number;
  /** Refuse unsigned events and meta (the end of the signing transition). */
  readonly requireSignatures?: boolean;
  /** The signature primitive (node:crypto on the server); the pure one when absent. */
  readonly verify?: VerifyBytes;
  readonly contacts: ContactBook;
  /** Response page budget; PAGE_BYTES unless a test wants smaller pages. */
  readonly pageBytes?: number;
  /** The Merkle log's signed heads (protocol 5 responses carry one); none when absent. */
  readonly heads?: TreeHeads;
  /** Told of a record whose stored rows cannot be read (logged; the request goes on). */
  readonly onDamaged?: (recordId: RecordId, error: unknown) => void;
}

const DAMAGED_DETAIL =
  'the server’s stored copy of this record is damaged; nothing was stored, the change waits ' +
  'on the tablet until an administrator repairs the record (npm run admin -- repair-record)';

export interface SyncOutcome {
  readonly response: SyncResponse;
  readonly committed: readonly CommittedRecord[];
  /** Highest seq written by this request (0 if none). */
  readonly committedHead: number;
}

/** Fixed response bytes besides updates and refusals (header, counts, cursor, times). */
const RESPONSE_OVERHEAD = 64;
/** Bytes of a log entry on the wire, at most (log-codec.ts), for the page budget. */
const ENTRY_BYTES = 32;

function refusalSize(r: Refusal): number {
  const entries = (r.entries?.length ?? 0) * ENTRY_BYTES;
  return 16 + r.recordId.length + r.detail.length + r.serverState.length + entries;
}

/**
 * The signed tree head and the proof from the device's size (protocol 5, with heads),
 * read after this exchange's commit so the head includes what it accepted.
 */
async function logProof(deps: SyncDeps, req: SyncRequest, protocol: number) {
  if (protocol < TREE_HEAD_PROTOCOL || deps.heads === undefined) return {};
  return deps.heads.forDevice(req.logSize ?? 0);
}

/** Bytes of a tree head and its proof on the wire, at most, for the page budget. */
const headSize = (log: { readonly consistency?: readonly Uint8Array[] }): number =>
  log.consistency === undefined ? 0 : 128 + 33 * log.consistency.length;

/**
 * The device's records belong to a generation wiped by a reset: take none of its
 * pushes (they would leak the old class's work into the new one) and tell it the
 * generation, so it wipes and pulls again from cursor 0.
 */
async function otherGeneration(
  deps: SyncDeps,
  req: SyncRequest,
  scope: Scope,
  generation: number,
  protocol: number,
) {
  const response: SyncResponse = {
    type: 'syncResponse',
    protocol,
    acks: [],
    refusals: [],
    updates: [],
    cursor: 0,
    more: false,
    serverTime: deps.now(),
    headSeq: await deps.storage.headSeq(scope),
    generation,
    ...(await logProof(deps, req, protocol)),
  };
  return { response, committed: [], committedHead: 0 };
}

export async function handleSync(
  req: SyncRequest,
  person: Person,
  deps: SyncDeps,
): Promise<SyncOutcome> {
  const scope = scopeOf(person);
  // A protocol-2 device is answered in its own layout, without log entries.
  const protocol = Math.min(req.protocol, PROTOCOL_VERSION);
  const withLog = protocol >= LOG_PROTOCOL;
  const generation = await deps.storage.generation();
  const deviceGeneration = req.generation ?? NO_GENERATION;
  if (deviceGeneration !== NO_GENERATION && deviceGeneration !== generation)
    return otherGeneration(deps, req, scope, generation, protocol);
  const receipt = await receiptOf(deps, req.deviceId);
  const views = new Map<RecordId, RecordView>();
  const keys = req.updates.length > 0 ? await deps.storage.authorKeysOfDevice(req.deviceId) : null;
  const authors = authorCheck(keys ?? new Map(), deps.directory);
  const signatures = serverSignatureRules(
    req.updates.length > 0 ? await deps.storage.deviceKeys() : [],
    person.id,
    { requireSignatures: deps.requireSignatures ?? false, attested: authors.authorOk },
    deps.verify ?? verifyBytes,
  );
  const items: CommitItem[] = [];
  const acked: PushedUpdate[] = [];
  let refusals: Refusal[] = [];
  let created = 0;
  /** Numbers of the records this request creates, by office: they are not stored yet. */
  const numbered = new Set<string>();
  /**
   * Records refused so far (answered or waiting): a refusal carries the record's
   * whole state, so each record is refused at most once per response (issue 15).
   */
  const refused = new Set<RecordId>();
  let refusedBytes = 0;
  const pageBytes = deps.pageBytes ?? PAGE_BYTES;
  for (const u of req.updates) {
    // Deferred, not refused: the device sends it again next exchange. A device merges
    // its changes to a record into one update, so only a forged request repeats one here.
    if (refused.has(u.recordId)) continue;
    let view: RecordView;
    let verdict: Verdict;
    try {
      view = views.get(u.recordId) ?? (await loadView(deps.storage, u.recordId));
      if (view.office === null && created >= MAX_NEW_RECORDS_PER_REQUEST) continue;
      verdict = judge(u, view, person, scope, deps, { ...authors, signatures }, receipt);
      if (verdict.ok && view.office === null) verdict = await numberFree(verdict, deps, numbered);
    } catch (e) {
      // One record's damaged stored rows fail only that record, never the request (issue 15).
      deps.onDamaged?.(u.recordId, e);
      // Devices before protocol 5 cannot name it: they would quarantine and reset the
      // record to nothing. Unanswered, they keep the change and send it again.
      if (protocol < 5) continue;
      view = { state: EMPTY, office: null, access: [], log: [] };
      verdict = refuse('recordDamaged', DAMAGED_DETAIL, EMPTY);
    }
    if (!verdict.ok) {
      const refusal = { ref: u.ref, recordId: u.recordId, ...verdict };
      // Refusals share the response's page: past it they wait for the next exchange
      // (the first always goes, however large its record).
      refused.add(u.recordId);
      if (refusals.length > 0 && refusedBytes + refusalSize(refusal) > pageBytes) continue;
      refusedBytes += refusalSize(refusal);
      refusals.push({ ...refusal, reason: reasonFor(verdict.reason, protocol) });
      continue;
    }
    if (view.office === null) created++;
    views.set(u.recordId, verdict.view);
    // Tagged with the pushing device so its pages leave it out (see Puller).
    if (verdict.item !== null) items.push({ ...verdict.item, deviceId: req.deviceId });
    acked.push(u);
  }
  const pushedBytes = req.updates.reduce((n, u) => n + u.update.length, 0);
  const contact = nextContact(req.deviceId, receipt.at, pushedBytes, receipt.notBefore);
  let seqs: readonly number[] = [];
  try {
    if (items.length > 0) seqs = await deps.storage.commit(items, receipt.at, generation, contact);
  } catch (e) {
    // A reset from the command line ran while this request was being judged.
    if (e instanceof StaleGenerationError)
      return otherGeneration(deps, req, scope, e.actual, protocol);
    throw e;
  }
  deps.contacts.set(contact);
  const logged = withLog ? await loggedOf(deps.storage, acked) : [];
  if (withLog) refusals = await withEntries(deps.storage, refusals);
  const committed = items.map((i) => ({
    recordId: i.recordId,
    office: i.office,
    access: i.access,
  }));
  const log = await logProof(deps, req, protocol);
  const budget =
    pageBytes -
    RESPONSE_OVERHEAD -
    headSize(log) -
    refusals.reduce((n, r) => n + refusalSize(r), 0);
  // From cursor 0 (a new device, or one updated to the logged protocol) nothing is left
  // out: a device that pulls everything again needs the entries of its own pushes too.
  const puller = req.cursor > 0 ? { deviceId: req.deviceId, person: person.id } : undefined;
  const page = await deps.storage.updatesSince(req.cursor, scope, Math.max(budget, 1), puller);
  const response: SyncResponse = {
    type: 'syncResponse',
    protocol,
    acks: acked.map((u) => u.ref),
    ...(withLog ? { logged } : {}),
    refusals,
    updates: page.updates,
    // The last seq scanned, past own rows left out, so an idle sync after a push reaches the head.
    cursor: page.cursor,
    more: page.more,
    serverTime: deps.now(),
    headSeq: await deps.storage.headSeq(scope),
    generation,
    ...log,
  };
  return { response, committed, committedHead: Math.max(0, ...seqs) };
}
