import { itemHash } from '@doc/signature.ts';
import type { SignatureRules, VerifyBytes } from '@doc/verify-signed.ts';
import type { Directory, Person } from '@domain/directory.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import { isRestricted } from '@domain/grades.ts';
import { keepsRunningRegister, registerYear } from '@domain/running-register.ts';
import type { RecordEvent } from '@domain/events.ts';
import { heldOrSentTo, namesAnotherFile, type NamingEvent } from '@domain/file-links.ts';
import type { OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import { causalOrder, logOf, type LogEntry } from '@domain/record-log.ts';
import { MAX_UPDATE_BYTES } from '@protocol/messages.ts';
import type { PushedUpdate, RefusalReason } from '@protocol/messages.ts';
import { authorCheck, type AuthorCheck } from '../auth/author-keys.ts';
import { serverSignatureRules } from '../auth/device-keys.ts';
import type {
  CommitItem,
  NewLogEntry,
  Scope,
  ServerStorage,
  StoredDeviceKey,
} from '../storage/types.ts';
import type { Receipt } from './sync-log.ts';
import type { Checked, RecordRules } from './record-rules.ts';
import { foldedProblem } from './folded-problem.ts';
import { onlyOfficeWork, relayAuthorProblem } from './relay-authors.ts';
import { needsAccessGrant, recordInScope } from './scope.ts';

/**
 * Judging one pushed update against the server's view of its record: scope,
 * size, the document rules (src/doc), the new record's office and number, and
 * what committing it would store (its log entries, projection row and grants).
 * handle-sync.ts runs this for each update of a request, then commits.
 */

export interface RecordView {
  readonly state: Uint8Array;
  readonly office: OfficeId | null;
  readonly access: readonly PersonId[];
  /** Confidential or secret as stored: only its access list receives it (issue 17). */
  readonly restricted: boolean;
  /** The record's log, with this request's accepted entries at provisional positions. */
  readonly log: readonly LogEntry[];
}

export type Verdict =
  | {
      readonly ok: true;
      readonly item: CommitItem | null;
      readonly view: RecordView;
      /** The update's new events naming another file, checked against it (judge-links.ts). */
      readonly named?: readonly NamingEvent[];
      /** Those of them the fold keeps as conflicts (they change nothing of the record). */
      readonly namedConflicts?: ReadonlySet<string>;
      /** Who held the record or was sent it, after the update (file-links.ts heldOrSentTo). */
      readonly heldBy?: readonly PersonId[];
    }
  | {
      readonly ok: false;
      readonly reason: RefusalReason;
      readonly detail: string;
      readonly serverState: Uint8Array;
    };

export const EMPTY = new Uint8Array(0);

export type Refused = Extract<Verdict, { readonly ok: false }>;

export const refuse = (
  reason: RefusalReason,
  detail: string,
  serverState: Uint8Array,
): Refused => ({
  ok: false,
  reason,
  detail,
  serverState,
});

export async function loadView(storage: ServerStorage, recordId: RecordId): Promise<RecordView> {
  const quarantined = await storage.quarantinedRecord(recordId);
  if (quarantined !== null) throw new Error(`record quarantined: ${quarantined.reason}`);
  const office = await storage.recordOffice(recordId);
  if (office === null)
    return { state: EMPTY, office: null, access: [], restricted: false, log: [] };
  return {
    state: await storage.recordState(recordId),
    office,
    access: await storage.recordAccess(recordId),
    restricted: isRestricted(await storage.recordGrade(recordId)),
    log: await storage.recordLog(recordId),
  };
}

/**
 * Newcomers who did not receive the record before force a resequenced snapshot
 * (see CommitItem), so their devices get all of it whatever their cursor: those
 * outside its office, and anyone newly on a restricted record's list. Lowering a
 * restricted record to normal does the same for its whole office.
 */
function accessChange(
  view: RecordView,
  office: OfficeId,
  participants: readonly PersonId[],
  restricted: boolean,
  dir: Directory,
) {
  const access = [...new Set([...view.access, ...participants])].sort();
  const newcomers = participants.filter((p) => !view.access.includes(p));
  const resequence =
    view.office !== null &&
    ((view.restricted && !restricted) ||
      (restricted && newcomers.length > 0) ||
      newcomers.some((id) => {
        const p = findPerson(dir, id);
        return p !== undefined && needsAccessGrant(p, office);
      }));
  return { access, resequence };
}

/** How a push's items prove their authors: device signatures (HMAC attestations no longer do). */
export type PushChecks = AuthorCheck & { readonly signatures: SignatureRules };

/** What the pushing device's session may vouch for (see serverSignatureRules). */
export interface PushKeys {
  readonly deviceKeys: readonly StoredDeviceKey[];
  readonly requireSignatures: boolean;
}

export function pushChecks(
  keys: PushKeys,
  person: Person,
  directory: Directory,
  verify: VerifyBytes,
): PushChecks {
  const authors = authorCheck(directory);
  const signatures = serverSignatureRules(
    keys.deviceKeys,
    person.id,
    keys.requireSignatures,
    verify,
  );
  return { ...authors, signatures };
}

export function judge(
  u: PushedUpdate,
  view: RecordView,
  person: Person,
  scope: Scope,
  deps: {
    readonly rules: RecordRules;
    readonly directory: Directory;
    /** At an office relay: its office, whose people's work alone it takes (relay-authors.ts). */
    readonly relayOffice?: OfficeId | undefined;
  },
  authors: PushChecks,
  receipt: Receipt,
): Verdict {
  const { office, access, restricted } = view;
  if (office !== null && !recordInScope(scope, { office, access, restricted })) {
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
    // Others' changes (a shared tablet) count only when signed by their author's device key.
    { actor: person.id, role: person.role, ...authors, now: receipt.at },
    u.recordId,
  );
  if (!checked.ok) return refuse(checked.reason, checked.detail, view.state);
  const { meta, newEvents, created } = checked;
  if (meta.id !== u.recordId)
    return refuse('metaInvalid', 'meta.id does not match the record id', view.state);
  if (view.office === null && meta.office !== person.office) {
    return refuse(
      'outOfScope',
      `a new record must belong to your office (${person.office})`,
      EMPTY,
    );
  }
  const only = onlyOfficeWork(scope, deps.directory, deps.relayOffice);
  const relayProblem = relayAuthorProblem(only, meta, created, newEvents);
  if (relayProblem !== null) return refuse('actorMismatch', relayProblem, view.state);
  return commitVerdict(u, view, checked, person.id, deps, receipt);
}

/**
 * What storing an update that passed validation writes (log entries, projection
 * row, access list), or why the folded record refuses it. A relay stores what it
 * pulls from the district through this too (relay/ingest.ts).
 */
export function commitVerdict(
  u: PushedUpdate,
  view: RecordView,
  checked: Extract<Checked, { readonly ok: true }>,
  author: PersonId,
  deps: { readonly rules: RecordRules; readonly directory: Directory },
  receipt: Receipt,
): Verdict {
  const { merged, meta, changed, newEvents, created } = checked;
  if (!changed) return { ok: true, item: null, view };
  // Creation first, then each event after those it builds on: the log order is causal.
  // Each entry carries its item's hash: its leaf in the server's Merkle log.
  const entries: NewLogEntry[] = [
    ...(created ? [{ eventId: meta.id, hash: itemHash(meta.id, meta) }] : []),
    ...causalOrder(newEvents, keysOf(meta.id, newEvents)).map((e) => ({
      eventId: e.id,
      hash: itemHash(meta.id, e),
      ...registerOf(e, meta.office, deps.directory),
    })),
  ].map((e) => ({ ...e, receivedAt: receipt.at, notBefore: receipt.notBefore }));
  // Positions past the record's log, in commit order, as the commit will give them; at a
  // relay, what it pulls at the district's positions (decision 0010, amendment 4).
  const lastPos = view.log.reduce((max, e) => Math.max(max, e.pos), 0);
  const placed = receipt.positions;
  const held = placed
    ? view.log.map((e) => ({ ...e, pos: placed.get(e.eventId) ?? e.pos }))
    : view.log;
  const log = [
    ...held,
    ...entries.map((e, i) => ({ ...e, pos: receipt.positions?.get(e.eventId) ?? lastPos + 1 + i })),
  ];
  const folded = deps.rules.summarize(merged, logOf(log));
  // What a relay pulls the district judged in its own order, which the relay may not
  // hold whole yet (its forwarded work's positions come with a later answer): it is not
  // refused here for what the order decides (decision 0010, amendment 4).
  const problem =
    placed === undefined ? foldedProblem(folded, meta, newEvents, created, deps.directory) : null;
  if (problem !== null) return refuse(problem.reason, problem.detail, view.state);
  // A record that does not fold is kept from everyone but its list; a saved group has no
  // summary by nature and reaches its office (scope.ts), never restricted.
  const nowRestricted =
    meta.kind !== 'group' && (folded.summary === null || isRestricted(folded.summary.grade));
  const change = accessChange(
    view,
    meta.office,
    folded.participants,
    nowRestricted,
    deps.directory,
  );
  const item: CommitItem = {
    recordId: u.recordId,
    office: meta.office,
    author,
    update: u.update,
    summary: folded.summary,
    ...(folded.search && { search: folded.search }),
    access: change.access,
    resequence: change.resequence,
    entries,
    ...(meta.kind === 'group' && { group: true as const }),
  };
  const after = {
    state: merged,
    office: meta.office,
    access: change.access,
    restricted: nowRestricted,
    log,
  };
  const named = newEvents.filter(namesAnotherFile);
  const conflicts = new Set(folded.state?.conflicts.map((c) => c.event.id));
  const namedConflicts = new Set(named.filter((e) => conflicts.has(e.id)).map((e) => e.id));
  return {
    ok: true,
    item,
    view: after,
    ...(named.length > 0 && { named, namedConflicts }),
    ...(folded.state && { heldBy: heldOrSentTo(folded.state) }),
  };
}

/**
 * A new record's number must be its office's alone (issue 15): two records with
 * one number (a tablet whose counter went back after a restore, or a forged push)
 * would make a file's number name two files. `numbered` holds the numbers this
 * request has created so far; stored ones are checked at commit (numbersTaken).
 */
export function numberRepeated(verdict: Verdict & { ok: true }, numbered: Set<string>): Verdict {
  const row = verdict.item?.summary;
  if (verdict.item === null || row == null) return verdict;
  const key = `${row.office}\n${row.number}`;
  if (numbered.has(key)) return numberRefusal(row);
  numbered.add(key);
  return verdict;
}

const numberRefusal = (row: { readonly office: OfficeId; readonly number: string }) =>
  refuse('numberTaken', `${row.number} is already another record's number in ${row.office}`, EMPTY);

/**
 * New records whose number another stored record has, checked where commits run
 * one at a time: exchanges are judged at once (judge-push.ts), so another may
 * have stored the number while this one was judged.
 */
export async function numbersTaken(
  storage: ServerStorage,
  accepted: readonly { readonly item: CommitItem | null; readonly created: boolean }[],
): Promise<Map<RecordId, Refused>> {
  const taken = new Map<RecordId, Refused>();
  for (const { item, created } of accepted) {
    const row = item?.summary;
    if (!created || item == null || row == null) continue;
    const other = await storage.recordNumbered(row.office, row.number);
    if (other !== null && other !== item.recordId) taken.set(item.recordId, numberRefusal(row));
  }
  return taken;
}

/**
 * A dispatch of an office keeping a running register takes the register's next
 * serial when its entry is stored (docs/decisions/0008-running-register.md).
 */
function registerOf(e: RecordEvent, office: OfficeId, dir: Directory) {
  if (e.type !== 'letterDispatched' || !keepsRunningRegister(findOffice(dir, office))) return {};
  return { registerIn: { office, year: registerYear(e.date) } };
}

/** How events of an update may name each other: by id (basis), by item hash once signed (prev). */
function keysOf(recordId: RecordId, events: readonly RecordEvent[]) {
  const signed = events.some((e) => e.prev !== undefined);
  return (e: RecordEvent): readonly string[] => (signed ? [e.id, itemHash(recordId, e)] : [e.id]);
}
