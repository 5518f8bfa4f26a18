import type { RecordChange, MetaFields } from './change.ts';
import type { Role } from './directory.ts';
import type {
  AttachmentAddedEvent,
  EventBase,
  Priority,
  ReceiptMode,
  RecordEvent,
} from './events.ts';
import type { EventId, PersonId, RecordId } from './ids.ts';
import { refused, type Outcome } from './outcome.ts';
import type { RecordMeta, RecordState, Retention } from './record.ts';
import { mayProduce } from './roles.ts';
import { checkEvent } from './rules.ts';
import { withdrawerProblem } from './copies.ts';

/**
 * The commands: a person's intent turned into events on a RecordChange
 * (change.ts), which refuses up front what the fold would reject, so a device
 * never records a move it knows to be invalid. The device runs them inside its
 * store's transaction (src/storage/commands); the demo seed, the benchmark and
 * the tests run the same functions. Movement commands take their basis from
 * the state the person is looking at; a concurrent move elsewhere then shows
 * up as a conflict instead of being lost.
 *
 * A new command is a function (change, input) that adds its events with
 * `change.add` (several, for a command that does several things at once).
 */

export type Action =
  'note' | 'send' | 'pullBack' | 'park' | 'close' | 'reopen' | 'open' | 'putInFile' | 'markSeen';

export interface SendInput {
  readonly to: PersonId;
  readonly remarks: string;
  /** `YYYY-MM-DD` or null. */
  readonly dueDate: string | null;
  readonly priority: Priority;
  /** Files: people who receive it for information (`Copy to`, copies.ts); none when empty. */
  readonly copyTo?: readonly PersonId[];
  /**
   * Receipts: more people, each sent a copy of their own to act on
   * (receipt-copies.ts; made by the device's send, not part of the event).
   */
  readonly alsoTo?: readonly PersonId[];
  /** A file attached under another: the main file whose send this one goes with (file-attach.ts). */
  readonly withFile?: RecordId;
}

export interface DiariseInput {
  readonly from: string;
  readonly letterNumber: string;
  /** `YYYY-MM-DD`. */
  readonly letterDate: string;
  readonly mode: ReceiptMode;
}

export type AttachmentInput = Omit<AttachmentAddedEvent, keyof EventBase | 'type'>;

/** The basis of the next move: the last movement the person has seen. */
const basis = (c: RecordChange): EventId | null => c.state()?.head ?? null;

/** Meta of a new record, written once into its document. */
export function createRecord(c: RecordChange, fields: MetaFields): Outcome<RecordMeta> {
  return c.create({ ...fields, subject: fields.subject.trim() });
}

export function note(c: RecordChange, input: { readonly text: string }): Outcome<RecordEvent> {
  return c.add({ type: 'noting', text: input.text.trim() });
}

/** The author's conflicted noting `conflict` was re-submitted as the noting `noting`. */
export function conflictResubmitted(
  c: RecordChange,
  input: { readonly conflict: EventId; readonly noting: EventId },
): Outcome<RecordEvent> {
  return c.add({ type: 'conflictResubmitted', conflict: input.conflict, noting: input.noting });
}

/** The author lets go of their own conflicted event `conflict`, saying why. */
export function dismissConflict(
  c: RecordChange,
  input: { readonly conflict: EventId; readonly reason: string },
): Outcome<RecordEvent> {
  return c.add({
    type: 'conflictDismissed',
    conflict: input.conflict,
    reason: input.reason.trim(),
  });
}

export function send(c: RecordChange, input: SendInput): Outcome<RecordEvent> {
  return c.add({
    type: 'sent',
    basis: basis(c),
    to: input.to,
    remarks: input.remarks.trim(),
    dueDate: input.dueDate,
    priority: input.priority,
    ...(input.copyTo !== undefined && input.copyTo.length > 0 && { copyTo: input.copyTo }),
    ...(input.withFile !== undefined && { withFile: input.withFile }),
  });
}

/**
 * The sender of `person`'s copy for information withdraws it (copies.ts
 * withdrawRule); anyone who never sent them a copy is refused (`withdrawInvalid`).
 */
export function withdrawCopy(c: RecordChange, person: PersonId): Outcome<RecordEvent> {
  const state = c.state();
  const problem = state === null ? null : withdrawerProblem(state, c.ctx.actor, person);
  if (problem !== null) return refused('withdrawInvalid', problem);
  return c.add({ type: 'copyWithdrawn', person });
}

/** A copy holder has read the file sent to them for information (copies.ts). */
export function markSeen(c: RecordChange): Outcome<RecordEvent> {
  return c.add({ type: 'copySeen' });
}

/**
 * The holder opens a record sent to them. Opening one that is not awaiting
 * them records nothing (null): opening twice is harmless, not an error.
 */
