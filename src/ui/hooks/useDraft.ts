import { useCallback, useEffect, useRef, useState } from 'react';
import type { RecordId } from '@domain/ids.ts';
import { discardDraft, getDraft, saveDraft, type Outcome } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';
import { useSaveBeforeUpdate, useTrackedWrites } from './useSaveBeforeUpdate.ts';
import { useSaveWhenHidden } from './useSaveWhenHidden.ts';
import { useSignedIn } from './useSignedIn.ts';

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
 */
export function useDraft(recordId: RecordId): Draft {
  const { deviceContext } = useSignedIn();
  const { draftAutosaveMs = DEFAULT_AUTOSAVE_MS, now } = useEnv();
  const [text, setTextState] = useState('');
  const [loaded, setLoaded] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const latest = useRef({ text: '', dirty: false });
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Every write is tracked, so an update tapped while one is under way waits for it.
  const track = useTrackedWrites();

  const write = useCallback((): Promise<Outcome> => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const { text: current } = latest.current;
    latest.current = { text: current, dirty: false };
    return track(
      (async (): Promise<Outcome> => {
        if (current.trim() === '') {
          await discardDraft(deviceContext, recordId);
          return { ok: true, value: undefined };
        }
        const outcome = await saveDraft(deviceContext, recordId, current);
        if (outcome.ok) setSavedAt(now());
        return outcome;
      })(),
    );
  }, [deviceContext, recordId, now, track]);

  useEffect(() => {
    let cancelled = false;
    void getDraft(deviceContext, recordId).then((stored) => {
      if (cancelled) return;
      setLoaded(true);
      // Typing that began before the stored draft arrived wins: it is newer.
      if (latest.current.dirty) return;
      latest.current = { text: stored ?? '', dirty: false };
      setTextState(stored ?? '');
    });
    return () => {
      cancelled = true;
    };
  }, [deviceContext, recordId]);

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
      setTextState(next);
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void write(), draftAutosaveMs);
    },
    [write, draftAutosaveMs],
  );

  const reset = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    latest.current = { text: '', dirty: false };
    setTextState('');
  }, []);

  return { text, loaded, savedAt, setText, save: write, reset };
}
