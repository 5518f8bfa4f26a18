import * as Y from 'yjs';
import type { Role } from '@domain/directory.ts';
import { LIMITS } from '@domain/events.ts';
import { hlcWallMs, isHlc } from '@domain/hlc.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import type { RecordMeta } from '@domain/record.ts';
import { retentionProblem } from '@domain/retention.ts';
import type { RefusalReason } from '@domain/refusals.ts';
import { err, ok } from '@domain/result.ts';
import type { Result } from '@domain/result.ts';
import { mayProduce } from '@domain/roles.ts';
import { parseEvent } from '@domain/validate-event.ts';
import { looksLikeRegisterNumber, REGISTER_FIELDS } from '@domain/running-register.ts';
import { eventsArray, letterText, metaMap, newRecordYDoc, readMeta, ROOT } from './record-doc.ts';
import { checkClaims } from './check-claims.ts';
import { checkLetterEvents } from './check-letters.ts';
import { DEFAULT_APPROVER_ROLES } from '@domain/letters.ts';
import type { OfficeId } from '@domain/ids.ts';
import { checkUpdateShape } from './update-shape.ts';
import {
  applyAndRecord,
  checkDeleted,
  checkInserted,
  ROOT_NAMES,
  rootOf,
  type Changes,
} from './update-structs.ts';
export { LETTER_ENABLED } from './update-structs.ts';
import { checkSignedItems, type SignatureRules } from './verify-signed.ts';

/**
 * Decide whether an incoming Yjs update to one record may be stored. The
 * server runs it on every pushed update before storing it
 * (sync-server/sync/doc-rules.ts); a device runs it on every update it pulls
 * (check-pulled.ts, with a PullContext). The update's structural cost is bounded
 * first (update-shape.ts); then it is applied to a scratch copy of the record
 * and every struct it adds or deletes is inspected: events and meta are
 * append-only and write-once, events must be valid, authored by the
 * signed-in person (or signed or attested by their author, when the context
 * can check that) and allowed for their author's role. Size limits and scope
 * are the server's checks, not this one's.
 */

export interface UpdateContext {
  /** The signed-in person pushing the update. */
  readonly actor: PersonId;
  readonly role: Role;
  /** When given, a new record's meta must carry this id. */
  readonly recordId?: RecordId;
  /**
   * Whether an event or new meta by someone other than `actor` is really theirs
   * (the server checks its attestation; see attest.ts). Absent: never.
   */
  readonly authorOk?: (who: PersonId, item: RecordEvent | RecordMeta) => boolean;
  /** The role of another author, for the role check; absent or undefined: refused. */
  readonly roleOf?: (who: PersonId) => Role | undefined;
  /**
   * Device signatures and chain links of every new item (verify-signed.ts).
   * With them a signed item may come from any session: the signature proves
   * its author. Absent: not checked (tests of other rules, old callers).
   */
  readonly signatures?: SignatureRules;
  /**
   * The server's clock (ms): new items may not claim a time ahead of it, or
   * before what their device already had in the record (check-claims.ts).
   * Absent: claimed times are not checked (tests of other rules).
   */
  readonly now?: number;
  /**
   * The roles that may approve draft letters of an office (the directory's
   * list); absent or undefined: letters.ts DEFAULT_APPROVER_ROLES.
   */
  readonly approverRoles?: (office: OfficeId) => readonly Role[] | undefined;
}

/**
 * What a device checks in an update it pulled. The server checked authorship
 * and roles when it stored the update; a device cannot (it holds neither the
 * HMAC author keys nor past roles), so an unsigned item counts as attested by
 * the server (`signatures.unsignedOk` says so). Signatures, chain links and
 * structure are checked as on a push. The structural cost bound is not: a
 * record's whole state, as a device joining pulls it, is bigger than any push.
 */
export interface PullContext {
  readonly pulled: true;
  readonly recordId: RecordId;
  readonly signatures: SignatureRules;
}

export type CheckContext = UpdateContext | PullContext;

const isPull = (ctx: CheckContext): ctx is PullContext => 'pulled' in ctx;

/** Authored by the signed-in person, signed (checked after), or vouched for by `authorOk`. */
function authoredOk(ctx: CheckContext, who: PersonId, item: RecordEvent | RecordMeta): boolean {
  if (isPull(ctx) || who === ctx.actor) return true;
  if (ctx.signatures !== undefined && item.sig !== undefined) return true;
  return ctx.authorOk?.(who, item) ?? false;
}

/** The author's role: the session's for the signed-in person, the directory's for others. */
function roleOfAuthor(ctx: UpdateContext, who: PersonId): Role | undefined {
  return who === ctx.actor ? ctx.role : ctx.roleOf?.(who);
}

