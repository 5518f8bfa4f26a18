import type { Role } from './directory.ts';
import type { Priority, ReceiptMode, RecordEvent } from './events.ts';
import { LIMITS } from './events.ts';
import { hlcWallMs } from './hlc.ts';
import type { EventId, OfficeId, PersonId, RecordId } from './ids.ts';
import type { Category, ConflictReason, RecordKind, RecordMeta, RecordState } from './record.ts';
import { RECORD_SCHEMA_VERSION } from './record.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';
import { mayProduce } from './roles.ts';
import { checkEvent } from './rules.ts';
import { isIsoDate, parseEvent, parseMeta } from './validate-event.ts';

/**
 * Commands turn a person's intent into an event, refusing up front what the
 * fold would reject (same rules, see rules.ts), so a device never records a
 * move it knows to be invalid. Movement commands take their basis from the
 * state the person is looking at; a concurrent move elsewhere then shows up
 * as a conflict instead of being lost.
 */

export interface EventContext {
  readonly actor: PersonId;
  /** A fresh HLC tick, made after receiving the record's latest event HLC. */
  readonly hlc: string;
  readonly deviceTime: number;
  readonly clockVerified: boolean;
  readonly newEventId: () => EventId;
}

export type CommandError =
  | ConflictReason
  | 'noRecord'
  | 'emptyText'
  | 'textTooLong'
  | 'invalidDate'
  | 'sendToSelf'
  | 'invalidInput'
  /** ctx.hlc is older than the record's latest event: the HLC missed a `receive`. */
  | 'clockBehind';

export type CommandResult = Result<RecordEvent, CommandError>;

export type Action =
  'note' | 'send' | 'pullBack' | 'park' | 'close' | 'reopen' | 'open' | 'putInFile';

function checkText(text: string, max: number, required: boolean): CommandError | null {
  if (required && text.trim().length === 0) return 'emptyText';
  return text.length > max ? 'textTooLong' : null;
}

function base(ctx: EventContext) {
  return {
    id: ctx.newEventId(),
    actor: ctx.actor,
    hlc: ctx.hlc,
    deviceTime: ctx.deviceTime,
    clockVerified: ctx.clockVerified,
  };
}

/** Schema-check the built event, then the workflow rules against `state`. */
function finish(state: RecordState | null, candidate: Record<string, unknown>): CommandResult {
  const parsed = parseEvent(candidate);
  if (!parsed.ok) return err('invalidInput');
  if (state === null) return err('noRecord');
  if (hlcWallMs(parsed.value.hlc) < state.lastActivity) return err('clockBehind');
  const reason = checkEvent(state, parsed.value);
  return reason === null ? ok(parsed.value) : err(reason);
}

export function makeNoting(
  state: RecordState | null,
  ctx: EventContext,
  input: { readonly text: string },
): CommandResult {
  const problem = checkText(input.text, LIMITS.notingChars, true);
  if (problem !== null) return err(problem);
  return finish(state, { ...base(ctx), type: 'noting', text: input.text });
}

export function makeSend(
  state: RecordState | null,
  ctx: EventContext,
  input: {
    readonly to: PersonId;
    readonly remarks: string;
    readonly dueDate: string | null;
    readonly priority: Priority;
  },
): CommandResult {
  if (input.to === ctx.actor) return err('sendToSelf');
  const problem = checkText(input.remarks, LIMITS.remarksChars, false);
  if (problem !== null) return err(problem);
  if (input.dueDate !== null && !isIsoDate(input.dueDate)) return err('invalidDate');
  return finish(state, {
    ...base(ctx),
    type: 'sent',
    basis: state?.head ?? null,
    to: input.to,
    remarks: input.remarks,
    dueDate: input.dueDate,
    priority: input.priority,
  });
}

