import * as Y from 'yjs';
import { newRecordYDoc, readMeta } from '@doc/record-doc.ts';
import { eventsInUpdate } from '@doc/update-events.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import type { DeviceId, PersonId, RecordId } from '@domain/ids.ts';
import { saveRefolded } from './district-order.ts';
import { formatRegisterNumber } from '@domain/running-register.ts';
import type { Refusal } from '@protocol/messages.ts';
import type { AppContext } from '../http/context.ts';
import type { ServerStorage } from '../storage/types.ts';
import { reachOf, recordInScope, scopeOf } from '../sync/scope.ts';
import type { LaterRefusals } from './later-refusals.ts';

/**
 * The district refused an update the relay forwarded (docs/decisions/0013): what
 * the relay holds of the record and the district does not is the refused change.
 * It is kept for every tablet whose signed work is in it (later-refusals.ts), and
 * the relay's copy of the record is set back to the district's state, as a
 * tablet's is after a refusal: the relay stops showing and serving the refused
 * work as accepted, and what its tablets do next on the record builds on what
 * the district holds. When the district holds nothing of the record (a new record
 * refused whole), the refusal is kept as whole and the relay takes its copy back
 * (storage removeRecord): it no longer serves the record, and the tablets told of
 * it keep nothing of it either (tell-refusals.ts). Those are, besides the authors'
 * tablets, every tablet signed in at the relay whose person may see the record: the
 * relay does not know which of them pulled it (amendment 5); one that never had it
 * takes the refusal without keeping anything (sync-store.ts quarantineLater).
 */

export interface KeepDeps {
  readonly ctx: Pick<AppContext, 'storage' | 'rules' | 'locks' | 'directory'>;
  readonly refusals: LaterRefusals;
  readonly now: () => number;
  readonly log: (line: string) => void;
  /** The relay's account, under which it stores what it pulls from the district. */
  readonly relay: PersonId;
  /** The relay's device at the district (`deviceId`): its pushes leave out rows stored as its. */
  readonly state: { readonly deviceId: DeviceId };
}

/** The devices whose keys signed the change's events (and a new record's meta). */
async function authorsOf(storage: ServerStorage, change: Uint8Array): Promise<DeviceId[]> {
  const keys = new Set(eventsInUpdate(change).map((e) => e.key));
  const doc = newRecordYDoc();
  try {
    Y.applyUpdate(doc, change);
    const meta = readMeta(doc);
    if (meta.ok && meta.value.key !== undefined) keys.add(meta.value.key);
  } catch {
    // An update that builds on the record reads no meta: its events are enough.
  }
  const byKey = new Map((await storage.deviceKeys()).map((k) => [k.id, k.device]));
  const devices = new Set<DeviceId>();
  for (const k of keys) {
    const device = k === undefined ? undefined : byKey.get(k);
    if (device !== undefined) devices.add(device);
  }
  return [...devices];
}

/**
 * The tablets with a live session at the relay whose person may see the record (its
 * reach now, before the relay takes it back): any of them may have pulled it.
 */
async function mayHavePulled(deps: KeepDeps, recordId: RecordId): Promise<DeviceId[]> {
  const { storage, directory } = deps.ctx;
  const reach = await reachOf(storage, recordId);
  if (reach === null) return [];
  const devices = new Set<DeviceId>();
  for (const s of await storage.listLiveSessions(deps.now())) {
    const person = findPerson(directory, s.person);
    if (person !== undefined && recordInScope(scopeOf(person), reach)) devices.add(s.deviceId);
  }
  return [...devices];
}

/**
 * The running-register numbers the record's dispatches took at the relay. Taken back
 * whole, the record keeps them: its log entries stay, so do their register rows, and
 * the next dispatch takes the number after the highest (decision 0013, amendment 6).
 */
async function registerNumbers(deps: KeepDeps, recordId: RecordId): Promise<string[]> {
  const { storage, directory } = deps.ctx;
  const office = await storage.recordOffice(recordId);
  const code = office === null ? undefined : findOffice(directory, office)?.code;
  return (await storage.recordLog(recordId)).flatMap((e) =>
    e.register === undefined ? [] : [formatRegisterNumber(code ?? String(office), e.register)],
  );
}

/**
 * The district holds nothing of the record: it sent no state, and not because the
 * record is another office's (`outOfScope` of a record it holds, judge-update.ts,
 * also comes with no state: a tablet told of it keeps its copy, as before).
 */
export function refusedWhole(r: Pick<Refusal, 'reason' | 'serverState'>): boolean {
  return r.serverState.length === 0 && r.reason !== 'outOfScope';
}

/**
 * Not for `recordDamaged`, which comes with no state although the district holds the
 * record: the relay holds that push and sends it again (upstream.ts, decision 0013
 * amendment 3).
 */
export async function keepLaterRefusal(deps: KeepDeps, r: Refusal): Promise<void> {
  const { storage, rules, locks } = deps.ctx;
  await locks.hold([`record:${r.recordId}`], async () => {
    const mine = await storage.recordState(r.recordId);
    if (mine.length === 0) return;
    const whole = refusedWhole(r);
    // With no state from the district (refused whole, or another office's record) all the
    // relay holds is what was refused; an empty state is no update to diff against.
    const change =
      r.serverState.length === 0
        ? mine
        : Y.diffUpdate(mine, Y.encodeStateVectorFromUpdate(r.serverState));
    const at = deps.now();
    const authors = await authorsOf(storage, change);
    // Taken back whole: every tablet that may hold a copy is told, not only the authors'.
    const devices = whole
      ? [...new Set([...authors, ...(await mayHavePulled(deps, r.recordId))])]
      : authors;
    const id = deps.refusals.add(
      { recordId: r.recordId, reason: r.reason, detail: r.detail, change, whole, at },
      devices,
    );
    const numbered = whole ? await registerNumbers(deps, r.recordId) : [];
    // Taken back, after the refusal is kept: the relay serves nothing the district does not hold.
    if (whole) await storage.removeRecord(r.recordId);
    else if (r.serverState.length > 0) {
      // Stored as pulled from the district: the relay's next push must not send it back upstream.
      const pulledBy = { deviceId: deps.state.deviceId, person: deps.relay };
      await storage.replaceRecordRows(r.recordId, r.serverState, at, pulledBy);
      await saveRefolded(storage, rules, r.recordId);
    }
    // A gap in the relay's register explained: the numbers stay with the dispatches taken back.
    const taken =
      numbered.length === 0 ? '' : `; its register numbers stay taken: ${numbered.join(', ')}`;
    deps.log(`relay: kept refusal ${id} of ${r.recordId} for ${devices.length} tablet(s)${taken}`);
  });
}
