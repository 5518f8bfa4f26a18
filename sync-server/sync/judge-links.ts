import type { FileLinkedEvent } from '@domain/events.ts';
import { linkProblem } from '@domain/file-links.ts';
import { isRestricted } from '@domain/grades.ts';
import type { RecordId } from '@domain/ids.ts';
import type { RecordRow } from '@domain/projection.ts';
import type { Scope } from '../storage/types.ts';
import { refuse, type RecordView, type Refused } from './judge-update.ts';
import { reachOf, recordInScope } from './scope.ts';
import type { SyncDeps } from './sync-deps.ts';

/**
 * `Link file` at the server (@domain/file-links.ts): each new link must name
 * a file the pusher may see, by its own number and subject, and not a
 * confidential or secret one: the same linkProblem the tablet asks before it
 * makes the link. The named file is looked up among this request's accepted
 * records first (a file created and linked offline arrives in one push), then
 * in storage. A refusal is `linkInvalid` and stores nothing of the update.
 */
export async function linkRefusal(
  deps: Pick<SyncDeps, 'storage' | 'rules'>,
  scope: Scope,
  links: readonly FileLinkedEvent[],
  view: RecordView,
  inRequest: ReadonlyMap<RecordId, RecordRow>,
): Promise<Refused | null> {
  for (const e of links) {
    const target = inRequest.get(e.file) ?? (await stored(deps, scope, e.file));
    const problem = linkProblem(e, target);
    if (problem !== null) return refuse('linkInvalid', problem, view.state);
  }
  return null;
}

/** The stored file as the pusher may know it: null when absent or out of their scope. */
async function stored(
  deps: Pick<SyncDeps, 'storage' | 'rules'>,
  scope: Scope,
  id: RecordId,
): Promise<RecordRow | null> {
  const reach = await reachOf(deps.storage, id);
  if (reach === null || !recordInScope(scope, reach)) return null;
  return deps.rules.summarize(await deps.storage.recordState(id)).summary;
}

/** What an accepted record of this request is, for links made in the same push. */
export function inRequestRow(row: RecordRow | null | undefined, scope: Scope): RecordRow | null {
  if (row == null) return null;
  const access = [...row.participants, ...row.readers];
  const restricted = isRestricted(row.grade);
  return recordInScope(scope, { office: row.office, access, restricted }) ? row : null;
}
