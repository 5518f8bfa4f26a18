import { ROLES } from './directory.ts';
import type {
  Bilingual,
  Directory,
  Office,
  OfficeKind,
  Person,
  RecipientGroup,
  Role,
} from './directory.ts';
import { asOfficeId, asPersonId } from './ids.ts';
import type { PersonId } from './ids.ts';
import { err, ok } from './result.ts';
import type { Result } from './result.ts';

/**
 * Reading a directory (docs/directory-format.md) from JSON: the server's
 * directory file (sync-server/directory/directory-file.ts, which reads each
 * person's password too) and the directory a tablet is sent (src/sync/directory-fetch.ts).
 * Every problem is collected with its JSON path so an administrator can fix a
 * file in one go.
 */

const OFFICE_KINDS: readonly OfficeKind[] = ['tehsil', 'subdivision', 'collectorate'];
const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const CODE = /^[A-Za-z]{2,8}$/;

type Obj = Readonly<Record<string, unknown>>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Problems found, each with its JSON path, so all can be fixed in one go. */
export class DirectoryProblems {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path}: ${message}`);
  }
  str(o: Obj, key: string, path: string, pattern?: RegExp): string {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '')
      this.add(`${path}.${key}`, 'must be a non-empty string');
    else if (pattern !== undefined && !pattern.test(v))
      this.add(`${path}.${key}`, `"${v}" must match ${pattern.source}`);
    return typeof v === 'string' ? v : '';
  }
  bilingual(o: Obj, key: string, path: string): Bilingual {
    const v = o[key];
    if (!isObj(v)) {
      this.add(`${path}.${key}`, 'must be an object { "hi": "…", "en": "…" }');
      return { hi: '', en: '' };
    }
    return { hi: this.str(v, 'hi', `${path}.${key}`), en: this.str(v, 'en', `${path}.${key}`) };
  }
  oneOf<T extends string>(o: Obj, key: string, path: string, allowed: readonly T[]): T {
    const v = o[key];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.add(`${path}.${key}`, `must be one of ${allowed.join(', ')}`);
      return allowed[0] as T;
    }
    return v as T;
  }
}

function parseOffice(raw: unknown, path: string, p: DirectoryProblems): Office {
  if (!isObj(raw)) {
    p.add(path, 'must be an object');
    return { id: asOfficeId(''), code: '', kind: 'tehsil', name: { hi: '', en: '' } };
  }
  const parent = raw['parent'];
  if (parent !== undefined && typeof parent !== 'string')
    p.add(`${path}.parent`, 'must be an office id');
  const approvers = parseApproverRoles(raw['approverRoles'], `${path}.approverRoles`, p);
  const register = raw['runningRegister'];
  if (register !== undefined && typeof register !== 'boolean')
    p.add(`${path}.runningRegister`, 'must be true or false');
  const groups = parseRecipientGroups(raw['recipientGroups'], `${path}.recipientGroups`, p);
  return {
    id: asOfficeId(p.str(raw, 'id', path, ID)),
    code: p.str(raw, 'code', path, CODE),
    kind: p.oneOf(raw, 'kind', path, OFFICE_KINDS),
    name: p.bilingual(raw, 'name', path),
    ...(typeof parent === 'string' ? { parent: asOfficeId(parent) } : {}),
    ...(approvers !== undefined ? { approverRoles: approvers } : {}),
    ...(register === true ? { runningRegister: true } : {}),
    ...(groups !== undefined ? { recipientGroups: groups } : {}),
  };
}

/** An office's saved groups: each a bilingual name and a non-empty list of usernames. */
function parseRecipientGroups(
  raw: unknown,
  path: string,
  p: DirectoryProblems,
): RecipientGroup[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw)) {
    p.add(path, 'must be a list of { "name": { "hi", "en" }, "members": [usernames] }');
    return undefined;
  }
  return raw.map((g: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(g)) {
      p.add(at, 'must be an object');
      return { name: { hi: '', en: '' }, members: [] };
    }
    const members = g['members'];
    if (!Array.isArray(members) || members.length === 0 || !members.every(isUsername))
      p.add(`${at}.members`, 'must be a non-empty list of usernames');
    return {
      name: p.bilingual(g, 'name', at),
      members: Array.isArray(members) ? members.filter(isUsername).map(asPersonId) : [],
    };
  });
}

const isUsername = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/** An office's own list of roles that approve its letters (absent: the default list). */
function parseApproverRoles(raw: unknown, path: string, p: DirectoryProblems): Role[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || !raw.every((r) => (ROLES as readonly unknown[]).includes(r))) {
    p.add(path, `must be a list of roles (${ROLES.join(', ')})`);
    return undefined;
  }
  return raw as Role[];
}

/**
 * What a caller reads besides the directory from each person's entry (the server:
 * their initial credential), its problems added to the same list.
 */
export type PersonExtra<C> = (
  raw: Readonly<Record<string, unknown>>,
  id: PersonId,
  path: string,
  problems: DirectoryProblems,
) => C | null;

function parsePerson<C>(
  raw: unknown,
  path: string,
  p: DirectoryProblems,
  extra: PersonExtra<C>,
): { person: Person; extra: C | null } {
  const o = isObj(raw) ? raw : {};
  if (!isObj(raw)) p.add(path, 'must be an object');
  const id = asPersonId(p.str(o, 'id', path, ID));
  const person: Person = {
    id,
    name: p.bilingual(o, 'name', path),
    designation: p.bilingual(o, 'designation', path),
    role: p.oneOf<Role>(o, 'role', path, ROLES),
    office: asOfficeId(p.str(o, 'office', path)),
  };
  return { person, extra: extra(o, id, path, p) };
}

function checkReferences(dir: Directory, p: DirectoryProblems): void {
  const officeIds = new Set<string>();
  dir.offices.forEach((o, i) => {
    if (officeIds.has(o.id)) p.add(`offices[${i}].id`, `duplicate office id "${o.id}"`);
    officeIds.add(o.id);
  });
  dir.offices.forEach((o, i) => {
    if (o.parent !== undefined && !officeIds.has(o.parent))
      p.add(`offices[${i}].parent`, `unknown office "${o.parent}"`);
  });
  const personIds = new Set<string>();
  dir.people.forEach((person, i) => {
    if (personIds.has(person.id)) p.add(`people[${i}].id`, `duplicate username "${person.id}"`);
    personIds.add(person.id);
    if (!officeIds.has(person.office))
      p.add(`people[${i}].office`, `unknown office "${person.office}"`);
  });
  dir.offices.forEach((o, i) =>
    o.recipientGroups?.forEach((g, j) => {
      for (const m of g.members)
        if (!personIds.has(m))
          p.add(`offices[${i}].recipientGroups[${j}].members`, `unknown username "${m}"`);
    }),
  );
}

function listOf(root: Obj, key: string, p: DirectoryProblems): readonly unknown[] {
  const v = root[key];
  if (!Array.isArray(v) || v.length === 0) {
    p.add(key, 'must be a non-empty array');
    return [];
  }
  return v;
}

/**
 * Validates parsed JSON as a directory (docs/directory-format.md) with what `extra`
 * reads of each person; on failure the error lists every problem found.
 */
export function parseDirectoryWith<C>(
  json: unknown,
  extra: PersonExtra<C>,
): Result<{ readonly directory: Directory; readonly extras: readonly C[] }, readonly string[]> {
  const p = new DirectoryProblems();
  if (!isObj(json)) return err(['(root): must be a JSON object']);
  const version = json['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    p.add('version', 'must be a positive integer; raise it whenever you change the file');
  }
  const districtRaw = isObj(json['district']) ? json['district'] : {};
  if (!isObj(json['district'])) p.add('district', 'must be an object { "id", "name" }');
  const district = {
    id: p.str(districtRaw, 'id', 'district', ID),
    name: p.bilingual(districtRaw, 'name', 'district'),
  };
  const offices = listOf(json, 'offices', p).map((o, i) => parseOffice(o, `offices[${i}]`, p));
  const parsed = listOf(json, 'people', p).map((o, i) => parsePerson(o, `people[${i}]`, p, extra));
  const directory: Directory = {
    version: typeof version === 'number' ? version : 0,
    district,
    offices,
    people: parsed.map((x) => x.person),
  };
  checkReferences(directory, p);
  if (p.list.length > 0) return err(p.list);
  const extras = parsed.flatMap((x) => (x.extra === null ? [] : [x.extra]));
  return ok({ directory, extras });
}

/**
 * Parsed JSON as a directory, or every problem with its path: what the server reads
 * from its directory file, and what a tablet takes from the server (or an office
 * relay) only when it is one. Fields a person's entry has besides (a file's
 * passwords) are not read.
 */
export function parseDirectory(json: unknown): Result<Directory, readonly string[]> {
  const parsed = parseDirectoryWith(json, () => null);
  return parsed.ok ? ok(parsed.value.directory) : parsed;
}
