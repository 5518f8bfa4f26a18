import type { RecordChange } from './change.ts';
import { attachObstacle, attachProblem, type AttachTarget } from './file-attach.ts';
import { heldOrSentTo } from './file-links.ts';
import { refused, type Outcome } from './outcome.ts';
import type { RecordState } from './record.ts';

/**
 * Attach a file under another and detach it (file-attach.ts): one event on
 * each, by the person holding both; each side is checked by its own fold's
 * rules, and against the other side by attachProblem, as the server will.
 */

const target = (s: RecordState): AttachTarget => ({
  id: s.meta.id,
  kind: s.meta.kind,
  number: s.meta.number,
  subject: s.meta.subject,
  participants: heldOrSentTo(s),
});

function files(main: RecordChange, file: RecordChange): Outcome<[RecordState, RecordState]> {
  const m = main.state();
  const f = file.state();
  if (m === null || f === null) return refused('notFound');
  if (m.meta.kind !== 'file' || f.meta.kind !== 'file') return refused('wrongKind');
  return { ok: true, value: [m, f] };
}

export function attachUnder(main: RecordChange, file: RecordChange): Outcome<undefined> {
  const both = files(main, file);
  if (!both.ok) return both;
  const [m, f] = both.value;
  const obstacle = attachObstacle(m, f);
  if (obstacle !== null) return refused(obstacle, `${f.meta.number} under ${m.meta.number}`);
  const under = { type: 'attachedUnder', file: m.meta.id, number: m.meta.number } as const;
  const { id, number, subject } = f.meta;
  const attached = { type: 'fileAttached', file: id, number, subject } as const;
  // Each file's own rules first (the holder's, closed, itself, a cycle, attached elsewhere).
  const added = file.add(under);
  if (!added.ok) return added;
  const addedToMain = main.add(attached);
  if (!addedToMain.ok) return addedToMain;
  const { actor } = main.ctx;
  const problem =
    attachProblem({ ...under, actor }, target(m)) ??
    attachProblem({ ...attached, actor }, target(f));
  return problem === null ? { ok: true, value: undefined } : refused('notAllowed', problem);
}

export function detachFrom(main: RecordChange, file: RecordChange): Outcome<undefined> {
  const both = files(main, file);
  if (!both.ok) return both;
  const [m, f] = both.value;
  const detached = main.add({ type: 'fileDetached', file: f.meta.id });
  if (!detached.ok) return detached;
  const from = file.add({ type: 'detachedFrom', file: m.meta.id });
  return from.ok ? { ok: true, value: undefined } : from;
}
