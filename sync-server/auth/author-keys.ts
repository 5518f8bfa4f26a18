import type { Directory, Role } from '@domain/directory.ts';
import { findOffice, findPerson } from '@domain/directory.ts';
import type { OfficeId, PersonId } from '@domain/ids.ts';
import type { RecordEvent } from '@domain/events.ts';
import type { RecordMeta } from '@domain/record.ts';

/**
 * HMAC author keys, from before device signing keys (issue 14): one secret per
 * (person, device) that the server issued at sign-in and kept in SQLite
 * (author_keys). The server issues none any more and takes no attestation as
 * vouching for a new change: an item pushed by someone else than its author must
 * carry its author's device signature. The table stays for the record (items
 * stored under an attestation were accepted then and are shown as "attested by
 * the server"); `admin revoke` still deletes a person's keys.
 */

export interface AuthorCheck {
  readonly authorOk: (who: PersonId, item: RecordEvent | RecordMeta) => boolean;
  readonly roleOf: (who: PersonId) => Role | undefined;
  /** The directory's approver roles of an office (undefined: the default list). */
  readonly approverRoles: (office: OfficeId) => readonly Role[] | undefined;
}

/** The validation hooks for one push: roles from the directory; no attestation vouches. */
export function authorCheck(directory: Directory): AuthorCheck {
  return {
    authorOk: () => false,
    roleOf: (who) => findPerson(directory, who)?.role,
    approverRoles: (office) => findOffice(directory, office)?.approverRoles,
  };
}
