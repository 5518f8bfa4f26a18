import { useLiveQuery } from 'dexie-react-hooks';
import type { PersonId } from '@domain/ids.ts';
import { listQuarantine } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

export type QuarantineItem = Awaited<ReturnType<typeof listQuarantine>>[number];

/**
 * Changes the server refused, kept on this device with the reason; live, newest first.
 * A restricted record's only for someone on its access list (`viewer`, the signed-in person).
 */
export function useQuarantine(viewer: PersonId): readonly QuarantineItem[] | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => listQuarantine(db, viewer), [db, viewer]);
}
