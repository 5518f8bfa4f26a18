import { useCallback, useEffect, useRef, useState } from 'react';
import {
  backupIsNewer,
  clearFormDraft,
  REVOKED,
  saveFormDraft,
  storedFormDraft,
  unlessRevoked,
  type FormFields,
  type FormName,
  type Outcome,
} from '@storage/services.ts';
import { useEnv } from './useEnv.ts';
import { useSaveBeforeUpdate, useTrackedWrites } from './useSaveBeforeUpdate.ts';
import { useSaveWhenHidden } from './useSaveWhenHidden.ts';
import { useSignedIn } from './useSignedIn.ts';
import { useUnsavedBackup } from './useUnsavedBackup.ts';

const DEFAULT_AUTOSAVE_MS = 1_000;

export type FieldValues = Record<string, string>;

/** For fields that are a choice: the values a restored draft may hold. */
export type AllowedValues<T extends FieldValues> = { readonly [K in keyof T]?: readonly string[] };

export interface FormDraft<T extends FieldValues> {
  readonly values: T;
  set(patch: Partial<T>): void;
  /** After a successful submit: back to the empty form, and the stored draft is gone. */
  clear(): Promise<void>;
}

/**
 * A form's in-progress values, kept as my form draft (src/storage/commands/form-drafts.ts):
 * restored on mount, saved after a short pause in typing, on leaving, when the page
 * is hidden (useSaveWhenHidden), and before an app update (useSaveBeforeUpdate), so
 * neither Update nor switching app loses them. Every change is also backed up at once
 * (useUnsavedBackup) until a save of it reaches the store, for a reload within the
 * pause (decision 0018).
 * `initial` and `allowed` are read once, on mount.
 */
export function useFormDraft<T extends FieldValues>(
  form: FormName,
  initial: T,
  allowed: AllowedValues<T> = {},
): FormDraft<T> {
  const { deviceContext } = useSignedIn();
  const { draftAutosaveMs = DEFAULT_AUTOSAVE_MS, now } = useEnv();
  const [values, setValues] = useState(initial);
  const latest = useRef({ values: initial, dirty: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // Writes and clears run one after another, so a late save cannot bring back a cleared draft.
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const start = useRef({ initial, allowed });
  const backup = useUnsavedBackup({ kind: 'form', form });
  // The time of the stored values the typing is made over (null: none), for its backup.
  const base = useRef<number | null>(null);
  // What a backup holds: the values, or no fields at all when they are the form's first
  // values, which says the stored draft they were typed over goes (decision 0018).
  const backupOf = useCallback(
    (values: T): FieldValues => (sameValues(values, start.current.initial) ? {} : values),
    [],
  );

  // Every write is tracked, so an update tapped while one is under way waits for it.
  const track = useTrackedWrites();

  const enqueue = useCallback(
    <R>(op: () => Promise<R>): Promise<R> => {
      const next = track(queue.current.then(op, op));
      queue.current = next.catch(() => undefined);
      return next;
    },
    [track],
  );

  const cancelTimer = () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
  };

  const write = useCallback((): Promise<Outcome> => {
    cancelTimer();
    const current = latest.current.values;
    const takenAt = now();
    latest.current = { values: current, dirty: false };
    // Typing from now on is made over this save (should it fail, the typing's time decides).
    base.current = sameValues(current, start.current.initial) ? null : takenAt;
    return enqueue(async (): Promise<Outcome> => {
      if (sameValues(current, start.current.initial)) {
        await clearFormDraft(deviceContext, form);
        backup.drop(backupOf(current));
        return { ok: true, value: undefined };
      }
      // Not for someone whose access was revoked meanwhile: their data is wiped.
      const outcome =
        (await unlessRevoked(deviceContext, () =>
          saveFormDraft(deviceContext, form, current, takenAt),
        )) ?? REVOKED;
      if (outcome.ok) backup.drop(current);
      return outcome;
    });
  }, [deviceContext, form, enqueue, now, backup, backupOf]);

  useEffect(() => {
    let cancelled = false;
    void storedFormDraft(deviceContext, form).then((stored) => {
      // Typing that began before the stored values arrived wins: it is newer.
      if (cancelled || latest.current.dirty) return;
      const { initial: first, allowed: choices } = start.current;
      base.current = stored?.savedAt ?? null;
      // So does typing a reload or a closed tab kept from reaching the store: it is saved now.
      const kept = backup.read();
      if (kept !== null && 'fields' in kept) {
        if (backupIsNewer(kept, stored?.fields ?? null, stored?.savedAt ?? null)) {
          const restored = restore(first, choices, kept.fields);
          // The backup now holds what is shown (its unknown fields and choices dropped).
          backup.keep({ fields: backupOf(restored), base: base.current });
          latest.current = { values: restored, dirty: true };
          setValues(restored);
          void write();
          return;
        }
        backup.drop();
      }
      if (stored === null) return;
      const restored = restore(first, choices, stored.fields);
      latest.current = { values: restored, dirty: false };
      setValues(restored);
    });
    return () => {
      cancelled = true;
    };
  }, [deviceContext, form, backup, write, backupOf]);

  // An app update saves what was typed first (src/pwa/update-store.ts).
  useSaveBeforeUpdate(async () => {
    if (!latest.current.dirty) return;
    const outcome = await write();
    if (!outcome.ok) throw new Error('form draft not saved');
  });

  useEffect(
    () => () => {
      if (latest.current.dirty) void write();
    },
    [write],
  );

  // Nor must switching app, or closing or reloading the tab, within the autosave's pause.
  useSaveWhenHidden(() => {
    if (latest.current.dirty) void write();
  });

  const set = useCallback(
    (patch: Partial<T>) => {
      const next = { ...latest.current.values, ...patch };
      latest.current = { values: next, dirty: true };
      // Back at its first values with nothing stored there is nothing to bring back: a
      // backup of them would reopen a Send dialog by itself, empty, after a reload.
      // Over a stored draft they say it was cleared: a sign-out removes it, not keeps them.
      if (base.current === null && sameValues(next, start.current.initial)) backup.drop();
      else backup.keep({ fields: backupOf(next), base: base.current });
      setValues(next);
      cancelTimer();
      timer.current = setTimeout(() => void write(), draftAutosaveMs);
    },
    [write, draftAutosaveMs, backup, backupOf],
  );

  const clear = useCallback(async () => {
    cancelTimer();
    latest.current = { values: start.current.initial, dirty: false };
    base.current = null;
    backup.drop();
    setValues(start.current.initial);
    await enqueue(() => clearFormDraft(deviceContext, form));
  }, [deviceContext, form, enqueue, backup]);

  return { values, set, clear };
}

function sameValues(a: FieldValues, b: FieldValues): boolean {
  return Object.keys(b).every((k) => a[k] === b[k]);
}

/** Stored values for the form's own fields only; a choice no longer offered falls back. */
function restore<T extends FieldValues>(
  initial: T,
  allowed: AllowedValues<T>,
  stored: FormFields,
): T {
  const out: FieldValues = { ...initial };
  for (const key of Object.keys(initial)) {
    const value = stored[key];
    const choices = allowed[key];
    if (value === undefined || (choices && !choices.includes(value))) continue;
    out[key] = value;
  }
  return out as T;
}
