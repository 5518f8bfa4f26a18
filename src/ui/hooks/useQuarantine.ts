import { useLiveQuery } from 'dexie-react-hooks';
import { listQuarantine } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

export type QuarantineItem = Awaited<ReturnType<typeof listQuarantine>>[number];

/** Changes the server refused, kept on this device with the reason; live, newest first. */
export function useQuarantine(): readonly QuarantineItem[] | undefined {
  const { db } = useEnv();
  return useLiveQuery(() => listQuarantine(db), [db]);
}
