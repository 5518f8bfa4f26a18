import type { LetterEvent } from './events.ts';
import type { RecordId } from './ids.ts';
import type { LogEntry } from './record-log.ts';
import { letterContent, letterHash, type DraftLetter, type LetterVersion } from './letters.ts';

/**
 * The fold's part for draft letters: applies one letter event that rules.ts
 * let through (letterRule) to the file's drafts. Drafts are replaced, never
 * changed in place, so a state handed out earlier stays as it was.
 */
export function applyLetterEvent(
  drafts: DraftLetter[],
  recordId: RecordId,
  e: LetterEvent,
  at: number,
  /** The server's log entry of `e`, if this device has learnt it. */
  entry: LogEntry | undefined,
): void {
  if (e.type === 'letterDrafted') {
    drafts.push({
      id: e.id,
      template: e.template,
      versions: [version(recordId, e.id, e, at)],
      approval: null,
      dispatch: null,
    });
    return;
  }
  const i = drafts.findIndex((d) => d.id === e.draft);
  const d = drafts[i];
  if (d === undefined) return;
  const by = e.actor;
  switch (e.type) {
    case 'letterRevised':
      drafts[i] = { ...d, versions: [...d.versions, version(recordId, d.id, e, at)] };
      return;
    case 'letterApproved':
      drafts[i] = {
        ...d,
        approval: { eventId: e.id, by, at, version: e.version, textHash: e.textHash },
      };
      return;
    case 'letterDispatched':
      drafts[i] = {
        ...d,
        dispatch: {
          eventId: e.id,
          by,
          at,
          mode: e.mode,
          date: e.date,
          number: e.number,
          logged: entry !== undefined,
          register: entry?.register ?? null,
        },
      };
      return;
  }
}

function version(
  recordId: RecordId,
  draftId: LetterVersion['eventId'],
  e: Extract<LetterEvent, { type: 'letterDrafted' | 'letterRevised' }>,
  at: number,
): LetterVersion {
  const content = letterContent(e);
  return {
    ...content,
    eventId: e.id,
    by: e.actor,
    at,
    hash: letterHash(recordId, draftId, content),
  };
}