export interface AcceptedUpdate {
  /** Events the update adds, in document order. */
  readonly newEvents: RecordEvent[];
  readonly meta: RecordMeta;
  /** True when the update creates the record (writes its meta). */
  readonly created: boolean;
}

export interface UpdateRefusal {
  readonly reason: RefusalReason;
  readonly detail: string;
}

type Refusal = Result<never, UpdateRefusal>;
const refuse = (reason: RefusalReason, detail: string): Refusal => err({ reason, detail });

function checkEvents(
  values: readonly unknown[],
  existingIds: Set<string>,
  ctx: CheckContext,
): Result<RecordEvent[], UpdateRefusal> {
  const events: RecordEvent[] = [];
  for (const raw of values) {
    const retention = retentionRefusal(raw);
    if (retention !== null) return retention;
    const register = registerRefusal(raw);
    if (register !== null) return register;
    const parsed = parseEvent(raw);
    if (!parsed.ok) return refuse('eventMalformed', parsed.error);
    const e = parsed.value;
    if (!authoredOk(ctx, e.actor, e)) {
      return refuse('actorMismatch', `event ${e.id} by ${e.actor}`);
    }
    const role = isPull(ctx) ? null : roleOfAuthor(ctx, e.actor);
    if (role === undefined || (role !== null && !mayProduce(role, e.type))) {
      return refuse('roleForbidden', `${role ?? e.actor} may not record ${e.type}`);
    }
    if (existingIds.has(e.id)) return refuse('eventDuplicated', `event id ${e.id} repeated`);
    if (e.type === 'noting' && e.text.length > LIMITS.newNotingChars) {
      return refuse(
        'notingTooLong',
        `noting of ${e.text.length} characters; the limit is ${LIMITS.newNotingChars}`,
      );
    }
    existingIds.add(e.id);
    events.push(e);
  }
  return ok(events);
}

/**
 * A close whose retention category or review date is not acceptable gets its
 * own reason, named before the schema's general `eventMalformed`, so the person
 * closing is told what to change. The dates are judged against the close's own time.
 */
function retentionRefusal(raw: unknown): Refusal | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const x = raw as Record<string, unknown>;
  if (x['type'] !== 'closed' || !isHlc(x['hlc'])) return null;
  const problem = retentionProblem(x, hlcWallMs(x['hlc']));
  return problem === null ? null : refuse('retentionInvalid', problem);
}

/**
 * Running-register numbers are the server's alone (src/domain/running-register.ts):
 * an event carrying a register field, or a dispatch whose number is written as a
 * register number, is refused by name before the schema's general `eventMalformed`.
 */
function registerRefusal(raw: unknown): Refusal | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const x = raw as Record<string, unknown>;
  const field = REGISTER_FIELDS.find((k) => Object.hasOwn(x, k));
  if (field !== undefined)
    return refuse('registerNumberForged', `an event may not carry "${field}"`);
  const n = x['number'];
  if (x['type'] === 'letterDispatched' && typeof n === 'string' && looksLikeRegisterNumber(n))
    return refuse('registerNumberForged', `${n.slice(0, 40)} is a register number`);
  return null;
}

/**
 * An answer to a conflict (a dismissal, or a re-submission naming the new
 * noting) names events of the same record by the same author: nobody lets go
 * of, or carries on, someone else's words. (Whether the target really is an
 * open conflict depends on order, so the fold decides that part.)
 */
function checkAnswers(newEvents: readonly RecordEvent[], all: readonly unknown[]): Refusal | null {
  const byId = (id: string) =>
    all.find((x): x is RecordEvent => parseEvent(x).ok && (x as RecordEvent).id === id);
  for (const e of newEvents) {
    if (e.type !== 'conflictDismissed' && e.type !== 'conflictResubmitted') continue;
    const verb = e.type === 'conflictDismissed' ? 'dismisses' : 're-submits';
    const named = e.type === 'conflictDismissed' ? [e.conflict] : [e.conflict, e.noting];
    for (const id of named) {
      const target = byId(id);
      if (target === undefined) return refuse('eventMalformed', `${verb} unknown event ${id}`);
      if (target.actor !== e.actor)
        return refuse('actorMismatch', `${e.actor} ${verb} event ${id} by ${target.actor}`);
    }
    if (e.type === 'conflictResubmitted' && byId(e.noting)?.type !== 'noting')
      return refuse('eventMalformed', `re-submits as ${e.noting}, which is not a noting`);
  }
  return null;
}

