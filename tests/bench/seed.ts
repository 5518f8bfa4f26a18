import type { DeviceId, PersonId, RecordId } from '@domain/ids.ts';
import type { GeneratedOffice, GenRecord, Step } from './generate.ts';
import { pushAll, signIn, type WireSession } from './lib/wire.ts';

/**
 * Loads a generated office into a running server through the real sync
 * protocol: each person pushes their own turns (the server checks that every
 * event's actor is the signed-in person), in rounds so that a record's turns
 * arrive in the order they were made.
 */

export type Sessions = Map<PersonId, WireSession>;

export async function signInOffice(origin: string, office: GeneratedOffice): Promise<Sessions> {
  const sessions: Sessions = new Map();
  for (const [person, deviceId] of office.devices) {
    // Each person's key signs what they write (generate.ts), registered as a tablet does.
    const key = office.signers.get(person)?.registration;
    const s = await signIn(origin, person, deviceId, fetch, key);
    sessions.set(person, { origin, token: s.token, deviceId: deviceId as DeviceId, fetch });
  }
  return sessions;
}

export interface Turn {
  readonly recordId: RecordId;
  readonly step: Step;
}

/** Pushes turns grouped by person, preserving each person's order. */
export async function pushTurns(sessions: Sessions, turns: readonly Turn[]): Promise<void> {
  const byActor = new Map<PersonId, { recordId: RecordId; update: Uint8Array }[]>();
  for (const t of turns) {
    const list = byActor.get(t.step.actor) ?? [];
    list.push({ recordId: t.recordId, update: t.step.update });
    byActor.set(t.step.actor, list);
  }
  for (const [actor, updates] of byActor) {
    const s = sessions.get(actor);
    if (s === undefined) throw new Error(`no session for ${actor}`);
    await pushAll(s, updates);
  }
}

/** Pushes the whole history of `records`, round by round. */
export async function seedRecords(
  sessions: Sessions,
  records: readonly GenRecord[],
): Promise<void> {
  const rounds = Math.max(0, ...records.map((r) => r.steps.length));
  for (let k = 0; k < rounds; k++) {
    const turns: Turn[] = [];
    for (const r of records) {
      const step = r.steps[k];
      if (step !== undefined) turns.push({ recordId: r.id, step });
    }
    await pushTurns(sessions, turns);
  }
}
