import { useEffect, useRef } from 'react';
import type { RecordState } from '@domain/record.ts';
import { markOpened } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

/** When I view a record sent to me that I have not opened yet, record that I opened it (once). */
export function useMarkOpened(state: RecordState | null | undefined): void {
  const { deviceContext } = useSignedIn();
  const done = useRef<string | null>(null);
  const due =
    state && state.awaitingOpen && state.holder === deviceContext.person.id ? state.head : null;
  useEffect(() => {
    if (!due || !state || done.current === due) return;
    done.current = due;
    void markOpened(deviceContext, state.meta.id);
  }, [due, state, deviceContext]);
}
