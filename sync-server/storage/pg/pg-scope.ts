import type { Scope } from '../types.ts';

/**
 * The SQL that reads the PostgreSQL update log within a scope, as
 * sqlite-scope.ts does for SQLite: an office's rows plus the records of other
 * offices granted to the person (to any of an office relay's people), or the whole
 * district, without the restricted records whose access list does not name the
 * person (names none of the relay's people). Stores nothing.
 */

export interface PgQuery {
  readonly text: string;
  /** A list (a relay's people) goes as one PostgreSQL text[] parameter. */
  readonly values: readonly (string | number | null | readonly string[])[];
}

/** Restricted records the person ($n) is not on the access list of. */
const hidden = (person: string) => `SELECT s.record_id FROM summaries s WHERE s.grade <> 'normal'
  AND NOT EXISTS (SELECT 1 FROM record_access a WHERE a.record_id = s.record_id AND a.person = ${person})`;

/** Records of other offices than $office granted to $person. */
const grants = (person: string, office: string) =>
  `SELECT record_id FROM record_access WHERE person = ${person} AND office <> ${office}`;

/**
 * An office relay's scope (OfficeScope.people, decision 0010), as sqlite-scope.ts
 * RELAY_RECORDS: records of other offices granted to any of the people ($n, a
 * text[]), and the restricted records whose access list names none of them.
 */
const relayGrants = (people: string, office: string) =>
  `SELECT record_id FROM record_access WHERE person = ANY(${people}::text[]) AND office <> ${office}`;

const relayHidden = (people: string) => `SELECT s.record_id FROM summaries s
  WHERE s.grade <> 'normal' AND NOT EXISTS (SELECT 1 FROM record_access a
    WHERE a.record_id = s.record_id AND a.person = ANY(${people}::text[]))`;

/** The scope's condition on `updates`, its parameters numbered from `first`. */
function within(scope: Scope, first: number): PgQuery {
  const p = (i: number) => `$${first + i}`;
  if (scope.kind === 'district') {
    if (scope.person === undefined) return { text: 'TRUE', values: [] };
    return { text: `record_id NOT IN (${hidden(p(0))})`, values: [scope.person] };
  }
  if (scope.people !== undefined)
    return {
      text: `(office = ${p(0)} OR record_id IN (${relayGrants(p(1), p(0))}))
      AND record_id NOT IN (${relayHidden(p(1))})`,
      values: [scope.office, scope.people],
    };
  return {
    text: `(office = ${p(0)} OR record_id IN (${grants(p(1), p(0))}))
      AND record_id NOT IN (${hidden(p(1))})`,
    values: [scope.office, scope.person],
  };
}

/**
 * At most `limit` rows past the cursor in seq order, each marked `own` when the
 * puller (device, person) pushed it.
 */
export function pageQuery(
  scope: Scope,
  cursor: number,
  limit: number,
  puller: { deviceId: string; person: string } | undefined,
): PgQuery {
  const where = within(scope, 5);
  return {
    text: `SELECT seq, record_id, encode(bytes, 'base64') AS bytes64,
        COALESCE(device_id = $1 AND author = $2, FALSE) AS own
      FROM updates WHERE seq > $3 AND ${where.text} ORDER BY seq LIMIT $4`,
    values: [puller?.deviceId ?? null, puller?.person ?? null, cursor, limit, ...where.values],
  };
}

/** The highest seq in scope (0 when none), as `head`. */
export function headQuery(scope: Scope): PgQuery {
  const where = within(scope, 1);
  return {
    text: `SELECT COALESCE(MAX(seq), 0) AS head FROM updates WHERE ${where.text}`,
    values: where.values,
  };
}

/**
 * Distinct records in scope with rows in (after, upTo] and those rows' bytes,
 * but for records sent whole already (first row in (wholeFrom, after],
 * ServerStorage.scopeTotals; wholeFrom is `after` when none).
 */
export function totalsQuery(scope: Scope, after: number, upTo: number, wholeFrom = after): PgQuery {
  const where = within(scope, 4);
  return {
    text: `SELECT COUNT(DISTINCT record_id) AS records, COALESCE(SUM(octet_length(bytes)), 0) AS bytes
      FROM updates WHERE seq > $1 AND seq <= $2 AND ${where.text}
        AND (SELECT MIN(f.seq) FROM updates f WHERE f.record_id = updates.record_id)
          NOT BETWEEN $3::bigint + 1 AND $1`,
    values: [after, upTo, wholeFrom, ...where.values],
  };
}
