import { LIMITS } from '@domain/events.ts';
import type { PersonId, RecordId } from '@domain/ids.ts';
import { discardDraft, saveDraft, storedDraft } from './drafts.ts';
import {
  clearFormDraft,
  MAX_FIELD_CHARS,
  saveFormDraft,
  storedFormDraft,
  type FormName,
} from './form-drafts.ts';
import type { DeviceContext } from './service-types.ts';
import { unlessRevoked } from '../session/unless-revoked.ts';

/**
 * Typing not yet in the device store (decision 0018). A noting or a half-filled form
 * reaches IndexedDB after the autosave's pause, but IndexedDB writes are asynchronous
 * and a reload or a closed tab in Chromium does not wait for them. So every change is
 * also written, synchronously, to localStorage, and removed once a save of that same
 * text has reached the store.
 *
 * What is stored where: localStorage key `patravali.unsaved.<personId>:<target>`
 * (the person's id URI-encoded, so one id is never a prefix of another's), where the
 * target is `noting:<recordId>` or `form:<form name>`. The value is JSON
 * `{ v: 1, at, base, text }` (noting) or `{ v: 1, at, base, fields }` (form); `at` is the
 * device time of the typing, `base` that of the stored draft it was typed over. A form
 * typed back to its first values over a stored draft is backed up with no fields: it
 * has no draft, and the stored one goes (a noting's empty text says the same). At most MAX_ENTRY_CHARS per entry; a larger one is not kept.
 * Signing out moves the person's entries into the store and removes them; on load,
 * every entry that is not the signed-in person's is removed.
 */

/** The part of the browser's Storage this needs (localStorage in the app; a Map in tests). */
export interface UnsavedStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

export const UNSAVED_PREFIX = 'patravali.unsaved.';

/** 64 KB in localStorage's UTF-16: far above a noting (6,000 characters) as JSON. */
export const MAX_ENTRY_CHARS = 32_768;

export type UnsavedTarget =
  | { readonly kind: 'noting'; readonly recordId: RecordId }
  | { readonly kind: 'form'; readonly form: FormName };

/**
 * `at`: the device time of the typing. `base`: the time of the stored draft the typing
 * was made over (null: none was stored), so a clock set back since that save does not
 * make the typing read as older than it (backupIsNewer).
 */
export type UnsavedValue = { readonly v: 1; readonly at: number; readonly base?: number | null } & (
  { readonly text: string } | { readonly fields: Readonly<Record<string, string>> }
);

const personPrefix = (person: PersonId) => `${UNSAVED_PREFIX}${encodeURIComponent(person)}:`;

function keyOf(person: PersonId, target: UnsavedTarget): string {
  const rest = target.kind === 'noting' ? `noting:${target.recordId}` : `form:${target.form}`;
  return personPrefix(person) + rest;
}

function targetOf(rest: string): UnsavedTarget | null {
  if (rest.startsWith('noting:')) return { kind: 'noting', recordId: rest.slice(7) as RecordId };
  if (rest.startsWith('form:')) return { kind: 'form', form: rest.slice(5) as FormName };
  return null;
}

/**
 * Writes the typing now (synchronously). Returns whether it was kept: an entry over
 * MAX_ENTRY_CHARS, or a full or refused localStorage, is not, and an older entry for
 * the same target is removed (it would bring back text older than what was typed).
 */
export function backUpTyping(
  store: UnsavedStore,
  person: PersonId,
  target: UnsavedTarget,
  value: UnsavedValue,
): boolean {
  const key = keyOf(person, target);
  const json = JSON.stringify(value);
  try {
    if (json.length > MAX_ENTRY_CHARS) {
      store.removeItem(key);
      return false;
    }
    store.setItem(key, json);
    return true;
  } catch {
    // Quota or private mode: the autosave to the store still runs.
    try {
      store.removeItem(key);
    } catch {
      // Nothing more to do.
    }
    return false;
  }
}

/** The backup for this target, or null. One that does not read as a backup is removed. */
export function readBackup(
  store: UnsavedStore,
  person: PersonId,
  target: UnsavedTarget,
): UnsavedValue | null {
  const key = keyOf(person, target);
  const json = safe(() => store.getItem(key), null);
  if (json === null) return null;
  const value = parse(json, target);
  if (value === null) safe(() => store.removeItem(key), undefined);
  return value;
}

/**
 * After a save reached the store: removes the backup if it holds what was saved
 * (`saved`: the noting's text or the form's fields). Typing since stays backed up.
 */
export function dropBackup(
  store: UnsavedStore,
  person: PersonId,
  target: UnsavedTarget,
  saved?: string | Readonly<Record<string, string>>,
): void {
  const backup = readBackup(store, person, target);
  if (backup === null) return;
  if (saved !== undefined && !sameContent(backup, saved)) return;
  safe(() => store.removeItem(keyOf(person, target)), undefined);
}

