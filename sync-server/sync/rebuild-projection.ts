import { PROJECTION_VERSION, type RecordRow } from '@domain/projection.ts';
import { logOf } from '@domain/record-log.ts';
import { SEARCH_VERSION, type SearchRow } from '@domain/search-words.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { RecordRules } from './record-rules.ts';

/** Records refolded per storage transaction. */
const BATCH = 200;

/**
 * Brings the projection (`summaries`) to this build's PROJECTION_VERSION and its
 * search keys to SEARCH_VERSION: each record whose row or keys are missing or
 * were made by another version is folded from
 * its stored state and its log with the devices' own code, and its row rewritten. Runs
 * when the server starts, before it answers anyone, so reports only ever read
 * current rows. Returns how many records were refolded.
 */
export async function rebuildStaleSummaries(
  storage: ServerStorage,
  rules: RecordRules,
): Promise<number> {
  const stale = await storage.staleSummaries(PROJECTION_VERSION, SEARCH_VERSION);
  for (let i = 0; i < stale.length; i += BATCH) {
    const rows: RecordRow[] = [];
    const search: SearchRow[] = [];
    for (const id of stale.slice(i, i + BATCH)) {
      const log = logOf(await storage.recordLog(id));
      try {
        const folded = rules.summarize(await storage.recordState(id), log);
        if (folded.summary !== null) rows.push(folded.summary);
        if (folded.search) search.push(folded.search);
      } catch {
        // A record whose stored rows are damaged keeps its old row; check-records finds it.
        continue;
      }
    }
    await storage.saveSummaries(rows, search);
  }
  return stale.length;
}
