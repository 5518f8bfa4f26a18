import { useLiveQuery } from 'dexie-react-hooks';
import { dispatchRegister, type DispatchEntry } from '@domain/dispatch-register.ts';
import type { OfficeId } from '@domain/ids.ts';
import { officeFileStatesQuery } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';

/** The office's dispatch register from the files on this tablet; live. */
export function useDispatchRegister(office: OfficeId): DispatchEntry[] | undefined {
  const { db, now } = useEnv();
  return useLiveQuery(
    async () => dispatchRegister(await officeFileStatesQuery(db, office, now())),
    [db, office, now],
  );
}
