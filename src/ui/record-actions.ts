import { allowedActions } from '@domain/commands.ts';
import type { Role } from '@domain/directory.ts';
import type { PersonId } from '@domain/ids.ts';
import type { RecordState } from '@domain/record.ts';

/**
 * Which buttons the record page shows to `me`, from the domain's
 * allowedActions (the same rules the commands enforce; the services re-check).
 * Notes, park, close and reopen apply to files; put-in-file to receipts.
 */
export interface AllowedActions {
  readonly note: boolean;
  readonly send: boolean;
  readonly pullBack: boolean;
  readonly park: boolean;
  readonly close: boolean;
  readonly reopen: boolean;
  readonly putInFile: boolean;
  /** A copy for information waits to be marked seen (copies.ts). */
  readonly markSeen: boolean;
}

export function allowedActionsFor(state: RecordState, me: PersonId, role?: Role): AllowedActions {
  const allowed = allowedActions(state, me, role);
  const isFile = state.meta.kind === 'file';
  return {
    note: isFile && allowed.has('note'),
    send: allowed.has('send'),
    pullBack: allowed.has('pullBack'),
    park: isFile && allowed.has('park'),
    close: isFile && allowed.has('close'),
    reopen: isFile && allowed.has('reopen'),
    putInFile: !isFile && allowed.has('putInFile') && state.inFile === null,
    markSeen: allowed.has('markSeen'),
  };
}
