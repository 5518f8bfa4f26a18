import type { SavedGroup } from '@domain/groups.ts';
import type { OfficeId } from '@domain/ids.ts';
import type { PatravaliDb } from './db.ts';

/** The office's saved groups of recipients on this tablet (decision 0014), deleted ones left out, by name. */
export async function officeGroupsQuery(
  db: PatravaliDb,
  office: OfficeId,
): Promise<readonly SavedGroup[]> {
  const rows = await db.groups.where('office').equals(office).toArray();
  return rows
    .filter((g) => !g.deleted)
    .sort((a, b) => a.name.localeCompare(b.name) || (a.id < b.id ? -1 : 1));
}
