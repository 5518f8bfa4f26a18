import Dexie, { type Table } from 'dexie';
import { readEvents, readMeta } from '@doc/record-doc.ts';
import { beginChange, type RecordChange } from '@domain/change.ts';
import type { RecordEvent } from '@domain/events.ts';
import { asEventId, type RecordId } from '@domain/ids.ts';
import type { CommandError, Outcome } from '@domain/outcome.ts';
import type { RecordMeta, RecordState } from '@domain/record.ts';
import { openDeviceClock, type DeviceClock } from './device-clock.ts';
import { loadRecordDoc, recordLog, storeLocalChange } from '../db/record-store.ts';
import { searchTables } from '../db/search-rows.ts';
import type { DeviceContext } from './service-types.ts';
import { signChange, type SealedChange } from './sign-change.ts';

/**
 * Runs a command against the device store: one strict-durability transaction
 * over updates, outbox, records, drafts and kv (HLC, counters). The events
 * themselves are made by the domain's commands (src/domain/commands.ts) on a
 * RecordChange opened here; a refusal at any step throws CommandRefused, which
 * aborts the transaction so nothing is half-written, and comes back as an
 * Outcome error.
 */

export class CommandRefused extends Error {
  constructor(
    readonly code: CommandError,
    readonly detail?: string,
  ) {
    super(`${code}${detail ? `: ${detail}` : ''}`);
    this.name = 'CommandRefused';
  }
}

/** The value of an outcome; a refusal throws CommandRefused, aborting the command. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (outcome.ok) return outcome.value;
  throw new CommandRefused(outcome.error, outcome.detail);
}

export interface CommandScope {
  readonly ctx: DeviceContext;
  readonly clock: DeviceClock;
}

export async function runCommand<T>(
  ctx: DeviceContext,
  work: (scope: CommandScope) => Promise<T>,
  /** Tables beyond a record's (a saved group's `groups`, group-commands.ts). */
  more: readonly Table[] = [],
): Promise<Outcome<T>> {
  const { db } = ctx;
  try {
    const value = await db.transaction(
      'rw',
      [
        db.updates,
        db.outbox,
        db.records,
        ...searchTables(db),
        db.logEntries,
        db.drafts,
        db.kv,
        ...more,
      ],
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

/**
 * Changes one record inside runCommand: its document is loaded and folded
 * once, `build` runs domain commands on the change (they check schema, role
 * and rules against that fold), and what they added is sealed and written as
 * one Yjs update, with the projection row of the state they left. A change
 * that adds nothing writes nothing.
 */
export async function changeRecord<T>(
  scope: CommandScope,
  recordId: RecordId,
  build: (change: RecordChange) => T | Promise<T>,
): Promise<T> {
  const { ctx, clock } = scope;
  const doc = await loadRecordDoc(ctx.db, recordId);
  try {
    const meta = readMeta(doc);
    // A saved group of recipients changes through group-commands.ts only.
    if (meta.ok && meta.value.kind === 'group') throw new CommandRefused('wrongKind');
    const log = await recordLog(ctx.db, recordId);
    const existing = meta.ok ? { meta: meta.value, events: readEvents(doc), log } : null;
    if (existing) clock.observe(existing.events);
    const change = beginChange(existing, {
      actor: ctx.person.id,
      role: ctx.person.role,
      tick: () => clock.tick(),
      newEventId: () => asEventId(ctx.newId()),
      now: clock.now(),
    });
    const result = await build(change);
    const state = change.state();
    if (state === null) throw new CommandRefused('notFound');
    if (change.created !== null || change.events.length > 0) {
      const existingEvents = existing?.events ?? [];
      const sealed = await seal(ctx, recordId, existing?.meta ?? null, existingEvents, change);
      await storeLocalChange(ctx.db, recordId, doc, sealed, state, clock.now());
    }
    return result;
  } finally {
    doc.destroy();
  }
}

/**
 * The one place a built change passes before it is written. With the person's
 * device key (signing-key.ts) it signs each new meta and event (sign-change.ts);
 * WebCrypto is not an IndexedDB request, so Dexie.waitFor keeps the command's
 * transaction open meanwhile and nothing can change the record between building
 * the change and writing it. A session without a key (an offline sign-in of an
 * account remembered before keys) writes its items unsigned: the server takes them
 * only from their author's own session. HMAC author keys no longer attest anything.
 */
async function seal(
  ctx: DeviceContext,
  recordId: RecordId,
  meta: RecordMeta | null,
  existing: readonly RecordEvent[],
  change: RecordChange,
): Promise<SealedChange> {
  const { created, events } = change;
  const root = meta ?? created;
  if (ctx.signer && root !== null) {
    const work = signChange(ctx.signer, recordId, root, existing, { meta: created, events });
    return Dexie.waitFor(work);
  }
  return { meta: created, events };
}

/** The record's state, or a refusal if it is missing or of the wrong kind. */
export function requireKind(
  state: RecordState | null,
  kind: RecordMeta['kind'],
): Outcome<RecordState> {
  if (state === null) return { ok: false, error: 'notFound' };
  if (state.meta.kind !== kind) return { ok: false, error: 'wrongKind' };
  return { ok: true, value: state };
}
