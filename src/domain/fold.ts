import { istDate } from './calendar.ts';
import type { RecordEvent } from './events.ts';
import { hlcWallMs } from './hlc.ts';
import type { EventId, PersonId } from './ids.ts';
import type { ConflictReason, ConflictResolution, RecordMeta, RecordState } from './record.ts';
import { compareEvents, compareInLog, sortEvents } from './event-order.ts';
import { finish, initialState, type Acc } from './fold-state.ts';
import { boundedTime, EMPTY_LOG, type LogEntry, type RecordLog } from './record-log.ts';
import { checkEvent, isMovement } from './rules.ts';
import { applyLetterEvent } from './letter-fold.ts';
import { applyGradeEvent } from './grades.ts';
import { applyCopies, applySeen, applyWithdrawn } from './copies.ts';
import { applyReceiptCopy } from './receipt-copies.ts';
import { applyLink } from './file-links.ts';
import { applyAttach } from './file-attach.ts';
import { applyVolumeClosed } from './volumes.ts';
import { applyClosure } from './closure.ts';
import {
  addParticipant,
  applyPullBack,
  currentHop,
  moveTo,
  openImplicitly,
  type When,
} from './fold-movement.ts';

/**
 * The one fold from a record's events to its state (DESIGN.md §3). Pure and
 * order-independent: events the server has logged come first, in log order
 * (record-log.ts; a device clock never decides it), then this device's
 * unlogged events by (hlc, actor, id). Every replica holding the same events
 * and entries derives the same state. Every unique event is either applied or
 * reported in `conflicts`; none is dropped. Times are the claimed ones held
 * within the server's bounds (boundedTime).
 */

/**
 * Marks the author's own open conflict `target` as answered (rules.ts let the
 * answer through only then). A re-submission answers it whether or not the
 * new noting itself took effect (if not, the new one is the open conflict
 * now, so the text is offered once, not twice).
 */
function resolveConflict(
  s: Acc,
  target: EventId,
  actor: PersonId,
  resolution: ConflictResolution,
): void {
  const c = s.conflicts.find((x) => x.event.id === target);
  if (c !== undefined && c.resolution === null && c.event.actor === actor)
    c.resolution = resolution;
}

/** Answering a conflict is not acting on the file, so it does not count as opening it. */
const OPENS_IMPLICITLY_NOT: ReadonlySet<RecordEvent['type']> = new Set([
  'pulledBack',
  'opened',
  'conflictDismissed',
  'conflictResubmitted',
  'copySeen',
  'copyWithdrawn',
]);

function applyEvent(s: Acc, e: RecordEvent, when: When, entry: LogEntry | undefined): void {
  const { t } = when;
  if (!OPENS_IMPLICITLY_NOT.has(e.type)) openImplicitly(s, e, t);
  switch (e.type) {
    case 'noting':
      s.notes.push({
        paragraph: s.notes.length + 1,
        eventId: e.id,
        text: e.text,
        author: e.actor,
        hlc: e.hlc,
        at: t,
        clockVerified: when.verified,
      });
      return;
    case 'conflictDismissed':
      resolveConflict(s, e.conflict, e.actor, {
        kind: 'dismissed',
        eventId: e.id,
        reason: e.reason,
        at: t,
      });
      return;
    case 'conflictResubmitted':
      resolveConflict(s, e.conflict, e.actor, { kind: 'resubmitted', eventId: e.noting, at: t });
      return;
    case 'sent':
      addParticipant(s, e.actor);
      moveTo(s, when, {
        holder: e.to,
        from: e.actor,
        remarks: e.remarks,
        dueDate: e.dueDate,
        priority: e.priority,
        pulledBack: false,
        eventId: e.id,
      });
      s.awaitingOpen = true;
      s.status = 'active';
      applyCopies(s, e, t);
      return;
    case 'opened':
      // A repeated open by the same recipient is a no-op and must not move the
      // head, or moves made from the first open would look stale.
      if (!s.awaitingOpen) return;
      s.awaitingOpen = false;
      currentHop(s).openedAt = t;
      s.head = e.id;
      return;
    case 'pulledBack':
      applyPullBack(s, e, when);
      return;
    case 'parked':
      s.status = 'parked';
      return;
    case 'closed':
      s.status = 'closed';
      s.retention =
        e.retention !== undefined && e.reviewDate !== undefined
          ? { category: e.retention, reviewDate: e.reviewDate, closedOn: istDate(t) }
          : null;
      applyClosure(s, e, t);
      return;
    case 'reopened':
      s.status = 'active';
      // Closed again later, it gets the retention and approver of that close.
      s.retention = null;
      s.closure = null;
      return;
    case 'diarised':
      s.letter = {
        from: e.from,
        letterNumber: e.letterNumber,
        letterDate: e.letterDate,
        mode: e.mode,
      };
      return;
    case 'putInFile':
      s.inFile = { fileId: e.fileId, fileNumber: e.fileNumber };
      // A receipt put in a file lives on inside the file; it is no longer pending by itself.
      s.status = 'closed';
      return;
    case 'receiptAttached':
      s.receipts.push({
        receiptId: e.receiptId,
        diaryNumber: e.diaryNumber,
        subject: e.subject,
        at: t,
      });
      return;
    case 'attachmentAdded':
      s.attachments.push({
        eventId: e.id,
        sha256: e.sha256,
        mime: e.mime,
        bytes: e.bytes,
        pages: e.pages,
        name: e.name,
        width: e.width,
        height: e.height,
        by: e.actor,
        at: t,
      });
      return;
    case 'letterDrafted':
    case 'letterRevised':
    case 'letterApproved':
    case 'letterDispatched':
      applyLetterEvent(s.drafts, s.meta.id, e, t, entry);
      return;
    case 'gradeChanged':
    case 'accessGranted':
      applyGradeEvent(s, e, t);
      return;
    case 'copySeen':
      applySeen(s, e, t);
      return;
    case 'copyWithdrawn':
      applyWithdrawn(s, e, t);
      return;
    case 'receiptCopied':
    case 'copiedFrom':
      applyReceiptCopy(s, e, t);
      return;
    case 'fileLinked':
    case 'fileUnlinked':
      applyLink(s, e, t);
      return;
    case 'fileAttached':
    case 'fileDetached':
    case 'attachedUnder':
    case 'detachedFrom':
      applyAttach(s, e, t);
      return;
    case 'volumeClosed':
      applyVolumeClosed(s, e, t);
      return;
    // A saved group's events belong on a group (groups.ts); on a file or receipt the rules refuse them.
    case 'groupNamed':
    case 'groupMembersSet':
    case 'groupDeleted':
      return;
  }
}

