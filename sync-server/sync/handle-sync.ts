import { verifyBytes } from '@doc/signature.ts';
import type { SignatureRules, VerifyBytes } from '@doc/verify-signed.ts';
import type { Directory, Person } from '@domain/directory.ts';
import { findPerson } from '@domain/directory.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import {
  MAX_NEW_RECORDS_PER_REQUEST,
  MAX_UPDATE_BYTES,
  NO_GENERATION,
  PAGE_BYTES,
  PROTOCOL_VERSION,
} from '@protocol/messages.ts';
import type {
  PushedUpdate,
  Refusal,
  RefusalReason,
  SyncRequest,
  SyncResponse,
} from '@protocol/messages.ts';
import { authorCheck } from '../auth/author-keys.ts';
import type { AuthorCheck } from '../auth/author-keys.ts';
import { serverSignatureRules } from '../auth/device-keys.ts';
import type { CommitItem, Scope, ServerStorage } from '../storage/types.ts';
import { StaleGenerationError } from '../storage/types.ts';
import type { CommittedRecord } from './push-hub.ts';
import type { RecordRules } from './record-rules.ts';
import { needsAccessGrant, recordInScope, scopeOf } from './scope.ts';

/**
 * One sync exchange: validate each pushed update, commit the accepted ones in
 * one durable transaction, then page out what the device lacks. Acks are only
 * built after the commit returned, so "acknowledged" means "on disk".
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
}

export interface SyncOutcome {
  readonly response: SyncResponse;
  readonly committed: readonly CommittedRecord[];
  /** Highest seq written by this request (0 if none). */
  readonly committedHead: number;
}

interface RecordView {
  readonly state: Uint8Array;
  readonly office: OfficeId | null;
  readonly access: readonly PersonId[];
}

type Verdict =
  | { readonly ok: true; readonly item: CommitItem | null; readonly view: RecordView }
  | {
      readonly ok: false;
      readonly reason: RefusalReason;
      readonly detail: string;
      readonly serverState: Uint8Array;
    };

const EMPTY = new Uint8Array(0);
/** Fixed response bytes besides updates and refusals (header, counts, cursor, times). */
const RESPONSE_OVERHEAD = 64;

const refuse = (reason: RefusalReason, detail: string, serverState: Uint8Array): Verdict => ({
  ok: false,
  reason,
  detail,
  serverState,
});

async function loadView(storage: ServerStorage, recordId: RecordId): Promise<RecordView> {
  const office = await storage.recordOffice(recordId);
  if (office === null) return { state: EMPTY, office: null, access: [] };
  return {
    state: await storage.recordState(recordId),
    office,
    access: await storage.recordAccess(recordId),
  };
}

/** Newcomers outside the record's office force a resequenced snapshot (see CommitItem). */
function accessChange(
  view: RecordView,
  office: OfficeId,
  participants: readonly PersonId[],
  dir: Directory,
) {
  const access = [...new Set([...view.access, ...participants])].sort();
  const newcomers = participants.filter((p) => !view.access.includes(p));
  const resequence =
    view.office !== null &&
    newcomers.some((id) => {
      const p = findPerson(dir, id);
      return p !== undefined && needsAccessGrant(p, office);
    });
  return { access, resequence };
}

function judge(
  u: PushedUpdate,
  view: RecordView,
  person: Person,
  scope: Scope,
  deps: SyncDeps,
  authors: AuthorCheck & { readonly signatures: SignatureRules },
): Verdict {
  if (view.office !== null && !recordInScope(scope, view.office, view.access)) {
    // Never hand an out-of-scope record's content to the person who asked.
    return refuse('outOfScope', 'this record belongs to another office', EMPTY);
  }
  if (u.update.length > MAX_UPDATE_BYTES) {
    return refuse(
      'updateTooLarge',
      `update is ${u.update.length} bytes; the limit is ${MAX_UPDATE_BYTES}`,
      view.state,
    );
  }
  const checked = deps.rules.validate(
    view.state,
    u.update,
    // Others' changes (a shared tablet) count only when signed by their author's device key
    // (or, from tablets older than signing, attested with their key for this device).
    { actor: person.id, role: person.role, ...authors },
    u.recordId,
  );
  if (!checked.ok) return refuse(checked.reason, checked.detail, view.state);
  const { merged, meta, changed } = checked;
  if (meta.id !== u.recordId)
    return refuse('metaInvalid', 'meta.id does not match the record id', view.state);
  if (view.office === null && meta.office !== person.office) {
    return refuse(
      'outOfScope',
      `a new record must belong to your office (${person.office})`,
      EMPTY,
    );
  }
  if (!changed) return { ok: true, item: null, view };
  const folded = deps.rules.summarize(merged);
  const { access, resequence } = accessChange(
    view,
    meta.office,
    folded.participants,
    deps.directory,
  );
  const item: CommitItem = {
    recordId: u.recordId,
    office: meta.office,
    author: person.id,
    update: u.update,
    summary: folded.summary,
    access,
    resequence,
  };
  return { ok: true, item, view: { state: merged, office: meta.office, access } };
}