function makeBareMove(
  type: 'opened' | 'pulledBack' | 'reopened',
  state: RecordState | null,
  ctx: EventContext,
): CommandResult {
  return finish(state, { ...base(ctx), type, basis: state?.head ?? null });
}

export function makeOpen(state: RecordState | null, ctx: EventContext): CommandResult {
  // Opening an already-opened file is harmless in the fold but records nothing new.
  if (state !== null && !state.awaitingOpen) return err('notAllowed');
  return makeBareMove('opened', state, ctx);
}

export function makePullBack(state: RecordState | null, ctx: EventContext): CommandResult {
  return makeBareMove('pulledBack', state, ctx);
}

export function makeReopen(state: RecordState | null, ctx: EventContext): CommandResult {
  return makeBareMove('reopened', state, ctx);
}

function makeRemarkedMove(
  type: 'parked' | 'closed',
  state: RecordState | null,
  ctx: EventContext,
  remarks: string,
): CommandResult {
  const problem = checkText(remarks, LIMITS.remarksChars, false);
  if (problem !== null) return err(problem);
  return finish(state, { ...base(ctx), type, basis: state?.head ?? null, remarks });
}

export function makePark(
  state: RecordState | null,
  ctx: EventContext,
  input: { readonly remarks: string } = { remarks: '' },
): CommandResult {
  return makeRemarkedMove('parked', state, ctx, input.remarks);
}

export function makeClose(
  state: RecordState | null,
  ctx: EventContext,
  input: { readonly remarks: string } = { remarks: '' },
): CommandResult {
  return makeRemarkedMove('closed', state, ctx, input.remarks);
}

/**
 * The first event of a new receipt. `state` is null while the receipt is
 * being created (the event goes into the new document with its meta).
 */
export function makeDiarise(
  state: RecordState | null,
  ctx: EventContext,
  input: {
    readonly from: string;
    readonly letterNumber: string;
    readonly letterDate: string;
    readonly mode: ReceiptMode;
  },
): CommandResult {
  for (const field of [input.from, input.letterNumber]) {
    const problem = checkText(field, LIMITS.shortFieldChars, true);
    if (problem !== null) return err(problem);
  }
  if (!isIsoDate(input.letterDate)) return err('invalidDate');
  const candidate = { ...base(ctx), type: 'diarised', ...input };
  if (state !== null) return finish(state, candidate);
  const parsed = parseEvent(candidate);
  return parsed.ok ? parsed : err('invalidInput');
}

export function makePutInFile(
  state: RecordState | null,
  ctx: EventContext,
  input: { readonly fileId: RecordId; readonly fileNumber: string },
): CommandResult {
  return finish(state, { ...base(ctx), type: 'putInFile', basis: state?.head ?? null, ...input });
}

export function makeReceiptAttached(
  state: RecordState | null,
  ctx: EventContext,
  input: { readonly receiptId: RecordId; readonly diaryNumber: string; readonly subject: string },
): CommandResult {
  const problem = checkText(input.subject, LIMITS.subjectChars, true);
  if (problem !== null) return err(problem);
  return finish(state, { ...base(ctx), type: 'receiptAttached', ...input });
}

/** Meta of a new record; written once into its document. */
export function makeMeta(
  ctx: Omit<EventContext, 'newEventId'>,
  input: {
    readonly kind: RecordKind;
    readonly id: RecordId;
    readonly number: string;
    readonly subject: string;
    readonly category: Category;
    readonly office: OfficeId;
  },
): Result<RecordMeta, CommandError> {
  const problem = checkText(input.subject, LIMITS.subjectChars, true);
  if (problem !== null) return err(problem);
  const parsed = parseMeta({
    schemaVersion: RECORD_SCHEMA_VERSION,
    ...input,
    createdBy: ctx.actor,
    createdAt: ctx.hlc,
    createdDeviceTime: ctx.deviceTime,
    clockVerified: ctx.clockVerified,
  });
  return parsed.ok ? parsed : err('invalidInput');
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
