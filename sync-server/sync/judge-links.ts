import { attachDepthProblem, attachProblem } from '@domain/file-attach.ts';
import {
  heldOrSentTo,
  linkedHolderProblem,
  linkProblem,
  type NamingEvent,
} from '@domain/file-links.ts';
import { isRestricted } from '@domain/grades.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { RecordState } from '@domain/record.ts';
import type { Scope } from '../storage/types.ts';
import { refuse, type Refused } from './judge-update.ts';
import { reachOf, recordInScope } from './scope.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * Events naming another file, at the server: `Link file` (@domain/file-links.ts),
 * `Remove link` from the linked file's side (linkedHolderProblem, `unlinkInvalid`)
 * and a file attached under another (@domain/file-attach.ts). Each must name a
 * file the pusher may see, by its own number (and subject), and a link not a
 * confidential or secret file: the same linkProblem and attachProblem the
 * tablet asks before it makes the event. The named file is looked up among
 * this request's accepted records first (files created, linked or attached
 * offline arrive in one push, in any order), then in storage. An attach naming
 * a stored file and taking effect on its own record (not kept as a conflict by
 * its fold, as a cycle is) must not make a file two deep (attachDepthProblem);
 * the two halves of a real pair come in one push. A refusal is `linkInvalid` or
 * `attachInvalid` and stores nothing of the update.
 */

export interface Naming {
  readonly recordId: RecordId;
  readonly named: readonly NamingEvent[];
  /** The ids of those the record's fold keeps as conflicts: they attach nothing. */
  readonly conflicts: ReadonlySet<string>;
  /** The server's state of the naming record before the update (the refusal carries it). */
  readonly serverState: Uint8Array;
}

export async function namingRefusals(
  deps: Pick<SyncDeps, 'storage' | 'rules'>,
  scope: Scope,
  namings: readonly Naming[],
  inRequest: ReadonlyMap<RecordId, RecordRow>,
): Promise<Map<RecordId, Refused>> {
  const refused = new Map<RecordId, Refused>();
  for (const { recordId, named, conflicts, serverState } of namings) {
    for (const e of named) {
      const inPush = inRequest.get(e.file);
      const found = inPush === undefined ? await stored(deps, scope, e.file) : null;
      const target = inPush ?? found?.row ?? null;
      const problem =
        e.type === 'fileLinked'
          ? linkProblem(e, target)
          : e.type === 'fileUnlinked'
            ? linkedHolderProblem(e, target)
            : (attachProblem(e, target) ??
              (found?.state == null || conflicts.has(e.id)
                ? null
                : attachDepthProblem(e, found.state)));
      if (problem === null) continue;
      const reason =
        e.type === 'fileLinked'
          ? 'linkInvalid'
          : e.type === 'fileUnlinked'
            ? 'unlinkInvalid'
            : 'attachInvalid';
      refused.set(recordId, refuse(reason, problem, serverState));
      break;
    }
  }
  return refused;
}

/** The stored file as the pusher may know it, and its state: null when absent or out of their scope. */
async function stored(
  deps: Pick<SyncDeps, 'storage' | 'rules'>,
  scope: Scope,
  id: RecordId,
): Promise<{ readonly row: RecordRow | null; readonly state: RecordState | null } | null> {
  const reach = await reachOf(deps.storage, id);
  if (reach === null || !recordInScope(scope, reach)) return null;
  const folded = deps.rules.summarize(await deps.storage.recordState(id));
  const row = withHolders(folded.summary, folded.state ? heldOrSentTo(folded.state) : undefined);
  return { row, state: folded.state ?? null };
}

/**
 * The row with everyone who held the file or was sent it as its participants
 * (heldOrSentTo): the "never held" checks ask that of the other file, not who
 * holds it by the server's order alone. Used only for this request's checks.
 */
export function withHolders(
  row: RecordRow | null,
  heldBy: readonly PersonId[] | undefined,
): RecordRow | null {
  return row === null || heldBy === undefined ? row : { ...row, participants: heldBy };
}

/** What an accepted record of this request is, for events naming it in the same push. */
export function inRequestRow(row: RecordRow | null | undefined, scope: Scope): RecordRow | null {
  if (row == null) return null;
  const access = [...row.participants, ...row.readers];
  const restricted = isRestricted(row.grade);
  return recordInScope(scope, { office: row.office, access, restricted }) ? row : null;
}
