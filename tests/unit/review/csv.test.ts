import { describe, expect, it } from 'vitest';
import { buildReview, officeLookup } from '@domain/review.ts';
import { BOM, csvCell, csvFileName, toCsv } from '@ui/review/csv.ts';
import { officeTable, personTable, recordTable, tableCsv } from '@ui/review/review-tables.ts';
import { letterHash } from '@domain/letters.ts';
import { CLERK, DAY, T0, TEHSILDAR, eid, ev, rid, send } from '../domain/builders.ts';
import { DIRECTORY, item } from './fixtures.ts';
import { HI_LABELS, NAMES } from './labels.ts';

/** Splits a CSV body (after the BOM) into records of fields, honouring quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const next = text[i + 1];
    if (quoted && c === '"' && next === '"') {
      field += '"';
      i += 2;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (!quoted && c === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && c === '\r' && next === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 1;
    } else field += c;
    i += 1;
  }
  return rows;
}

describe('CSV export', () => {
  it('starts with a UTF-8 BOM and ends every line with CRLF', () => {
    const csv = toCsv(['विषय'], [['भूमि']]);
    expect(csv.startsWith(BOM)).toBe(true);
    expect(csv).toBe('\uFEFFविषय\r\nभूमि\r\n');
    const bytes = new TextEncoder().encode(csv);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('quotes commas, quotes, line breaks and edge spaces, and neutralises formulas', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "हाँ"')).toBe('"say ""हाँ"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvCell('सादा पाठ')).toBe('सादा पाठ');
  });

  it('says a confidential record’s subject is withheld where the report left it out', () => {
    const now = T0 + 40 * DAY;
    const r = buildReview(
      [{ ...item({ n: 1 }, [send(1, CLERK, now - 20 * DAY, TEHSILDAR, null)], now), subject: '' }],
      { now, officeOf: officeLookup(DIRECTORY), reach: { kind: 'district' }, filter: {}, weeks: 4 },
    );
    const records = parseCsv(tableCsv(recordTable(r.records, HI_LABELS, NAMES)).slice(1));
    expect(records[1]?.[1]).toBe(HI_LABELS.withheld);
  });

  it('round-trips a pendency table with Devanagari intact', () => {
    const now = T0 + 40 * DAY;
    const subject = 'खाता 112, ग्राम ढकरानी — "दाखिल-खारिज"';
    const r = buildReview(
      [
        {
          ...item({ n: 1 }, [send(1, CLERK, now - 20 * DAY, TEHSILDAR, null)], now),
          subject,
        },
      ],
      { now, officeOf: officeLookup(DIRECTORY), reach: { kind: 'district' }, filter: {}, weeks: 4 },
    );
    const records = parseCsv(tableCsv(recordTable(r.records, HI_LABELS, NAMES)).slice(1));
    expect(records[0]?.slice(0, 3)).toEqual(['संख्या', 'विषय', 'प्रकार']);
    expect(records[1]?.[1]).toBe(subject);
    expect(records[1]?.[2]).toBe('पत्रावली');
    const offices = parseCsv(tableCsv(officeTable(r, HI_LABELS, NAMES)).slice(1));
    expect(offices[0]).toEqual([
      'कार्यालय',
      '0–7 दिन',
      '8–15 दिन',
      '16–30 दिन',
      '30 दिन से अधिक',
      'कुल',
      'पत्रावलियाँ',
      'प्राप्तियाँ',
      'नियत तिथि पार',
      'असत्यापित समय',
      'सबसे पुरानी (दिन)',
      'अनुमोदन हेतु लंबित मसौदे',
      'मसौदे: सबसे पुराना (दिन)',
      'अनुमोदित, प्रेषण शेष',
      'प्रेषण शेष: सबसे पुराना (दिन)',
    ]);
    expect(offices[1]).toEqual([
      'विकासनगर',
      ...['0', '0', '1', '0', '1', '1', '0', '0', '0', '20'],
      ...['0', '0', '0', '0'],
    ]);
    expect(offices[2]?.[0]).toBe('कुल');
    const people = parseCsv(tableCsv(personTable(r, HI_LABELS, NAMES)).slice(1));
    expect(people[1]?.slice(0, 2)).toEqual([`नाम:${TEHSILDAR}`, 'विकासनगर']);
  });

  it('has the draft letters awaiting approval and dispatch, with their oldest ages', () => {
    const now = T0 + 40 * DAY;
    const content = { to: 'SDM', subject: 'आख्या', reference: null, hindi: 'पाठ', english: '' };
    const drafted = (n: number, at: number) =>
      ev(n, 'letterDrafted', CLERK, at, { template: 'blank', ...content });
    const approved = (n: number, at: number) =>
      ev(n + 1, 'letterApproved', CLERK, at, {
        draft: eid(n),
        version: eid(n),
        textHash: letterHash(rid(1), eid(n), content),
      });
    const r = buildReview(
      [
        item(
          { n: 1 },
          [
            drafted(10, now - 12 * DAY),
            drafted(20, now - 5 * DAY),
            drafted(30, now - 9 * DAY),
            approved(30, now - 3 * DAY),
          ],
          now,
        ),
      ],
      { now, officeOf: officeLookup(DIRECTORY), reach: { kind: 'district' }, filter: {}, weeks: 4 },
    );
    const offices = parseCsv(tableCsv(officeTable(r, HI_LABELS, NAMES)).slice(1));
    expect(offices[1]?.slice(-4)).toEqual(['2', '12', '1', '3']);
    expect(offices[2]?.slice(-4)).toEqual(['2', '12', '1', '3']);
    const records = parseCsv(tableCsv(recordTable(r.records, HI_LABELS, NAMES)).slice(1));
    expect(records[0]?.slice(-4)).toEqual([
      HI_LABELS.lettersAwaiting,
      HI_LABELS.lettersAwaitingDays,
      HI_LABELS.lettersApproved,
      HI_LABELS.lettersApprovedDays,
    ]);
    expect(records[1]?.slice(-4)).toEqual(['2', '12', '1', '3']);
  });

  it('names the file safely', () => {
    expect(csvFileName('pendency vikasnagar', '2026-04-21')).toBe(
      'pendency-vikasnagar-2026-04-21.csv',
    );
  });
});
