import type { Directory } from '@domain/directory.ts';
import { parseDirectoryWith, type PersonExtra } from '@domain/directory-parse.ts';
import type { PersonId } from '@domain/ids.ts';
import { err, ok } from '@domain/result.ts';
import type { Result } from '@domain/result.ts';
import { parsePasswordHash } from '../auth/password.ts';

/**
 * The directory file of a real deployment (PATRAVALI_DIRECTORY); the format is
 * documented in docs/directory-format.md. The directory is read as a tablet reads
 * one (src/domain/directory-parse.ts), and each person's password besides.
 * Parsing collects every problem with its JSON path so an administrator can fix
 * the file in one go.
 */

export type InitialCredential =
  | { readonly person: PersonId; readonly kind: 'hash'; readonly passwordHash: string }
  | { readonly person: PersonId; readonly kind: 'initial'; readonly initialPassword: string };

export interface DirectoryFile {
  readonly directory: Directory;
  readonly credentials: readonly InitialCredential[];
}

const MIN_INITIAL_PASSWORD = 8;

/** A person's passwordHash or initialPassword (neither: none; both: a problem). */
const credentialOf: PersonExtra<InitialCredential> = (o, id, path, p) => {
  const hash = o['passwordHash'];
  const initial = o['initialPassword'];
  if (hash !== undefined && initial !== undefined) {
    p.add(path, 'give either passwordHash or initialPassword, not both');
    return null;
  }
  if (hash !== undefined) {
    if (typeof hash !== 'string' || parsePasswordHash(hash) === null) {
      p.add(`${path}.passwordHash`, 'must be a hash printed by `npm run admin -- hash-password`');
      return null;
    }
    return { person: id, kind: 'hash', passwordHash: hash };
  }
  if (initial !== undefined) {
    if (typeof initial !== 'string' || initial.length < MIN_INITIAL_PASSWORD) {
      p.add(
        `${path}.initialPassword`,
        `must be a string of at least ${MIN_INITIAL_PASSWORD} characters`,
      );
      return null;
    }
    return { person: id, kind: 'initial', initialPassword: initial };
  }
  return null;
};

/** Validates parsed JSON; on failure the error lists every problem found. */
export function parseDirectoryFile(json: unknown): Result<DirectoryFile, readonly string[]> {
  const parsed = parseDirectoryWith(json, credentialOf);
  return parsed.ok
    ? ok({ directory: parsed.value.directory, credentials: parsed.value.extras })
    : parsed;
}

/** Parses the file's text; JSON syntax errors become a problem list too. */
export function parseDirectoryText(text: string): Result<DirectoryFile, readonly string[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return err([`(file): not valid JSON: ${e instanceof Error ? e.message : String(e)}`]);
  }
  return parseDirectoryFile(json);
}
