import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordId } from '@domain/ids.ts';
import {
  backupIsNewer,
  discardDraft,
  REVOKED,
  saveDraft,
  storedDraft,
  unlessRevoked,
  type Outcome,
} from '@storage/services.ts';
import { useEnv } from './useEnv.ts';
import { useSaveBeforeUpdate, useTrackedWrites } from './useSaveBeforeUpdate.ts';
import { useSaveWhenHidden } from './useSaveWhenHidden.ts';
import { useSignedIn } from './useSignedIn.ts';
import { useUnsavedBackup } from './useUnsavedBackup.ts';

const DEFAULT_AUTOSAVE_MS = 1_000;

export interface Draft {
  readonly text: string;
  readonly loaded: boolean;
  /** Device time of the last save that reached the store. */
  readonly savedAt: number | null;
  setText(text: string): void;
  /** Writes the current text now (cancelling a pending autosave). */
  save(): Promise<Outcome>;
  /** Forgets the local text after the draft was finalised by a send. */
  reset(): void;
}

/**
 * My yellow draft noting on a record. Typing schedules a save after a short
 * pause, and leaving the page saves what is pending, so nothing typed is lost.
 * Every change is also backed up at once (useUnsavedBackup) until a save of it
 * reaches the store: a reload within the pause brings it back (decision 0018).
 */
export function useDraft(recordId: RecordId): Draft {
  const { deviceContext } = useSignedIn();
  const { draftAutosaveMs = DEFAULT_AUTOSAVE_MS, now } = useEnv();
  const [text, setTextState] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const latest = useRef({ text: '', dirty: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const backup = useUnsavedBackup({ kind: 'noting', recordId });
  // The time of the stored draft the typing is made over (null: none), for its backup.
  const base = useRef<number | null>(null);

  // Every write is tracked, so an update tapped while one is under way waits for it.
  const track = useTrackedWrites();

  const write = useCallback((): Promise<Outcome> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { text: current } = latest.current;
    latest.current = { text: current, dirty: false };
    const takenAt = now();
    // Typing from now on is made over this save (should it fail, the typing's time decides).
    base.current = current.trim() === '' ? null : takenAt;
    return track(
      (async (): Promise<Outcome> => {
        if (current.trim() === '') {
          await discardDraft(deviceContext, recordId);
          backup.drop(current);
          return { ok: true, value: undefined };
        }
        // Not for someone whose access was revoked meanwhile: their data is wiped.
        const outcome =
          (await unlessRevoked(deviceContext, () =>
            saveDraft(deviceContext, recordId, current, takenAt),
          )) ?? REVOKED;
        if (outcome.ok) {
          setSavedAt(now());
          backup.drop(current);
        }
        return outcome;
      })(),
    );
  }, [deviceContext, recordId, now, track, backup]);

  useEffect(() => {
    let cancelled = false;
    void storedDraft(deviceContext, recordId).then((stored) => {
      if (cancelled) return;
      setLoaded(true);
      // Typing that began before the stored draft arrived wins: it is newer.
      if (latest.current.dirty) return;
      base.current = stored?.updatedAt ?? null;
      // So does typing a reload or a closed tab kept from reaching the store: it is saved now.
      const kept = backup.read();
      if (kept !== null && 'text' in kept) {
        if (backupIsNewer(kept, stored?.text ?? null, stored?.updatedAt ?? null)) {
          latest.current = { text: kept.text, dirty: true };
          setTextState(kept.text);
          void write();
          return;
        }
        backup.drop();
      }
      latest.current = { text: stored?.text ?? '', dirty: false };
      setTextState(stored?.text ?? '');
    });
    return () => {
      cancelled = true;
    };
  }, [deviceContext, recordId, backup, write]);

  // An app update saves what was typed first (src/pwa/update-store.ts).
  useSaveBeforeUpdate(async () => {
    if (!latest.current.dirty) return;
    const outcome = await write();
    if (!outcome.ok) throw new Error('draft not saved');
  });

  // Leaving the page (or signing out) must not drop what was typed since the last save.
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

  const setText = useCallback(
    (next: string) => {
      latest.current = { text: next, dirty: true };
      backup.keep({ text: next, base: base.current });
      setTextState(next);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void write(), draftAutosaveMs);
    },
    [write, draftAutosaveMs, backup],
  );

  const reset = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    latest.current = { text: '', dirty: false };
    backup.drop();
    setTextState('');
  }, [backup]);

  return { text, loaded, savedAt, setText, save: write, reset };
}
