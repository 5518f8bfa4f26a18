import type { RecordChange } from './change.ts';
import type { Office } from './directory.ts';
import type { DispatchMode, LetterContent, LetterTemplate, RecordEvent } from './events.ts';
import type { EventId, PersonId } from './ids.ts';
import { currentVersion, mayApprove, type DraftLetter } from './letters.ts';
import { refused, type Outcome } from './outcome.ts';
import type { Role } from './directory.ts';
import type { RecordState } from './record.ts';
import { checkEvent } from './rules.ts';

/**
 * Commands on a file's draft letters (issue 16), on the one command path of
 * commands.ts: each adds its event to a RecordChange, which checks the schema,
 * the role and rules.ts before anything is written.
 */

const trimmed = (c: LetterContent): LetterContent => ({
  to: c.to.trim(),
  subject: c.subject.trim(),
  reference: c.reference,
  hindi: c.hindi.trim(),
  english: c.english.trim(),
});

export function draftLetter(
  c: RecordChange,
  input: { readonly template: LetterTemplate; readonly content: LetterContent },
): Outcome<RecordEvent> {
  return c.add({ type: 'letterDrafted', template: input.template, ...trimmed(input.content) });
}

/** A new version of `draft`; nothing is recorded when the text is unchanged. */
export function reviseLetter(
  c: RecordChange,
  input: { readonly draft: EventId; readonly content: LetterContent },
): Outcome<RecordEvent | null> {
  const d = c.state()?.drafts.find((x) => x.id === input.draft);
  if (d === undefined) return refused('notFound', 'draft');
  const content = trimmed(input.content);
  const last = currentVersion(d);
  const same = (Object.keys(content) as (keyof LetterContent)[]).every(
    (k) => content[k] === last[k],
  );
  if (same && d.approval === null) return { ok: true, value: null };
  return c.add({ type: 'letterRevised', draft: input.draft, ...content });
}

/**
 * Approves the draft as the approver sees it now (its current version), if
 * their role approves letters of the file's office.
 */
export function approveLetter(
  c: RecordChange,
  input: { readonly draft: EventId; readonly office: Pick<Office, 'approverRoles'> | undefined },
): Outcome<RecordEvent> {
  const d = c.state()?.drafts.find((x) => x.id === input.draft);
  if (d === undefined) return refused('notFound', 'draft');
  if (c.ctx.role !== undefined && !mayApprove(c.ctx.role, input.office))
    return refused('roleForbidden', 'letterApproved');
  const v = currentVersion(d);
  return c.add({ type: 'letterApproved', draft: d.id, version: v.eventId, textHash: v.hash });
}

export function dispatchLetter(
  c: RecordChange,
  input: {
    readonly draft: EventId;
    readonly mode: DispatchMode;
    readonly date: string;
    readonly number: string;
  },
): Outcome<RecordEvent> {
  return c.add({ type: 'letterDispatched', ...input });
}

export interface LetterActions {
  /** May begin a new draft letter. */
  readonly draft: boolean;
  /** Drafts the person may edit, approve, or dispatch now. */
  readonly revise: ReadonlySet<EventId>;
  readonly approve: ReadonlySet<EventId>;
  readonly dispatch: ReadonlySet<EventId>;
}

const PROBE = '00000000-0000-4000-8000-000000000000' as EventId;

/** What `actor` may do with the file's letters now; the UI shows only these buttons. */
export function letterActions(
  state: RecordState,
  actor: PersonId,
  role: Role,
  office: Pick<Office, 'approverRoles'> | undefined,
): LetterActions {
  const b = { id: PROBE, actor, hlc: '', deviceTime: 0, clockVerified: false };
  const content = { to: 'x', subject: 'x', reference: null, hindi: 'x', english: '' };
  const may = (e: RecordEvent) => checkEvent(state, e) === null;
  const each = (ok: (d: DraftLetter) => boolean) =>
    new Set(state.drafts.filter(ok).map((d) => d.id));
  return {
    draft: may({ ...b, type: 'letterDrafted', template: 'blank', ...content }),
    revise: each((d) => may({ ...b, type: 'letterRevised', draft: d.id, ...content })),
    approve: mayApprove(role, office)
      ? each((d) => {
          const v = currentVersion(d);
          return may({
            ...b,
            type: 'letterApproved',
            draft: d.id,
            version: v.eventId,
            textHash: v.hash,
          });
        })
      : new Set(),
    dispatch: each((d) =>
      may({
        ...b,
        type: 'letterDispatched',
        draft: d.id,
        mode: 'post',
        date: '2026-01-01',
        number: '\u0000',
      }),
    ),
  };
}
