import type { AccessGrantedEvent, GradeChangedEvent, LetterEvent, RecordEvent } from './events.ts';
import { onAccessList } from './grades.ts';
import { copyToRule, holdsOnlyCopy, seenRule, withdrawRule } from './copies.ts';
import { receiptCopyRule } from './receipt-copies.ts';
import { linkRule } from './file-links.ts';
import { attachRule, attachedMoveRule } from './file-attach.ts';
import { volumeRule } from './volumes.ts';
import { MOVEMENT_TYPES } from './events.ts';
import type { ConflictReason, RecordState } from './record.ts';

/**
 * The workflow rules, written once: the fold uses them to decide whether an
 * event applies, and the commands use them to refuse a move before it is made.
 * A rule returns null when the event may take effect, otherwise the reason.
 */

/** The part of a record's state the rules look at. */
export type RuleView = Pick<
  RecordState,
  | 'meta'
  | 'holder'
  | 'status'
  | 'awaitingOpen'
  | 'head'
  | 'hops'
  | 'letter'
  | 'inFile'
  | 'receipts'
  | 'attachments'
  | 'conflicts'
  | 'drafts'
  | 'grade'
  | 'readers'
  | 'participants'
  | 'copies'
  | 'copyOf'
  | 'receiptCopies'
  | 'links'
  | 'attached'
  | 'attachedUnder'
  | 'notes'
  | 'volume'
  | 'volumes'
>;

const MOVEMENT: ReadonlySet<string> = new Set(MOVEMENT_TYPES);

export function isMovement(e: RecordEvent): e is Extract<RecordEvent, { basis: unknown }> {
  return MOVEMENT.has(e.type);
}

/** Who sent the record to its current holder (null for the creator's first stay). */
export function currentSender(v: RuleView): RecordState['holder'] | null {
  return v.hops[v.hops.length - 1]?.from ?? null;
}

function holderRule(v: RuleView, e: RecordEvent): ConflictReason | null {
  if (v.status === 'closed') return 'recordClosed';
  return e.actor === v.holder ? null : 'notHolder';
}

function closedRule(v: RuleView): ConflictReason | null {
  return v.status === 'closed' ? 'recordClosed' : null;
}

function openedRule(v: RuleView, e: RecordEvent): ConflictReason | null {
  if (e.actor !== v.holder) return 'notHolder';
  if (v.awaitingOpen) return null;
  // The same recipient opening twice (two tabs, or after an implicit open by
  // noting) is harmless: it applies as a no-op rather than a conflict.
  const hop = v.hops[v.hops.length - 1];
  return hop !== undefined && hop.from !== null && hop.openedAt !== null && !hop.pulledBack
    ? null
    : 'notAllowed';
}

function pullBackRule(v: RuleView, e: RecordEvent): ConflictReason | null {
  if (v.status === 'closed') return 'recordClosed';
  if (currentSender(v) !== e.actor) return 'notAllowed';
  return v.awaitingOpen ? null : 'notAllowed';
}

function closeRule(v: RuleView, e: RecordEvent): ConflictReason | null {
  if (v.status === 'closed') return 'recordClosed';
  if (e.actor !== v.meta.createdBy) return 'notAllowed';
  return e.actor === v.holder ? null : 'notHolder';
}

function reopenRule(v: RuleView, e: RecordEvent): ConflictReason | null {
  if (v.status === 'active' || v.inFile !== null) return 'notAllowed';
  if (v.status === 'parked') return e.actor === v.holder ? null : 'notHolder';
  return e.actor === v.holder || e.actor === v.meta.createdBy ? null : 'notAllowed';
}

/**
 * Only the author of a conflicted event may answer it (dismiss it, or say a
 * noting's text was re-submitted), once, and only while it still waits for an
 * answer. The record's state (closed, who holds it) does not matter: it is the
 * author's own words being let go or carried again.
 */
function answerRule(
  v: RuleView,
  e: Extract<RecordEvent, { type: 'conflictDismissed' | 'conflictResubmitted' }>,
) {
  const target = v.conflicts.find((c) => c.event.id === e.conflict);
  if (target === undefined || target.resolution !== null) return 'notAllowed';
  // Only a noting's text can be re-submitted; a lost action is redone with the buttons.
  if (e.type === 'conflictResubmitted' && target.event.type !== 'noting') return 'notAllowed';
  return target.event.actor === e.actor ? null : 'notAllowed';
}

/**
 * Draft letters live in files and are the holder's work: the holder begins and
 * revises a draft until it is approved (then it is frozen: a change needs a new
 * draft), approves one of its versions (the exact text they read: its hash must
 * match), and dispatches an approved letter once, under a number not used on
 * the file. Who may approve at all is the role's question (letters.ts
 * mayApprove), checked by the command and the server.
 */