function refusalSize(r: Refusal): number {
  return 16 + r.recordId.length + r.detail.length + r.serverState.length;
}

/**
 * The device's records belong to a generation wiped by a reset: take none of its
 * pushes (they would leak the old class's work into the new one) and tell it the
 * generation, so it wipes and pulls again from cursor 0.
 */
async function otherGeneration(deps: SyncDeps, scope: Scope, generation: number) {
  const response: SyncResponse = {
    type: 'syncResponse',
    protocol: PROTOCOL_VERSION,
    acks: [],
    refusals: [],
    updates: [],
    cursor: 0,
    more: false,
    serverTime: deps.now(),
    headSeq: await deps.storage.headSeq(scope),
    generation,
  };
  return { response, committed: [], committedHead: 0 };
}

export async function handleSync(
  req: SyncRequest,
  person: Person,
  deps: SyncDeps,
): Promise<SyncOutcome> {
  const scope = scopeOf(person);
  const generation = await deps.storage.generation();
  const deviceGeneration = req.generation ?? NO_GENERATION;
  if (deviceGeneration !== NO_GENERATION && deviceGeneration !== generation)
    return otherGeneration(deps, scope, generation);
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
  const acks: number[] = [];
  const refusals: Refusal[] = [];
  let created = 0;
  for (const u of req.updates) {
    const view = views.get(u.recordId) ?? (await loadView(deps.storage, u.recordId));
    // Deferred, not refused: the device sends it again next exchange.
    if (view.office === null && created >= MAX_NEW_RECORDS_PER_REQUEST) continue;
    const verdict = judge(u, view, person, scope, deps, { ...authors, signatures });
    if (!verdict.ok) {
      refusals.push({ ref: u.ref, recordId: u.recordId, ...verdict });
      continue;
    }
    if (view.office === null) created++;
    views.set(u.recordId, verdict.view);
    // Tagged with the pushing device so its pages leave it out (see Puller).
    if (verdict.item !== null) items.push({ ...verdict.item, deviceId: req.deviceId });
    acks.push(u.ref);
  }
  let seqs: readonly number[] = [];
  try {
    if (items.length > 0) seqs = await deps.storage.commit(items, deps.now(), generation);
  } catch (e) {
    // A reset from the command line ran while this request was being judged.
    if (e instanceof StaleGenerationError) return otherGeneration(deps, scope, e.actual);
    throw e;
  }
  const committed = items.map((i) => ({
    recordId: i.recordId,
    office: i.office,
    access: i.access,
  }));
  const budget = PAGE_BYTES - RESPONSE_OVERHEAD - refusals.reduce((n, r) => n + refusalSize(r), 0);
  const puller = { deviceId: req.deviceId, person: person.id };
  const page = await deps.storage.updatesSince(req.cursor, scope, Math.max(budget, 1), puller);
  const response: SyncResponse = {
    type: 'syncResponse',
    protocol: PROTOCOL_VERSION,
    acks,
    refusals,
    updates: page.updates,
    // The last seq scanned, past own rows left out, so an idle sync after a push reaches the head.
    cursor: page.cursor,
    more: page.more,
    serverTime: deps.now(),
    headSeq: await deps.storage.headSeq(scope),
    generation,
  };
  return { response, committed, committedHead: Math.max(0, ...seqs) };
}