export interface FoldLog {
  readonly state: RecordState;
  /** Ids of the events that took effect, in fold order. */
  readonly applied: readonly EventId[];
}

/**
 * A fold in progress. Events are added in fold order (each sorting after the
 * last); a command adds its new events to the fold of the record's existing
 * ones, so the record is folded once per command and the result equals
 * folding all events afresh.
 */
export interface Folding {
  /** Why `e` would not take effect if it were added now; null if it would. */
  check(e: RecordEvent): ConflictReason | null;
  /** True when `e` sorts after every event added so far (so it may be added). */
  follows(e: RecordEvent): boolean;
  /**
   * Adds `e`: applied, or kept as a conflict (the reason is returned). An exact
   * duplicate of the last event is ignored. Throws if `e` does not follow.
   */
  add(e: RecordEvent): ConflictReason | null;
  /** The state so far; `now` only sets the open hop's dwell time. */
  state(now: number): RecordState;
  /** Ids of the events that took effect, in fold order. */
  readonly applied: readonly EventId[];
}

export function startFold(meta: RecordMeta, log: RecordLog = EMPTY_LOG): Folding {
  const s = initialState(meta, log);
  const order = log.size === 0 ? compareEvents : compareInLog(log);
  const applied: EventId[] = [];
  const seenIds = new Set<string>();
  let last: RecordEvent | null = null;
  const check = (e: RecordEvent): ConflictReason | null =>
    // Two different events claiming one id: the first in order counts.
    seenIds.has(e.id) ? 'notAllowed' : checkEvent(s, e);
  const follows = (e: RecordEvent): boolean => last === null || order(last, e) < 0;
  return {
    check,
    follows,
    add(e) {
      if (last !== null && order(last, e) === 0) return null;
      if (!follows(e)) throw new Error(`event ${e.id} does not sort after ${last?.id}`);
      last = e;
      const reason = check(e);
      seenIds.add(e.id);
      if (reason !== null) {
        s.conflicts.push({ event: e, reason, resolution: null });
        return reason;
      }
      const { at: t, verified } = boundedTime(hlcWallMs(e.hlc), e.clockVerified, log.get(e.id));
      if (isMovement(e) && e.type !== 'opened') s.head = e.id;
      applyEvent(s, e, { t, verified }, log.get(e.id));
      applied.push(e.id);
      s.lastActivity = Math.max(s.lastActivity, t);
      return null;
    },
    state: (now) => finish(s, now),
    applied,
  };
}

/** The fold, also saying which events applied (tests and diagnostics). */
export function foldRecordWithLog(
  meta: RecordMeta,
  events: readonly RecordEvent[],
  now: number,
  log: RecordLog = EMPTY_LOG,
): FoldLog {
  const folding = startFold(meta, log);
  for (const e of sortEvents(events, log)) folding.add(e);
  return { state: folding.state(now), applied: [...folding.applied] };
}

export function foldRecord(
  meta: RecordMeta,
  events: readonly RecordEvent[],
  now: number,
  log: RecordLog = EMPTY_LOG,
): RecordState {
  return foldRecordWithLog(meta, events, now, log).state;
}
