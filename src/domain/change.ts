import type { Role } from './directory.ts';
import type { EventBase, RecordEvent } from './events.ts';
import { sortEvents } from './event-order.ts';
import { startFold, type Folding } from './fold.ts';
import type { RecordLog } from './record-log.ts';
import type { EventId, PersonId } from './ids.ts';
import { refused, type Outcome } from './outcome.ts';
import {
  RECORD_SCHEMA_VERSION,
  type FoldedMeta,
  type RecordKind,
  type RecordMeta,
  type RecordState,
} from './record.ts';
import { mayProduce } from './roles.ts';
import { LIMITS } from './events.ts';
import { parseEvent, parseMeta } from './validate-event.ts';

/**
 * A change to one record, as a command builds it: the record's events are
 * folded once when the change begins, and every event a command adds is
 * checked (event schema, the person's role, the fold's own rules) and then
 * applied to that same fold. A command therefore never records a move it knows
 * to be invalid, and what it sees after each event is exactly what every
 * replica will fold. The caller writes `created` and `events` (see
 * src/storage/commands/record-change.ts on the device).
 */

/** The clock part of a new event or meta. */
export type Tick = Pick<EventBase, 'hlc' | 'deviceTime' | 'clockVerified'>;

export interface ChangeContext {
  readonly actor: PersonId;
  /** When given, events of types the role may not make are refused (`roleForbidden`). */
  readonly role?: Role;
  /** The next timestamp; its HLC must sort after every event of the record (the HLC received them). */
  readonly tick: () => Tick;
  readonly newEventId: () => EventId;
  /** Wall time (ms) for the dwell times of the state commands look at. */
  readonly now: number;
}

/** An event as a command describes it: its type and payload, without the stamped common fields. */
export type EventFields = RecordEvent extends infer E
  ? E extends RecordEvent
    ? Omit<E, keyof EventBase>
    : never
  : never;

/** What a command says about a new record; the rest of its meta comes from the context. */
export type MetaFields = Pick<RecordMeta, 'id' | 'number' | 'subject' | 'category' | 'office'> & {
  readonly kind: RecordKind;
};

/** A record as stored: its meta and its events in any order. */
export interface StoredRecord {
  readonly meta: RecordMeta;
  readonly events: readonly RecordEvent[];
  /** The server's log of the record (its order and time bounds; record-log.ts), if known. */
  readonly log?: RecordLog;
}

export interface RecordChange {
  readonly ctx: ChangeContext;
  /** The record with the change applied so far; null while it does not exist. */
  state(): RecordState | null;
  /** The meta written by this change, when it creates the record. */
  readonly created: FoldedMeta | null;
  /** The events added so far, in order. */
  readonly events: readonly RecordEvent[];
  /** Makes the meta of a new record (only when the change began without one). */
  create(fields: MetaFields): Outcome<FoldedMeta>;
  /** Stamps, checks and applies one event; nothing is added when it is refused. */
  add(fields: EventFields): Outcome<RecordEvent>;
}

export function beginChange(existing: StoredRecord | null, ctx: ChangeContext): RecordChange {
  let folding: Folding | null = null;
  if (existing !== null) {
    folding = startFold(existing.meta, existing.log);
    for (const e of sortEvents(existing.events, existing.log)) folding.add(e);
  }
  let created: FoldedMeta | null = null;
  const events: RecordEvent[] = [];

  function create(fields: MetaFields): Outcome<FoldedMeta> {
    if (folding !== null) return refused('notAllowed', 'the record exists');
    const t = ctx.tick();
    const parsed = parseMeta({
      schemaVersion: RECORD_SCHEMA_VERSION,
      ...fields,
      createdBy: ctx.actor,
      createdAt: t.hlc,
      createdDeviceTime: t.deviceTime,
      clockVerified: t.clockVerified,
    });
    if (!parsed.ok) return refused('invalidInput', parsed.error);
    // Its kind is the command's, a file's or a receipt's (MetaFields).
    created = parsed.value as FoldedMeta;
    folding = startFold(created);
    return { ok: true, value: created };
  }

  function add(fields: EventFields): Outcome<RecordEvent> {
    if (folding === null) return refused('notFound');
    const id = ctx.newEventId();
    const t = ctx.tick();
    const parsed = parseEvent({
      id,
      actor: ctx.actor,
      hlc: t.hlc,
      deviceTime: t.deviceTime,
      clockVerified: t.clockVerified,
      ...fields,
    });
    if (!parsed.ok) return refused('invalidInput', parsed.error);
    // Stored notings may be longer (made before the limit); a new one may not.
    if (parsed.value.type === 'noting' && parsed.value.text.length > LIMITS.newNotingChars)
      return refused('invalidInput', `noting: at most ${LIMITS.newNotingChars} characters`);
    const e = parsed.value;
    if (ctx.role !== undefined && !mayProduce(ctx.role, e.type))
      return refused('roleForbidden', e.type);
    // Its clock did not receive the record's latest event: folding it last would be wrong.
    if (!folding.follows(e)) return refused('invalidInput', 'clockBehind');
    const reason = folding.check(e);
    if (reason !== null) return refused(reason, e.type);
    folding.add(e);
    events.push(e);
    return { ok: true, value: e };
  }

  return {
    ctx,
    state: () => folding?.state(ctx.now) ?? null,
    get created() {
      return created;
    },
    events,
    create,
    add,
  };
}
