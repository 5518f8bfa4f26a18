import type { EventBase } from './event-base.ts';
import type { RecordId } from './ids.ts';

/** Events that tie one file to another (issue 17): `Link file` (file-links.ts). */

/**
 * On a file, by its holder: the file `file` numbered `number` is linked to it.
 * Both files stay independent (each moves on its own); each shows the other.
 * The number and subject are the linked file's own (meta, written once), so a
 * reader of this file who does not have that one on their tablet still sees
 * what it is; the server checks them against the linked file (linkProblem).
 */
export interface FileLinkedEvent extends EventBase {
  readonly type: 'fileLinked';
  readonly file: RecordId;
  readonly number: string;
  readonly subject: string;
}

/**
 * On a file, by its holder: the link to `file` (a fileLinked event of this
 * file) is removed. Linked again later, it is a new link. With `fromLinked`,
 * by a holder of the linked file `file` instead, from its side (protocol 13):
 * this file's fold cannot see who holds that one, so the tablet and the
 * server check it against the linked file (file-links.ts linkedHolderProblem).
 */
export interface FileUnlinkedEvent extends EventBase {
  readonly type: 'fileUnlinked';
  readonly file: RecordId;
  readonly fromLinked?: true;
}

export type FileLinkEvent = FileLinkedEvent | FileUnlinkedEvent;
