import { useMemo } from 'react';
import { backUpTyping, dropBackup, readBackup, type UnsavedTarget } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';
import { useSignedIn } from './useSignedIn.ts';

export interface UnsavedBackup {
  /** Writes the typing at once (synchronously), so a reload within the autosave's pause keeps it. */
  keep(
    value: ({ text: string } | { fields: Readonly<Record<string, string>> }) & {
      /** The time of the stored draft the typing is made over (null: none). */
      base: number | null;
    },
  ): void;
  /** The backup's typing and its time, or null. */
  read(): ReturnType<typeof readBackup>;
  /** A save reached the store: the backup goes if it holds what was saved (all of it if not given). */
  drop(saved?: string | Readonly<Record<string, string>>): void;
}

/**
 * The signed-in person's backup of typing not yet in the store, for one noting or form
 * (src/storage/commands/unsaved-typing.ts, decision 0018). Without a backup store
 * (tests that give none) it keeps nothing.
 */
export function useUnsavedBackup(target: UnsavedTarget): UnsavedBackup {
  const { unsaved, now } = useEnv();
  const person = useSignedIn().deviceContext.person.id;
  const kind = target.kind;
  const name = target.kind === 'noting' ? target.recordId : target.form;
  return useMemo(() => {
    const at: UnsavedTarget =
      kind === 'noting'
        ? { kind, recordId: name as Extract<UnsavedTarget, { kind: 'noting' }>['recordId'] }
        : { kind, form: name as Extract<UnsavedTarget, { kind: 'form' }>['form'] };
    return {
      keep: (value) => {
        if (unsaved) backUpTyping(unsaved, person, at, { v: 1, at: now(), ...value });
      },
      read: () => (unsaved ? readBackup(unsaved, person, at) : null),
      drop: (saved) => {
        if (unsaved) dropBackup(unsaved, person, at, saved);
      },
    };
  }, [unsaved, now, person, kind, name]);
}
