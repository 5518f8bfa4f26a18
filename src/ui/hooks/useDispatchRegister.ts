import { useLiveQuery } from 'dexie-react-hooks';
import { dispatchRegister, type DispatchEntry } from '@domain/dispatch-register.ts';
import type { OfficeId } from '@domain/ids.ts';
import { officeFileStatesQuery } from '@storage/services.ts';
import { useEnv } from './useEnv.ts';
import { useSignedIn } from './useSignedIn.ts';

/** The office's dispatch register from the files on this tablet; live. */
export function useDispatchRegister(office: OfficeId): DispatchEntry[] | undefined {
  const { db, now } = useEnv();
  const viewer = useSignedIn().deviceContext.person.id;
  return useLiveQuery(
    async () => dispatchRegister(await officeFileStatesQuery(db, office, now(), viewer)),
    [db, office, now, viewer],
  );
}
