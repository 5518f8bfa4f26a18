import { PROJECTION_VERSION, type RecordRow } from '@domain/projection.ts';
import { logOf } from '@domain/record-log.ts';
import type { ServerStorage } from '../storage/types.ts';
import type { RecordRules } from './record-rules.ts';

/** Records refolded per storage transaction. */
const BATCH = 200;

/**
 * Brings the projection (`summaries`) to this build's PROJECTION_VERSION: each
 * record whose row is missing or was made by another version is folded from
 * its stored state and its log with the devices' own code, and its row rewritten. Runs
 * when the server starts, before it answers anyone, so reports only ever read
 * current rows. Returns how many records were refolded.
 */
export async function rebuildStaleSummaries(
  storage: ServerStorage,
  rules: RecordRules,
): Promise<number> {
  const stale = await storage.staleSummaries(PROJECTION_VERSION);
  for (let i = 0; i < stale.length; i += BATCH) {
    const rows: RecordRow[] = [];
    for (const id of stale.slice(i, i + BATCH)) {
      const log = logOf(await storage.recordLog(id));
      try {
        const { summary } = rules.summarize(await storage.recordState(id), log);
        if (summary !== null) rows.push(summary);
      } catch {
        // A record whose stored rows are damaged keeps its old row; check-records finds it.
        continue;
      }
    }
    await storage.saveSummaries(rows);
  }
  return stale.length;
}
