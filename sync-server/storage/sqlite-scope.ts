import type { OfficeScope, Scope } from './types.ts';

/**
 * The SQL that reads the update log within a scope: an office's rows plus the
 * records of other offices granted to the person, or the whole district.
 * Stores nothing. Shaped for SQLite's planner (tests/integration/
 * server-storage-plans.test.ts holds them to it): a page walks the log by seq,
 * the primary key, so it costs the rows it scans and is never sorted; the head
 * is two index maxima.
 */

export interface ScopedQuery {
  readonly sql: string;
  readonly params: readonly string[];
}

/**
 * Records of other offices the person was granted: two index ranges around the
 * person's own office, so the own office's many grants are never read.
 */
const OTHER_OFFICE_GRANTS = `SELECT record_id FROM record_access WHERE person = ? AND office < ?
  UNION ALL SELECT record_id FROM record_access WHERE person = ? AND office > ?`;

const otherOfficeParams = (s: OfficeScope): readonly string[] => [
  s.person,
  s.office,
  s.person,
  s.office,
];

/**
 * Rows past a cursor, in seq order. Parameters before `params`: puller device,
 * puller person (for `own`), cursor. The unary `+` keeps SQLite from answering
 * the OR with two indexes whose rows it would merge and re-sort on every page.
 */
export function pageQuery(scope: Scope): ScopedQuery {
  const select = `SELECT seq, record_id, bytes, (device_id = ? AND author = ?) IS 1 AS own
    FROM updates WHERE seq > ?`;
  if (scope.kind === 'district') return { sql: `${select} ORDER BY seq`, params: [] };
  return {
    sql: `${select} AND (+office = ? OR +record_id IN (${OTHER_OFFICE_GRANTS})) ORDER BY seq`,
    params: [scope.office, ...otherOfficeParams(scope)],
  };
}

/** The highest seq in scope (0 when none), as `head`. */
export function headQuery(scope: Scope): ScopedQuery {
  if (scope.kind === 'district')
    return { sql: 'SELECT COALESCE(MAX(seq), 0) AS head FROM updates', params: [] };
  return {
    sql: `SELECT MAX(
        COALESCE((SELECT MAX(seq) FROM updates WHERE office = ?), 0),
        COALESCE((SELECT MAX(seq) FROM updates WHERE record_id IN (${OTHER_OFFICE_GRANTS})), 0)
      ) AS head`,
    params: [scope.office, ...otherOfficeParams(scope)],
  };
}
