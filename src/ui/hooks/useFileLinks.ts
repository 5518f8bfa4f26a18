import { useLiveQuery } from 'dexie-react-hooks';
import type { RecordId } from '@domain/ids.ts';
import type { LinkedFile, RecordState } from '@domain/record.ts';
import { filesLinkingQuery, heldFilesQuery, type RecordSummary } from '@storage/services.ts';
import { useSignedIn } from './useSignedIn.ts';

export interface FileLinks {
  /** Files this one links to (its own fileLinked events). */
  readonly linked: readonly LinkedFile[];
  /** Files on this tablet that link to this one (undefined while loading). */
  readonly linking: readonly RecordSummary[] | undefined;
  /** Of the files this one links to, those the signed-in person holds (open) on this tablet. */
  readonly linkedHeld: ReadonlySet<RecordId>;
  /** Every linked file's number, either way: what its notings may quote. */
  readonly numbers: ReadonlyMap<string, RecordId>;
}

/** A file's links both ways (`Link file`, @domain/file-links.ts), live. */
export function useFileLinks(state: RecordState): FileLinks {
  const { deviceContext } = useSignedIn();
  const { db, person } = deviceContext;
  const id = state.meta.id;
  const linking = useLiveQuery(() => filesLinkingQuery(db, id, person.id), [db, id, person.id]);
  const linkedIds = state.links.map((l) => l.file);
  const held = useLiveQuery(
    () => heldFilesQuery(db, linkedIds, person.id),
    [db, linkedIds.join(), person.id],
  );
  const numbers = new Map<string, RecordId>([
    ...(linking ?? []).map((r) => [r.number, r.id] as const),
    ...state.links.map((l) => [l.number, l.file] as const),
  ]);
  return { linked: state.links, linking, linkedHeld: new Set(held ?? []), numbers };
}
