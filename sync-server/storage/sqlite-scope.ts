import type { OfficeScope, Scope } from './types.ts';

/**
 * The SQL that reads the update log within a scope: an office's rows plus the
 * records of other offices granted to the person, or the whole district, in
 * both cases without the confidential and secret records whose access list
 * does not name the person (issue 17). Stores nothing. Shaped for SQLite's
 * planner (tests/integration/server-storage-plans.test.ts holds them to it): a
 * page walks the log by seq, the primary key, so it costs the rows it scans
 * and is never sorted; the head walks an index down from its maximum.
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
 * Restricted records (summaries_restricted: the few whose grade is not normal)
 * that the person is not on the access list of. Evaluated once per query.
 * Parameter: the person.
 */
const HIDDEN = `SELECT s.record_id FROM summaries s WHERE s.grade <> 'normal'
  AND NOT EXISTS (SELECT 1 FROM record_access a WHERE a.record_id = s.record_id AND a.person = ?)`;

/** The people of a relay's scope, one JSON parameter (any number of people, one statement). */
const PEOPLE = 'SELECT value FROM json_each(?)';

/**
 * An office relay's scope (OfficeScope.people): the office's records and the
 * records granted to any of its people, without the restricted ones whose access
 * list names none of them. Parameters: office, people, office, people.
 */
const RELAY_RECORDS = `(+office = ? OR +record_id IN (SELECT record_id FROM record_access
    WHERE person IN (${PEOPLE}) AND office <> ?))
  AND +record_id NOT IN (SELECT s.record_id FROM summaries s WHERE s.grade <> 'normal'
    AND NOT EXISTS (SELECT 1 FROM record_access a WHERE a.record_id = s.record_id
      AND a.person IN (${PEOPLE})))`;

const relayParams = (s: OfficeScope, people: readonly string[]): readonly string[] => {
  const list = JSON.stringify(people);
  return [s.office, list, s.office, list];
};

/**
 * Rows past a cursor, in seq order. Parameters before `params`: puller device,
 * puller person (for `own`), cursor. The unary `+` keeps SQLite from answering
 * the OR with two indexes whose rows it would merge and re-sort on every page.
 */
export function pageQuery(scope: Scope): ScopedQuery {
  const select = `SELECT seq, record_id, bytes, (device_id = ? AND author = ?) IS 1 AS own
    FROM updates WHERE seq > ?`;
  if (scope.kind === 'district') {
    if (scope.person === undefined) return { sql: `${select} ORDER BY seq`, params: [] };
    return {
      sql: `${select} AND +record_id NOT IN (${HIDDEN}) ORDER BY seq`,
      params: [scope.person],
    };
  }
  if (scope.people !== undefined)
    return {
      sql: `${select} AND ${RELAY_RECORDS} ORDER BY seq`,
      params: relayParams(scope, scope.people),
    };
  return {
    sql: `${select} AND (+office = ? OR +record_id IN (${OTHER_OFFICE_GRANTS}))
      AND +record_id NOT IN (${HIDDEN}) ORDER BY seq`,
    params: [scope.office, ...otherOfficeParams(scope), scope.person],
  };
}

/**
 * Distinct records in scope with rows in (cursor, head] and those rows' bytes,
 * but for records sent whole already (first row in (wholeFrom, cursor],
 * ServerStorage.scopeTotals). Parameters before `params`: puller device and
 * person (unused), the cursor; after them the head, wholeFrom (the cursor when
 * none) and the cursor. Without the page's ORDER BY the scope query is
 * flattened into this one, and LENGTH reads each row's size from its header
 * instead of loading the update.
 */
export function totalsQuery(scope: Scope): ScopedQuery {
  const q = pageQuery(scope);
  const rows = q.sql.replace(/\s+ORDER BY seq\s*$/, '');
  return {
    sql: `SELECT COUNT(DISTINCT record_id) AS records, COALESCE(SUM(LENGTH(bytes)), 0) AS bytes
      FROM (${rows}) t WHERE seq <= ?
        AND (SELECT MIN(f.seq) FROM updates f WHERE f.record_id = t.record_id) NOT BETWEEN ? + 1 AND ?`,
    params: q.params,
  };
}

/** The highest seq in scope (0 when none), as `head`. */
export function headQuery(scope: Scope): ScopedQuery {
  if (scope.kind === 'district') {
    if (scope.person === undefined)
      return { sql: 'SELECT COALESCE(MAX(seq), 0) AS head FROM updates', params: [] };
    return {
      sql: `SELECT COALESCE((SELECT seq FROM updates WHERE +record_id NOT IN (${HIDDEN})
        ORDER BY seq DESC LIMIT 1), 0) AS head`,
      params: [scope.person],
    };
  }
  if (scope.people !== undefined)
    return {
      sql: `SELECT COALESCE(MAX(seq), 0) AS head FROM updates WHERE ${RELAY_RECORDS}`,
      params: relayParams(scope, scope.people),
    };
  // Granted records of other offices name the person, so none of them is hidden.
  return {
    sql: `SELECT MAX(
        COALESCE((SELECT seq FROM updates WHERE office = ? AND +record_id NOT IN (${HIDDEN})
          ORDER BY seq DESC LIMIT 1), 0),
        COALESCE((SELECT MAX(seq) FROM updates WHERE record_id IN (${OTHER_OFFICE_GRANTS})), 0)
      ) AS head`,
    params: [scope.office, scope.person, ...otherOfficeParams(scope)],
  };
}
