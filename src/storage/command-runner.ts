import { attestEvent, attestMeta } from '@doc/attest.ts';
import { readEvents } from '@doc/record-doc.ts';
import type { EventBase, RecordEvent } from '@domain/events.ts';
import { foldRecord } from '@domain/fold.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import { err, type Result } from '@domain/result.ts';
import { mayProduce } from '@domain/roles.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';
import { openDeviceClock, type DeviceClock } from './device-clock.ts';
import { commitLocalEvents, type LocalChange } from './record-store.ts';
import type { DeviceContext, Outcome, ServiceError } from './service-types.ts';

/**
 * Runs a command against the device store: one strict-durability transaction
 * over updates, outbox, records, drafts and kv (HLC, counters). A refusal at
 * any step throws CommandRefused, which aborts the transaction so nothing is
 * half-written, and comes back as an Outcome error.
 */

export class CommandRefused extends Error {
  constructor(
    readonly code: ServiceError,
    readonly detail?: string,
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'CommandRefused';
  }
}

export interface CommandScope {
  readonly ctx: DeviceContext;
  readonly clock: DeviceClock;
}

export async function runCommand<T>(
  ctx: DeviceContext,
  work: (scope: CommandScope) => Promise<T>,
): Promise<Outcome<T>> {
  const { db } = ctx;
  try {
    const value = await db.transaction(
      'rw',
      [db.updates, db.outbox, db.records, db.drafts, db.kv],
      async () => {
        const clock = await openDeviceClock(ctx);
        const result = await work({ ctx, clock });
        await clock.save();
        return result;
      },
    );
    return { ok: true, value };
  } catch (e) {
    if (e instanceof CommandRefused) {
      return e.detail === undefined
        ? { ok: false, error: e.code }
        : { ok: false, error: e.code, detail: e.detail };
    }
    throw e;
  }
}

/** Builds the change from the current state; `stamp()` gives each new event's common fields. */
export type BuildChange = (
  state: RecordState | null,
  stamp: () => EventBase,
) => Result<LocalChange, ServiceError>;

/**
 * Appends events to one record inside runCommand. The built events are checked
 * by the same rules the fold applies (they must not end up as conflicts), by
 * the event schema and by the person's role, then attested with the person's
 * author key, before anything is written.
 */
export async function appendLocal(
  scope: CommandScope,
  recordId: RecordId,
  build: BuildChange,
): Promise<RecordState> {
  const { ctx, clock } = scope;
  const result = await commitLocalEvents(
    ctx.db,
    recordId,
    ({ doc, state }) => {
      const existing = readEvents(doc);
      clock.observe(existing);
      const built = build(state, () => clock.stamp());
      if (!built.ok) return err(new CommandRefused(built.error));
      const refusal = checkChange(
        ctx,
        state?.meta ?? built.value.meta,
        existing,
        built.value,
        clock.now(),
      );
      return refusal ? err(refusal) : { ok: true, value: attested(built.value, ctx.authorKey) };
    },
    clock.now(),
  );
  if (!result.ok) throw result.error;
  return result.value;
}

/**
 * Signs the change with the person's author key, so it is accepted even if it
 * is pushed after they sign out, under the next person's session. HMAC is
 * synchronous, so this is safe inside the IndexedDB transaction.
 */
function attested(change: LocalChange, key: Uint8Array | null | undefined): LocalChange {
  if (key === null || key === undefined) return change;
  const events = change.events.map((e) => attestEvent(e, key));
  return change.meta ? { meta: attestMeta(change.meta, key), events } : { events };
}

function checkChange(
  ctx: DeviceContext,
  meta: RecordMeta | undefined,
  existing: readonly RecordEvent[],
  change: LocalChange,
  now: number,
): CommandRefused | null {
  if (meta === undefined) return new CommandRefused('notFound');
  if (change.meta) {
    const parsed = parseMeta(change.meta);
    if (!parsed.ok) return new CommandRefused('invalidInput', parsed.error);
  }
  for (const e of change.events) {
    const parsed = parseEvent(e);
    if (!parsed.ok) return new CommandRefused('invalidInput', parsed.error);
    if (!mayProduce(ctx.person.role, e.type)) return new CommandRefused('roleForbidden', e.type);
  }
  const state = foldRecord(meta, [...existing, ...change.events], now);
  const ids = new Set(change.events.map((e) => e.id));
  const conflict = state.conflicts.find((c) => ids.has(c.event.id));
  return conflict ? new CommandRefused(conflict.reason, conflict.event.type) : null;
}

/** The record's state, or a refusal if it is missing or of the wrong kind. */
export function requireKind(
  state: RecordState | null,
  kind: RecordMeta['kind'],
): Result<RecordState, ServiceError> {
  if (state === null) return err('notFound');
  if (state.meta.kind !== kind) return err('wrongKind');
  return { ok: true, value: state };
}
