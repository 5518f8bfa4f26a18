import Dexie from 'dexie';
import { readEvents, readMeta } from '@doc/record-doc.ts';
import type { EventFields } from '@domain/change.ts';
import { findPerson } from '@domain/directory.ts';
import type { RecordEvent } from '@domain/events.ts';
import { foldGroup, GROUP_META, groupProblem } from '@domain/groups.ts';
import { asEventId, asRecordId, type PersonId, type RecordId } from '@domain/ids.ts';
import { RECORD_SCHEMA_VERSION, type RecordMeta } from '@domain/record.ts';
import { parseEvent, parseMeta } from '@domain/validate-event.ts';
import { loadRecordDoc, recordLog, storeLocalChange } from '../db/record-store.ts';
import { CommandRefused, runCommand, type CommandScope } from './command-runner.ts';
import type { DeviceContext, Outcome } from './service-types.ts';
import { signChange } from './sign-change.ts';

/**
 * Saved groups of recipients on the device (src/domain/groups.ts, decision
 * 0014): making one from the people chosen, renaming it, setting its members
 * and deleting it. Each is one durable transaction that signs what it adds with
 * the person's device key and leaves it in the outbox, like any change to a
 * record, so a group made offline syncs later. The tablet asks the server's
 * rule (groupProblem) first: only a person of the group's office changes it.
 */

export interface GroupInput {
  readonly name: string;
  readonly members: readonly PersonId[];
}

/** One change to a group: a new name, a new set of members, or its deletion. */
export type GroupChange =
  | { readonly name: string }
  | { readonly members: readonly PersonId[] }
  | { readonly deleted: true };

/** Makes a group of the signed-in person's office; answers its id. */
export function saveRecipientGroup(
  ctx: DeviceContext,
  input: GroupInput,
): Promise<Outcome<RecordId>> {
  const id = asRecordId(ctx.newId());
  return runCommand(
    ctx,
    async (scope) => {
      await changeGroup(scope, id, true, [
        { type: 'groupNamed', name: input.name.trim() },
        { type: 'groupMembersSet', members: [...input.members] },
      ]);
      return id;
    },
    [ctx.db.groups],
  );
}

/** Renames a group, sets its members or deletes it. */
export function changeRecipientGroup(
  ctx: DeviceContext,
  id: RecordId,
  change: GroupChange,
): Promise<Outcome> {
  const fields: EventFields =
    'name' in change
      ? { type: 'groupNamed', name: change.name.trim() }
      : 'members' in change
        ? { type: 'groupMembersSet', members: [...change.members] }
        : { type: 'groupDeleted' };
  return runCommand(
    ctx,
    async (scope) => {
      await changeGroup(scope, id, false, [fields]);
      return undefined;
    },
    [ctx.db.groups],
  );
}

async function changeGroup(
  scope: CommandScope,
  id: RecordId,
  create: boolean,
  fields: readonly EventFields[],
): Promise<void> {
  const { ctx, clock } = scope;
  const { db, person } = ctx;
  const doc = await loadRecordDoc(db, id);
  try {
    const stored = readMeta(doc);
    if (create === stored.ok) throw new CommandRefused(create ? 'notAllowed' : 'notFound');
    const existing = stored.ok ? readEvents(doc) : [];
    if (stored.ok && stored.value.kind !== 'group') throw new CommandRefused('wrongKind');
    clock.observe(existing);
    let meta: RecordMeta | null = null;
    if (create) {
      const t = clock.tick();
      const parsed = parseMeta({
        schemaVersion: RECORD_SCHEMA_VERSION,
        kind: 'group',
        id,
        ...GROUP_META,
        office: person.office,
        createdBy: person.id,
        createdAt: t.hlc,
        createdDeviceTime: t.deviceTime,
        clockVerified: t.clockVerified,
      });
      if (!parsed.ok) throw new CommandRefused('invalidInput', parsed.error);
      meta = parsed.value;
    }
    const root = stored.ok ? stored.value : meta;
    if (root === null) throw new CommandRefused('notFound');
    const events: RecordEvent[] = [];
    for (const f of fields) {
      const t = clock.tick();
      const parsed = parseEvent({ id: asEventId(ctx.newId()), actor: person.id, ...t, ...f });
      if (!parsed.ok) throw new CommandRefused('invalidInput', parsed.error);
      events.push(parsed.value);
    }
    const problem = groupProblem(
      root,
      existing,
      events,
      create,
      (p) => findPerson(ctx.directory, p)?.office,
    );
    if (problem !== null) throw new CommandRefused(problem.reason, problem.detail);
    const change = { meta, events };
    const sealed = ctx.signer
      ? await Dexie.waitFor(signChange(ctx.signer, id, root, existing, change))
      : change;
    const log = await recordLog(db, id);
    const group = foldGroup(sealed.meta ?? root, [...existing, ...sealed.events], log);
    await storeLocalChange(db, id, doc, sealed, group, clock.now());
  } finally {
    doc.destroy();
  }
}