export function open(c: RecordChange): Outcome<RecordEvent | null> {
  const state = c.state();
  if (state === null) return refused('notFound');
  if (!state.awaitingOpen || state.holder !== c.ctx.actor) return { ok: true, value: null };
  return c.add({ type: 'opened', basis: state.head });
}

export function pullBack(c: RecordChange): Outcome<RecordEvent> {
  return c.add({ type: 'pulledBack', basis: basis(c) });
}

export function reopen(c: RecordChange): Outcome<RecordEvent> {
  return c.add({ type: 'reopened', basis: basis(c) });
}

export function park(
  c: RecordChange,
  input: { readonly remarks: string } = { remarks: '' },
): Outcome<RecordEvent> {
  return c.add({ type: 'parked', basis: basis(c), remarks: input.remarks.trim() });
}

export interface CloseInput {
  readonly remarks: string;
  readonly retention?: Retention;
  /** The officer who approved the closure (closure.ts). */
  readonly approvedBy?: PersonId;
  /** Who may approve it (closure.ts closureApprovers); given, `approvedBy` must be one of them. */
  readonly approvers?: readonly PersonId[];
}

/**
 * Closes a file; with `retention`, its category and review date (retention.ts
 * checks them); with `approvedBy`, the officer who approved the closure.
 */
export function close(c: RecordChange, input: CloseInput = { remarks: '' }): Outcome<RecordEvent> {
  const kept = input.retention;
  const approver = input.approvedBy;
  if (
    approver !== undefined &&
    input.approvers !== undefined &&
    !input.approvers.includes(approver)
  )
    return refused('notAllowed', `${approver} may not approve the closure of this file`);
  return c.add({
    type: 'closed',
    basis: basis(c),
    remarks: input.remarks.trim(),
    ...(kept && { retention: kept.category, reviewDate: kept.reviewDate }),
    ...(approver !== undefined && { approvedBy: approver }),
  });
}

/** The first event of a new receipt, in the same change that creates it. */
export function diarise(c: RecordChange, input: DiariseInput): Outcome<RecordEvent> {
  return c.add({
    type: 'diarised',
    from: input.from.trim(),
    letterNumber: input.letterNumber.trim(),
    letterDate: input.letterDate,
    mode: input.mode,
  });
}

/** On the receipt: it now lives in the file. */
export function putInFile(
  c: RecordChange,
  input: { readonly fileId: RecordId; readonly fileNumber: string },
): Outcome<RecordEvent> {
  return c.add({ type: 'putInFile', basis: basis(c), ...input });
}

/** On the file: the receipt joins its correspondence. */
export function attachReceipt(
  c: RecordChange,
  input: { readonly receiptId: RecordId; readonly diaryNumber: string; readonly subject: string },
): Outcome<RecordEvent> {
  return c.add({ type: 'receiptAttached', ...input });
}

/** A scan whose bytes the device already holds (their SHA-256 is the reference). */
export function addAttachment(c: RecordChange, input: AttachmentInput): Outcome<RecordEvent> {
  return c.add({ type: 'attachmentAdded', ...input });
}

const PROBE_ID = '00000000-0000-4000-8000-000000000000' as EventId;

/** Probe events: what each action would record, to ask the rules about it. */
function probes(state: RecordState, actor: PersonId): Record<Action, RecordEvent> {
  const b = { id: PROBE_ID, actor, hlc: '', deviceTime: 0, clockVerified: false };
  const m = { ...b, basis: state.head };
  return {
    note: { ...b, type: 'noting', text: 'x' },
    // Any recipient other than the actor: the rules only forbid sending to oneself.
    send: {
      ...m,
      type: 'sent',
      to: `${actor}~` as PersonId,
      remarks: '',
      dueDate: null,
      priority: 'normal',
    },
    pullBack: { ...m, type: 'pulledBack' },
    park: { ...m, type: 'parked', remarks: '' },
    close: { ...m, type: 'closed', remarks: '' },
    reopen: { ...m, type: 'reopened' },
    open: { ...m, type: 'opened' },
    putInFile: { ...m, type: 'putInFile', fileId: PROBE_ID as string as RecordId, fileNumber: 'x' },
    markSeen: { ...b, type: 'copySeen' },
  };
}

/** What `actor` may do now; the UI shows only these buttons. */
export function allowedActions(
  state: RecordState,
  actor: PersonId,
  role?: Role,
): ReadonlySet<Action> {
  const allowed = new Set<Action>();
  for (const [action, probe] of Object.entries(probes(state, actor)) as [Action, RecordEvent][]) {
    if (checkEvent(state, probe) !== null) continue;
    if (role !== undefined && !mayProduce(role, probe.type)) continue;
    // Re-opening an opened file is a harmless no-op, not something to offer.
    if (action === 'open' && !state.awaitingOpen) continue;
    allowed.add(action);
  }
  return allowed;
}