function checkNewMeta(
  meta: Result<RecordMeta, string>,
  ctx: CheckContext,
): Result<RecordMeta, UpdateRefusal> {
  if (!meta.ok) return refuse('metaInvalid', meta.error);
  if (ctx.recordId !== undefined && meta.value.id !== ctx.recordId) {
    return refuse('metaInvalid', `meta.id ${meta.value.id} is not record ${ctx.recordId}`);
  }
  if (!authoredOk(ctx, meta.value.createdBy, meta.value)) {
    return refuse('actorMismatch', `record created by ${meta.value.createdBy}`);
  }
  return meta;
}

function decodes(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

export function validateUpdate(
  current: Uint8Array | null,
  update: Uint8Array,
  ctx: UpdateContext,
): Result<AcceptedUpdate, UpdateRefusal> {
  if (!decodes(update)) return refuse('updateMalformed', 'not a Yjs update');
  const shape = checkUpdateShape(update);
  if (shape !== null) return err(shape);
  const doc = newRecordYDoc();
  // The stored state was validated when it was stored; a failure here is ours, so it throws.
  if (current !== null) Y.applyUpdate(doc, current);
  return validateInto(doc, update, ctx);
}

/**
 * Applies `update` to `doc` (which holds the record as stored) and checks what
 * it added. On a refusal `doc` holds the refused content: the caller drops it.
 * A device passes the record's own doc, so a pulled update is applied once.
 */
export function validateInto(
  doc: Y.Doc,
  update: Uint8Array,
  ctx: CheckContext,
): Result<AcceptedUpdate, UpdateRefusal> {
  const meta = metaMap(doc);
  const events = eventsArray(doc);
  letterText(doc);
  const metaExisted = meta.size > 0;
  const existing = events.toArray().flatMap((e) => (parseEvent(e).ok ? [e as RecordEvent] : []));
  const existingIds = new Set(existing.map((e) => e.id));

  let changes: Changes | null;
  try {
    changes = applyAndRecord(doc, update);
  } catch (e) {
    return refuse('updateMalformed', e instanceof Error ? e.message : 'cannot apply update');
  }
  if (changes === null) return refuse('updateMalformed', 'bytes follow the update');
  for (const name of doc.share.keys()) {
    if (!ROOT_NAMES.has(name))
      return refuse('unknownContent', `unknown root "${name.slice(0, 40)}"`);
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    return refuse('missingDependencies', 'update depends on content not present');
  }
  const newEventValues: unknown[] = [];
  for (const { item, values } of changes.inserted) {
    const problem = checkInserted(doc, item, metaExisted);
    if (problem !== null) return problem;
    if (rootOf(doc, item) === ROOT.events) newEventValues.push(...values);
  }
  for (const item of changes.deleted) {
    const problem = checkDeleted(doc, item);
    if (problem !== null) return problem;
  }
  const metaResult = metaExisted ? readMeta(doc) : checkNewMeta(readMeta(doc), ctx);
  if (!metaResult.ok) {
    return typeof metaResult.error === 'string'
      ? refuse('metaInvalid', metaResult.error)
      : err(metaResult.error);
  }
  const newEvents = checkEvents(newEventValues, existingIds, ctx);
  if (!newEvents.ok) return newEvents;
  const answer = checkAnswers(newEvents.value, events.toArray());
  if (answer !== null) return answer;
  if (ctx.signatures !== undefined) {
    const all = events.toArray() as RecordEvent[];
    const ids = new Set(newEvents.value.map((e) => e.id));
    const items = { recordId: metaResult.value.id, meta: metaResult.value, events: all };
    const problem = checkSignedItems(items, !metaExisted, ids, ctx.signatures);
    if (problem !== null) return err(problem);
  }
  // After the signatures: a forged approval is refused as forged, whatever it names.
  if (!isPull(ctx)) {
    const office = metaResult.value.office;
    const problem = checkLetterEvents({
      recordId: metaResult.value.id,
      existing,
      added: newEvents.value,
      roleOf: (e) => roleOfAuthor(ctx, e.actor),
      approvers: ctx.approverRoles?.(office) ?? DEFAULT_APPROVER_ROLES,
    });
    if (problem !== null) return err(problem);
  }
  if (!isPull(ctx) && ctx.now !== undefined) {
    const problem = checkClaims({
      meta: metaResult.value,
      created: !metaExisted,
      events: [...existing, ...newEvents.value],
      newIds: new Set(newEvents.value.map((e) => e.id)),
      now: ctx.now,
    });
    if (problem !== null) return err(problem);
  }
  return ok({ newEvents: newEvents.value, meta: metaResult.value, created: !metaExisted });
}
