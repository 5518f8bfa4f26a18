import type { RecordChange } from './change.ts';
import type { RecordEvent } from './events.ts';
import type { RecordId } from './ids.ts';
import { linkProblem, unlinkerProblem, type LinkTarget } from './file-links.ts';
import type { RecordState } from './record.ts';
import { refused, type Outcome } from './outcome.ts';

/**
 * `Link file` (file-links.ts): on the file being changed, by its holder, a link
 * to `target` under its own number and subject. A target the server would
 * refuse (a receipt, a restricted file, one not known) is refused here first.
 */
export function linkFile(c: RecordChange, target: LinkTarget): Outcome<RecordEvent> {
  const link = { file: target.id, number: target.number, subject: target.subject };
  const problem = linkProblem(link, target);
  if (problem !== null) return refused('linkInvalid', problem);
  return c.add({ type: 'fileLinked', ...link });
}

/**
 * `Remove link` (file-links.ts): the holder removes this file's link to `file`;
 * anyone who never held the file is refused (`unlinkInvalid`).
 */
export function unlinkFile(c: RecordChange, file: RecordId): Outcome<RecordEvent> {
  const state = c.state();
  const problem = state === null ? null : unlinkerProblem(state, c.ctx.actor);
  if (problem !== null) return refused('unlinkInvalid', problem);
  return c.add({ type: 'fileUnlinked', file });
}

/**
 * `Remove link` from the linked file's side (file-links.ts): the holder of the
 * linked file (`linked`, as this tablet knows it) removes the link the file
 * being changed made to it. Refused unless they hold that file and it is open.
 */
export function unlinkFromLinked(
  c: RecordChange,
  linked: RecordState | null,
): Outcome<RecordEvent> {
  if (linked === null) return refused('notFound');
  if (linked.status === 'closed') return refused('recordClosed');
  if (linked.holder !== c.ctx.actor) return refused('notHolder', linked.meta.number);
  return c.add({ type: 'fileUnlinked', file: linked.meta.id, fromLinked: true });
}
