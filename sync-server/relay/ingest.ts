import type { UpdateContext } from '@doc/validate-update.ts';
import type { VerifyBytes } from '@doc/verify-signed.ts';
import type { Directory } from '@domain/directory.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import { isRestricted } from '@domain/grades.ts';
import type { DeviceId, OfficeId, PersonId, RecordId } from '@domain/ids.ts';
import type { LogEntry } from '@domain/record-log.ts';
import type { RecordEntries, ServerUpdate } from '@protocol/messages.ts';
import { RecordConflictError, type NewLogEntry, type ServerStorage } from '../storage/types.ts';
import { nextContact } from '../sync/device-contact.ts';
import { commitVerdict, loadView } from '../sync/judge-update.ts';
import type { KeyedLocks } from '../sync/keyed-locks.ts';
import type { CommittedRecord } from '../sync/push-hub.ts';
import type { RecordRules } from '../sync/record-rules.ts';

/**
 * An office relay stores what it pulls from the district with the district's
 * own code: each update is validated by src/doc (structure, signatures against
 * the registered device keys, chains, roles, letters) and folded into the
 * relay's log, projection and access lists exactly as a push is
 * (sync/judge-update.ts commitVerdict). What the district already judged is not
 * judged again where only the district can: its clock bounds, unsigned items
 * from before device signatures (the district vouched for those, as it does to a
 * device), and the rules the record's fold decides (grades, closure, volumes,
 * copies, links: folded-problem.ts), which the district judged in its order and
 * with its directory, while the relay may lack the district's positions of its
 * own forwarded work and the newest directory (decision 0010, amendment 4).
 * Nothing the check refuses is stored.
 */

export interface IngestDeps {
  readonly storage: ServerStorage;
  readonly rules: RecordRules;
  readonly directory: Directory;
  readonly locks: KeyedLocks;
  readonly verify: VerifyBytes;
  readonly now: () => number;
  /** The relay's account: the author its pulled rows are stored under. */
  readonly relay: PersonId;
  /** The relay's device at the district: its pushes leave these rows out. */
  readonly deviceId: DeviceId;
}

export interface Ingested {
  readonly committed: readonly CommittedRecord[];
  /** Highest seq written (0 if none). */
  readonly head: number;
  readonly refused: readonly { recordId: RecordId; reason: string; detail: string }[];
  /** The district's entries of events the relay held before (its own pushes): to keep. */
  readonly known: readonly RecordEntries[];
}

/** Rounds before giving up on a record that a tablet's push keeps moving (the next sync retries). */
const ROUNDS = 5;

function pullContext(deps: IngestDeps, keys: Awaited<ReturnType<ServerStorage['deviceKeys']>>) {
  const byId = new Map(keys.map((k) => [k.id, k]));
  const ctx: Omit<UpdateContext, 'recordId'> = {
    actor: deps.relay,
    role: 'deskAssistant',
    authorOk: () => true,
    roleOf: (who) => findPerson(deps.directory, who)?.role,
    approverRoles: (office) => findOffice(deps.directory, office)?.approverRoles,
    signatures: {
      keyOf: (id) => byId.get(id),
      // Stored at the district before any revocation, as a device checks a pull.
      refuseRevoked: false,
      unsignedOk: () => true,
      verify: deps.verify,
    },
  };
  return ctx;
}

/**
 * The district's receipt times and positions for the entries (the relay folds and
 * serves in the district's order, decision 0010, amendment 4), and the district's
 * running-register numbers: the relay numbers no register of its own (amendment 1).
 */
function asReceived(
  entries: readonly NewLogEntry[],
  district: readonly LogEntry[] | undefined,
  office: OfficeId,
): NewLogEntry[] {
  const byId = new Map((district ?? []).map((e) => [e.eventId, e]));
  return entries.map(({ registerIn: _none, ...e }) => {
    const d = byId.get(e.eventId);
    if (d === undefined) return e;
    return {
      ...e,
      receivedAt: d.receivedAt,
      notBefore: d.notBefore,
      upstreamPos: d.pos,
      ...(d.register !== undefined && { registered: { office, ...d.register } }),
    };
  });
}

async function ingestOne(
  deps: IngestDeps,
  u: ServerUpdate,
  ctx: Omit<UpdateContext, 'recordId'>,
  generation: number,
) {
  for (let round = 1; ; round++) {
    const head = await deps.storage.recordHead(u.recordId);
    const view = await loadView(deps.storage, u.recordId);
    const checked = deps.rules.validate(view.state, u.update, ctx, u.recordId);
    if (!checked.ok) return checked;
    const at = deps.now();
    const pushed = { ref: 0, recordId: u.recordId, update: u.update };
    const positions = new Map((u.entries ?? []).map((e) => [e.eventId, e.pos]));
    const receipt = { at, notBefore: 0, positions };
    const verdict = commitVerdict(pushed, view, checked, deps.relay, deps, receipt);
    if (!verdict.ok || verdict.item === null) return verdict;
    const { item } = verdict;
    const stored = {
      ...item,
      entries: asReceived(item.entries ?? [], u.entries, item.office),
      deviceId: deps.deviceId,
      expectedHead: head,
    };
    try {
      const contact = nextContact(deps.deviceId, at, 0, 0);
      const seqs = await deps.storage.commit([stored], at, generation, contact);
      return { ...verdict, seqs };
    } catch (e) {
      if (!(e instanceof RecordConflictError) || round >= ROUNDS) throw e;
    }
  }
}

export async function ingest(
  deps: IngestDeps,
  updates: readonly ServerUpdate[],
): Promise<Ingested> {
  const ctx = pullContext(deps, await deps.storage.deviceKeys());
  const generation = await deps.storage.generation();
  const committed: CommittedRecord[] = [];
  const refused: { recordId: RecordId; reason: string; detail: string }[] = [];
  const known: RecordEntries[] = [];
  let head = 0;
  for (const u of updates) {
    const done = await deps.locks.hold([`record:${u.recordId}`], () =>
      ingestOne(deps, u, ctx, generation),
    );
    if (!done.ok) {
      refused.push({ recordId: u.recordId, reason: done.reason, detail: done.detail });
      continue;
    }
    // Entries of events held here already (the relay's own pushes, in a row the district
    // resequenced, or pulled back from cursor 0): kept by the caller once its push
    // position is saved (district-order.ts), so their rows compact as the district's.
    const fresh = new Set(('seqs' in done ? (done.item?.entries ?? []) : []).map((e) => e.eventId));
    const held = (u.entries ?? []).filter((e) => !fresh.has(e.eventId));
    if (held.length > 0) known.push({ recordId: u.recordId, entries: held });
    if (!('seqs' in done) || done.item === null) continue;
    const { item } = done;
    head = Math.max(head, ...done.seqs);
    const restricted =
      item.group !== true && (item.summary === null || isRestricted(item.summary.grade));
    committed.push({
      recordId: item.recordId,
      office: item.office,
      access: item.access,
      restricted,
    });
  }
  return { committed, head, refused, known };
}