function letterRule(v: RuleView, e: LetterEvent): ConflictReason | null {
  if (v.meta.kind !== 'file') return 'notAllowed';
  const held = holderRule(v, e);
  if (held !== null) return held;
  if ((e.type === 'letterDrafted' || e.type === 'letterRevised') && e.reference !== null) {
    if (!v.receipts.some((r) => r.receiptId === e.reference)) return 'notAllowed';
  }
  if (e.type === 'letterDrafted') return v.drafts.some((d) => d.id === e.id) ? 'notAllowed' : null;
  const d = v.drafts.find((x) => x.id === e.draft);
  if (d === undefined) return 'notAllowed';
  switch (e.type) {
    case 'letterRevised':
      return d.approval === null ? null : 'notAllowed';
    case 'letterApproved': {
      if (d.approval !== null) return 'notAllowed';
      const version = d.versions.find((x) => x.eventId === e.version);
      return version !== undefined && version.hash === e.textHash ? null : 'notAllowed';
    }
    case 'letterDispatched':
      if (d.approval === null || d.dispatch !== null) return 'notAllowed';
      return v.drafts.some((x) => x.dispatch?.number === e.number) ? 'notAllowed' : null;
  }
}

/**
 * Security grades (grades.ts): the holder changes the grade to another one
 * (whether a lowering is theirs to make is the role's question, checked by the
 * command and the server) and names readers of a confidential or secret
 * record who are not on its access list yet.
 */
function gradeRule(v: RuleView, e: GradeChangedEvent | AccessGrantedEvent): ConflictReason | null {
  const held = holderRule(v, e);
  if (held !== null) return held;
  if (e.type === 'gradeChanged') return e.grade === v.grade ? 'notAllowed' : null;
  if (v.grade === 'normal' || onAccessList(v, e.person)) return 'notAllowed';
  return null;
}

/**
 * Null if `e` may take effect on a record in state `v`; otherwise why not. A
 * holder's work refused to someone who holds only a copy is named `copyOnly`
 * (copies.ts), so the device, the fold and the server say what it is.
 */
export function checkEvent(v: RuleView, e: RecordEvent): ConflictReason | null {
  // A volume close carries the head its holder saw too (volumes.ts).
  if ((e.type === 'volumeClosed' || isMovement(e)) && e.basis !== v.head) return 'staleBasis';
  const reason = eventRule(v, e);
  return reason !== null &&
    reason !== 'recordClosed' &&
    !NOT_HOLDERS_WORK.has(e.type) &&
    !(e.type === 'fileUnlinked' && e.fromLinked === true) &&
    holdsOnlyCopy(v, e.actor)
    ? 'copyOnly'
    : reason;
}

/** What anyone may do whether or not they hold the file: answer their conflicts, mark a copy seen. */
const NOT_HOLDERS_WORK: ReadonlySet<RecordEvent['type']> = new Set([
  'conflictDismissed',
  'conflictResubmitted',
  'copySeen',
  'copyWithdrawn',
]);

function eventRule(v: RuleView, e: RecordEvent): ConflictReason | null {
  const kind = v.meta.kind;
  switch (e.type) {
    case 'noting':
      return kind === 'file' ? holderRule(v, e) : 'notAllowed';
    case 'sent':
      if (e.to === e.actor) return 'notAllowed';
      return holderRule(v, e) ?? copyToRule(v, e) ?? attachedMoveRule(v, e);
    case 'opened':
      return openedRule(v, e);
    case 'pulledBack':
      return pullBackRule(v, e);
    case 'parked':
      return holderRule(v, e) ?? (v.status === 'parked' ? 'notAllowed' : attachedMoveRule(v, e));
    case 'closed':
      return closeRule(v, e) ?? attachedMoveRule(v, e);
    case 'reopened':
      return reopenRule(v, e);
    case 'diarised':
      return kind === 'receipt' &&
        e.actor === v.meta.createdBy &&
        v.letter === null &&
        v.head === null
        ? null
        : 'notAllowed';
    case 'putInFile':
      return kind === 'receipt' ? holderRule(v, e) : 'notAllowed';
    case 'receiptAttached':
      if (kind !== 'file') return 'notAllowed';
      return (
        holderRule(v, e) ??
        (v.receipts.some((r) => r.receiptId === e.receiptId) ? 'notAllowed' : null)
      );
    case 'attachmentAdded':
      // The same scan twice on one record adds nothing; the holder attaches.
      return (
        holderRule(v, e) ?? (v.attachments.some((a) => a.sha256 === e.sha256) ? 'notAllowed' : null)
      );
    case 'conflictDismissed':
    case 'conflictResubmitted':
      return answerRule(v, e);
    case 'letterDrafted':
    case 'letterRevised':
    case 'letterApproved':
    case 'letterDispatched':
      return letterRule(v, e);
    case 'gradeChanged':
    case 'accessGranted':
      return gradeRule(v, e);
    case 'copySeen':
      return seenRule(v, e);
    case 'copyWithdrawn':
      return withdrawRule(v, e);
    case 'receiptCopied':
    case 'copiedFrom':
      return receiptCopyRule(v, e);
    case 'fileLinked':
      return holderRule(v, e) ?? linkRule(v, e);
    case 'fileUnlinked':
      // From the linked file's side its holder's (judged against that file): here only open.
      return (e.fromLinked === true ? closedRule(v) : holderRule(v, e)) ?? linkRule(v, e);
    case 'fileAttached':
    case 'fileDetached':
    case 'attachedUnder':
    case 'detachedFrom':
      return holderRule(v, e) ?? attachRule(v, e);
    case 'volumeClosed':
      return holderRule(v, e) ?? volumeRule(v, e);
    // A saved group's events belong on a group record (groups.ts), never on a file or receipt.
    case 'groupNamed':
    case 'groupMembersSet':
    case 'groupDeleted':
      return 'notAllowed';
  }
}
