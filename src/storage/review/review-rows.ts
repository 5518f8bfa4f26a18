import { Dexie, cmp, type IntervalTree, type IntervalTreeNode } from 'dexie';
import type { RecordId } from '@domain/ids.ts';
import type { ReviewItem } from '@domain/review.ts';
import type { PatravaliDb, RecordSummary } from '../db/db.ts';

/**
 * The `records` rows the device's review reads, kept in memory between visits
 * to Pendency and brought up to date by reading again only the rows written
 * since (Dexie's `storagemutated` event names them, for this tab's writes and,
 * through its BroadcastChannel, for other tabs'; a browser without one would
 * not tell this tab of another's writes). At 10,000 records one
 * `getAll` of every row at each visit was most of what Pendency took on a
 * cheap tablet (docs/BENCHMARKS.md); a write Dexie reports as a range (a bulk
 * of 50 rows or more) means every row is read again.
 */

/** What the review needs of a row: its item, what filters it, and who may read its subject. */
export type ReviewRow = Pick<
  RecordSummary,
  keyof ReviewItem | 'lastActivity' | 'participants' | 'readers' | 'grade'
>;

export function reviewRow(r: RecordSummary): ReviewRow {
  return {
    id: r.id,
    kind: r.kind,
    number: r.number,
    subject: r.subject,
    category: r.category,
    office: r.office,
    holder: r.holder,
    holderSince: r.holderSince,
    holderSinceVerified: r.holderSinceVerified,
    status: r.status,
    priority: r.priority,
    dueDate: r.dueDate,
    spans: r.spans,
    letters: r.letters,
    lastActivity: r.lastActivity,
    participants: r.participants,
    readers: r.readers,
    grade: r.grade,
  };
}

interface Kept {
  rows: Map<RecordId, ReviewRow>;
  /** Rows written since the last read, or every row. */
  changed: Set<RecordId> | 'all';
  /** The read under way: one at a time, so none returns rows another is still replacing. */
  reading: Promise<void>;
  /** Set while the rows are read ahead (readReviewRowsAhead): it reads the rest at once. */
  hurry: (() => void) | null;
}

const kept = new WeakMap<PatravaliDb, Kept>();
/**
 * Every database's kept rows with its name, as `storagemutated` names them (two
 * connections to one store each keep their own); gone with their database.
 */
const byName = new Set<{ readonly name: string; readonly ref: WeakRef<Kept> }>();

Dexie.on('storagemutated', (parts) => {
  for (const entry of byName) {
    const k = entry.ref.deref();
    if (k === undefined) byName.delete(entry);
    // `all`: Dexie could not follow other tabs' writes (the page was in the
    // back/forward cache, its BroadcastChannel closed): every row may have changed.
    else if (parts['all'] !== undefined) k.changed = 'all';
    else noteWrites(k, parts[`idb://${entry.name}/records/`]);
  }
});

function noteWrites(k: Kept, written: IntervalTree | undefined): void {
  if (written === undefined || k.changed === 'all') return;
  const changed = k.changed;
  // Each node of Dexie's tree is a range of keys; a write of single rows gives single keys.
  const walk = (node: IntervalTreeNode | null | undefined): boolean => {
    if (node === null || node === undefined) return true;
    if (typeof node.from !== 'string' || cmp(node.from, node.to) !== 0) return false;
    changed.add(node.from as RecordId);
    return walk(node.l) && walk(node.r);
  };
  if ('from' in written && !walk(written)) k.changed = 'all';
}

function keptFor(db: PatravaliDb): Kept {
  let k = kept.get(db);
  if (k === undefined) {
    k = { rows: new Map(), changed: 'all', reading: Promise.resolve(), hurry: null };
    kept.set(db, k);
    byName.add({ name: db.name, ref: new WeakRef(k) });
  }
  return k;
}

async function readChanged(db: PatravaliDb, k: Kept): Promise<void> {
  const changed = k.changed;
  k.changed = new Set();
  if (changed === 'all') {
    // In a transaction of its own: under liveQuery, Dexie's cache would keep
    // every row and hand out a deep copy of all of them.
    const all = await db.transaction('r', db.records, () => db.records.toArray());
    k.rows = new Map(all.map((r) => [r.id, reviewRow(r)]));
    return;
  }
  if (changed.size === 0) return;
  const ids = [...changed];
  const rows = await db.transaction('r', db.records, () => db.records.bulkGet(ids));
  ids.forEach((id, i) => {
    const row = rows[i];
    if (row === undefined) k.rows.delete(id);
    else k.rows.set(id, reviewRow(row));
  });
}

/**
 * Every record's review row on this device. Under liveQuery it runs again at
 * any write to `records`: the count, first and read in the querier's own
 * context, observes the whole table (the rows may be read by another caller).
 */
export async function reviewRows(db: PatravaliDb): Promise<Iterable<ReviewRow>> {
  await db.records.count();
  const k = keptFor(db);
  k.hurry?.();
  const reading = k.reading.then(() => readChanged(db, k));
  // A failed read is not kept as the next one's start; every row is read again.
  k.reading = reading.catch(() => {
    k.changed = 'all';
  });
  await reading;
  return k.rows.values();
}

/** Rows read ahead per idle moment: a short task even on a slow tablet. */
export const AHEAD_PAGE_ROWS = 250;

/** Waits for the next idle moment; answers a function that gives up waiting. */
export type WhenIdle = (then: () => void) => () => void;

/**
 * Reads every row ahead of Pendency's first visit, a page at a time in idle
 * moments, so a tehsildar who opens Pendency a little after the start does not
 * wait for 10,000 rows to be read (docs/BENCHMARKS.md). A visit meanwhile reads
 * the pages left at once. Rows written during the reading are noted as they
 * are between visits and read again at the visit. Does nothing once the rows
 * are kept. Answers a function that stops it (the rows are then read at the visit).
 */
export function readReviewRowsAhead(db: PatravaliDb, whenIdle: WhenIdle): () => void {
  const k = keptFor(db);
  let stopped = false;
  let hurried = false;
  let wake = (): void => undefined;
  const hurry = (): void => {
    hurried = true;
    wake();
  };
  k.hurry = hurry;
  const idle = (): Promise<void> =>
    new Promise((resolve) => {
      const giveUp = whenIdle(resolve);
      wake = () => {
        giveUp();
        resolve();
      };
    });
  const ahead = async (): Promise<void> => {
    if (k.changed !== 'all' || stopped) return;
    k.changed = new Set();
    const rows = new Map<RecordId, ReviewRow>();
    for (let after: RecordId | null = null; ;) {
      if (!hurried) await idle();
      if (stopped) throw new Error('reading ahead stopped');
      const from: RecordId | null = after;
      // Hurried by a visit: the rest in one read.
      const all = hurried;
      const page: RecordSummary[] = await db.transaction('r', db.records, () => {
        const rest =
          from === null ? db.records.toCollection() : db.records.where(':id').above(from);
        return (all ? rest : rest.limit(AHEAD_PAGE_ROWS)).toArray();
      });
      for (const r of page) rows.set(r.id, reviewRow(r));
      const last = page.at(-1);
      if (all || page.length < AHEAD_PAGE_ROWS || last === undefined) break;
      after = last.id;
    }
    k.rows = rows;
  };
  const reading = k.reading.then(ahead).finally(() => {
    if (k.hurry === hurry) k.hurry = null;
  });
  k.reading = reading.catch(() => {
    k.changed = 'all';
  });
  return () => {
    stopped = true;
    wake();
  };
}
