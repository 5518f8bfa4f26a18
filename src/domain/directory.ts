import type { OfficeId, PersonId } from './ids.ts';

/** Text kept in both languages; Hindi first. */
export interface Bilingual {
  readonly hi: string;
  readonly en: string;
}

export const ROLES = [
  'deskAssistant',
  'kanungo',
  'nazir',
  'naibTehsildar',
  'tehsildar',
  'sdm',
  'adm',
  'dm',
  'collectorateStaff',
  'trainer',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose reach is the whole district (collectorate review). */
export const DISTRICT_ROLES: readonly Role[] = ['adm', 'dm', 'trainer'];

export type OfficeKind = 'tehsil' | 'subdivision' | 'collectorate';

export interface Office {
  readonly id: OfficeId;
  /** Short code written on file covers, e.g. `VKN`. ASCII letters only. */
  readonly code: string;
  readonly kind: OfficeKind;
  readonly name: Bilingual;
  /** The office this one reports to (tehsil → collectorate). */
  readonly parent?: OfficeId;
  /**
   * Roles that may approve this office's draft letters; absent: the default
   * (letters.ts DEFAULT_APPROVER_ROLES: tehsildar, SDM, ADM, DM).
   */
  readonly approverRoles?: readonly Role[];
  /**
   * The office keeps one running dispatch register: the server gives each
   * dispatch the year's next serial besides the tablet's own number
   * (running-register.ts). Absent or false: tablet numbers only.
   */
  readonly runningRegister?: boolean;
  /**
   * The office's saved groups of recipients ("All kanungos"), named by its
   * administrator: picked in one tap in a send's Copy to / Also send to.
   */
  readonly recipientGroups?: readonly RecipientGroup[];
}

export interface RecipientGroup {
  readonly name: Bilingual;
  /** Usernames of the directory's people, in the order offered. */
  readonly members: readonly PersonId[];
}

export interface Person {
  readonly id: PersonId;
  readonly name: Bilingual;
  readonly designation: Bilingual;
  readonly role: Role;
  readonly office: OfficeId;
}

/** Server-authoritative; synced to devices read-only. */
export interface Directory {
  readonly version: number;
  readonly district: { readonly id: string; readonly name: Bilingual };
  readonly offices: readonly Office[];
  readonly people: readonly Person[];
}

export function findPerson(dir: Directory, id: PersonId): Person | undefined {
  return dir.people.find((p) => p.id === id);
}

export function findOffice(dir: Directory, id: OfficeId): Office | undefined {
  return dir.offices.find((o) => o.id === id);
}

/**
 * Whether the directory's change of `before` into `after` lets the server send
 * them records it did not before (sync-server/sync/scope.ts): another office, or
 * a district role (ADM, DM, trainer) given. Losing a district role narrows it.
 */
export function scopeWidened(before: Person, after: Person): boolean {
  const district = (p: Person): boolean => DISTRICT_ROLES.includes(p.role);
  if (district(after)) return !district(before);
  return district(before) ? false : before.office !== after.office;
}

/**
 * Whether `next` may replace the directory held (`held`; null: none): not when it is
 * the same district's at a lower version (an office relay or a district instance
 * restarted one at a time can answer an older one between newer ones). Another
 * district's directory (`district.id` differs) replaces it whatever its version: the
 * two districts' numbers say nothing of each other.
 */
export function replacesDirectory(held: Directory | null, next: Directory): boolean {
  return held === null || held.district.id !== next.district.id || next.version >= held.version;
}