/**
 * Whether a backup should replace what the store holds: it differs from it, and the
 * store still holds the draft the typing was made over (`base`), or the typing is not
 * older than the stored draft's save (`storedAt`, null when the store holds nothing).
 * The first needs no clock: a tablet's clock set back after a save (a wrong clock put
 * right when the network comes) would make the typing since read as older.
 */
export function backupIsNewer(
  backup: UnsavedValue,
  stored: string | Readonly<Record<string, string>> | null,
  storedAt: number | null,
): boolean {
  if (stored !== null && sameContent(backup, stored)) return false;
  if (storedAt === null || backup.base === storedAt) return true;
  return backup.at >= storedAt;
}

/**
 * Signing out: every backup of the person that is newer than their stored draft is
 * saved into the store (kept for their next sign-in, by author as always), then all of
 * the person's backups are removed, so the next person on the tablet never sees them.
 * Returns how many were saved.
 */
export async function keepBackupsAndWipe(ctx: DeviceContext, store: UnsavedStore): Promise<number> {
  const person = ctx.person.id;
  const prefix = personPrefix(person);
  let saved = 0;
  for (const key of keysWith(store, prefix)) {
    const target = targetOf(key.slice(prefix.length));
    const backup = target === null ? null : readBackup(store, person, target);
    if (target !== null && backup !== null) {
      try {
        // Not for someone whose access was revoked meanwhile (a sync during the sign-out).
        if (await unlessRevoked(ctx, () => keepInStore(ctx, target, backup))) saved += 1;
      } catch {
        // The store refused (the record is gone, say): the backup goes anyway.
      }
    }
    safe(() => store.removeItem(key), undefined);
  }
  return saved;
}

/** On load: removes every backup that is not `person`'s (everyone's when no one is signed in). */
export function wipeOtherBackups(store: UnsavedStore, person: PersonId | null): void {
  const own = person === null ? null : personPrefix(person);
  for (const key of keysWith(store, UNSAVED_PREFIX))
    if (own === null || !key.startsWith(own)) safe(() => store.removeItem(key), undefined);
}

async function keepInStore(
  ctx: DeviceContext,
  target: UnsavedTarget,
  backup: UnsavedValue,
): Promise<boolean> {
  if (target.kind === 'noting' && 'text' in backup) {
    const stored = await storedDraft(ctx, target.recordId);
    if (!backupIsNewer(backup, stored?.text ?? null, stored?.updatedAt ?? null)) return false;
    if (backup.text.trim() === '') {
      await discardDraft(ctx, target.recordId);
      return true;
    }
    return (await saveDraft(ctx, target.recordId, backup.text)).ok;
  }
  if (target.kind === 'form' && 'fields' in backup) {
    const stored = await storedFormDraft(ctx, target.form);
    if (!backupIsNewer(backup, stored?.fields ?? null, stored?.savedAt ?? null)) return false;
    // No fields: typed back to its first values, the form has no draft (as a noting emptied).
    if (Object.keys(backup.fields).length === 0) {
      await clearFormDraft(ctx, target.form);
      return true;
    }
    return (await saveFormDraft(ctx, target.form, backup.fields, backup.at)).ok;
  }
  return false;
}

function keysWith(store: UnsavedStore, prefix: string): string[] {
  return safe(() => {
    const keys: string[] = [];
    for (let i = 0; i < store.length; i += 1) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) keys.push(key);
    }
    return keys;
  }, []);
}

function sameContent(
  backup: UnsavedValue,
  saved: string | Readonly<Record<string, string>>,
): boolean {
  if (typeof saved === 'string') return 'text' in backup && backup.text === saved;
  if (!('fields' in backup)) return false;
  const a = Object.keys(backup.fields);
  return a.length === Object.keys(saved).length && a.every((k) => backup.fields[k] === saved[k]);
}

function parse(json: string, target: UnsavedTarget): UnsavedValue | null {
  if (json.length > MAX_ENTRY_CHARS) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as {
    v?: unknown;
    at?: unknown;
    base?: unknown;
    text?: unknown;
    fields?: unknown;
  };
  if (v.v !== 1 || typeof v.at !== 'number' || !Number.isFinite(v.at)) return null;
  const { base } = v;
  if (base !== undefined && base !== null && !(typeof base === 'number' && Number.isFinite(base)))
    return null;
  const on = base === undefined ? { v: 1 as const, at: v.at } : { v: 1 as const, at: v.at, base };
  if (target.kind === 'noting') {
    if (typeof v.text !== 'string' || v.text.length > LIMITS.newNotingChars) return null;
    return { ...on, text: v.text };
  }
  if (typeof v.fields !== 'object' || v.fields === null || Array.isArray(v.fields)) return null;
  const fields = Object.entries(v.fields as Record<string, unknown>);
  if (!fields.every(([, f]) => typeof f === 'string' && f.length <= MAX_FIELD_CHARS)) return null;
  return { ...on, fields: Object.fromEntries(fields) as Record<string, string> };
}

/** localStorage may throw (a security setting, a full disk): a backup is then simply not there. */
function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}
