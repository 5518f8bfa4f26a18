import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { projectRecord } from '@domain/projection.ts';
import { DEFAULT_TREND_WEEKS, buildReview, reviewReachOf } from '@domain/review.ts';
import { officeLookup } from '@domain/review-item.ts';
import { keysMatch, queryTerms, searchKeys, searchedTextOf } from '@domain/search-words.ts';
import { DEMO_DIRECTORY } from '../../../sync-server/directory/demo-directory.ts';
import { ensureChromium } from '../../../scripts/ensure-chromium.mjs';
import { stateOf, VIKASNAGAR, type GeneratedOffice } from '../generate.ts';
import {
  armPageTimer,
  launchTablet,
  median,
  serverHead,
  signInApp,
  waitForCursor,
  type Tablet,
} from '../lib/chromium.ts';
import type { PageQueries, PendencyPhases, Timed } from '../lib/page-queries.ts';
import type { Report } from '../lib/report.ts';
import { startPatravaliServer } from '../lib/server.ts';
import { setupOffice } from './office.ts';

/**
 * Search and pendency at 10,000 records in Chromium: the tehsildar's tablet
 * syncs the whole office through the real app, then we time what the
 * tehsildar feels — opening `Pendency` until the office's total is on screen
 * and typing into the inbox's `Search` until the results are on screen — and
 * the app's own query functions run in the page over the same store.
 */

const TEHSILDAR = 'tehsildar.vikasnagar';
const SUBJECT_WORD = 'सीमांकन';
const NUMBER = 'VKN/LR/2026/1-77';
/** Roman typing that must find SUBJECT_WORD's records (and what else sounds alike). */
const ROMAN = 'seemankan';
const SEARCH_LIMIT = 50;
/** The office also holds one file with this many notings (issue 20: open it in ≤ 300 ms). */
export const LONG_FILE_NOTINGS = 60;

/** The app's query functions as one script for the page (tests/bench/lib/page-queries.ts, or `entry`). */
export async function pageQueriesScript(
  entry = new URL('../lib/page-queries.ts', import.meta.url).pathname,
): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    resolve: { tsconfigPaths: true },
    build: {
      write: false,
      minify: false,
      lib: {
        entry,
        formats: ['iife'],
        name: 'patravaliBenchModule',
      },
    },
  });
  const chunk = (Array.isArray(out) ? out : [out])
    .flatMap((o) => ('output' in o ? o.output : []))
    .find((c) => c.type === 'chunk');
  if (chunk === undefined || chunk.type !== 'chunk') throw new Error('no page bundle built');
  return chunk.code;
}

/** What the store must answer, from the generated office itself. */
function expected(office: GeneratedOffice, now: number) {
  // The index's own rule over each record's final state (@domain/search-words.ts).
  const keys = office.records.flatMap((r) => {
    const state = stateOf(r, now);
    return state ? [searchKeys(searchedTextOf(state))] : [];
  });
  const matches = (text: string) => {
    const terms = queryTerms(text);
    return keys.filter((k) => keysMatch(k, terms)).length;
  };
  const person = DEMO_DIRECTORY.people.find((p) => p.id === TEHSILDAR);
  const reach = person ? reviewReachOf(person, DEMO_DIRECTORY) : null;
  if (reach?.kind !== 'office') throw new Error(`${TEHSILDAR} has no office review`);
  const items = office.records.flatMap((r) => {
    const state = stateOf(r, now);
    return state ? [projectRecord(state)] : [];
  });
  const report = buildReview(items, {
    now,
    officeOf: officeLookup(DEMO_DIRECTORY),
    reach,
    filter: {},
    weeks: DEFAULT_TREND_WEEKS,
  });
  const total = report.byOffice.find((r) => r.key === VIKASNAGAR.office)?.total ?? 0;
  return {
    subject: Math.min(SEARCH_LIMIT, matches(SUBJECT_WORD)),
    number: Math.min(SEARCH_LIMIT, matches(NUMBER)),
    roman: Math.min(SEARCH_LIMIT, matches(ROMAN)),
    pendingInOffice: total,
    offices: reach.offices,
    records: office.records.length,
  };
}

/** What `Search results` says when nothing matches (en['search.none']). */
const NO_MATCH = 'No file or receipt on this tablet matches.';

/** Long enough for a slow fold of the whole office on a loaded machine. */
const PENDENCY_TIMEOUT_MS = 5 * 60_000;

/** The office row's Total in the by-office table (PendencyTable's button). */
const OFFICE_TOTAL = `[aria-label^="Tehsil Vikasnagar, Total: "]`;

export interface PendencyOpened {
  /** From the tap on Pendency until the frame with the office row's Total is painted, in the page. */
  readonly ms: number;
  /** The same as Playwright sees it: from before its click until its own query finds the Total. */
  readonly harnessMs: number;
  /** The Total's count. */
  readonly shown: number;
}

/** Inbox → Pendency by the nav link, until the office row's Total is on screen; its count too. */
export async function openPendency(page: Page): Promise<PendencyOpened> {
  await page.getByRole('link', { name: 'Inbox', exact: true }).click();
  await page.getByRole('region', { name: 'Inbox' }).getByRole('row').nth(1).waitFor();
  const painted = await armPageTimer(page, OFFICE_TOTAL, 'nextClick');
  const t0 = performance.now();
  await page.getByRole('link', { name: 'Pendency', exact: true }).click();
  const total = page
    .getByRole('region', { name: 'Pendency' })
    .getByRole('table', { name: 'Pendency by office' })
    .getByRole('button', { name: /^Tehsil Vikasnagar, Total: [\d,]+ records?$/ });
  await total.waitFor({ timeout: PENDENCY_TIMEOUT_MS });
  const harnessMs = performance.now() - t0;
  const label = (await total.getAttribute('aria-label')) ?? '';
  return {
    ms: await painted(),
    harnessMs,
    shown: Number(/Total: ([\d,]+)/.exec(label)?.[1]?.replaceAll(',', '') ?? NaN),
  };
}

/** Types `text` into the inbox's Search field until `want` result rows are on screen. */
async function searchUi(
  page: Page,
  text: string,
  want: number,
): Promise<{ ms: number; shown: number }> {
  await page.getByRole('link', { name: 'Inbox', exact: true }).click();
  const field = page.getByRole('searchbox', { name: 'Search' });
  await field.fill('');
  await page.getByRole('region', { name: 'Inbox' }).getByRole('tablist').waitFor();
  const t0 = performance.now();
  await field.fill(text);
  const region = page.getByRole('region', { name: 'Search results' });
  const rows = region.getByRole('row');
  // No match shows a sentence instead of a table.
  await (want === 0 ? region.getByText(NO_MATCH) : rows.nth(want)).waitFor({
    timeout: PENDENCY_TIMEOUT_MS,
  });
  const ms = performance.now() - t0;
  const shown = Math.max(0, (await rows.count()) - 1);
  await field.fill('');
  return { ms, shown };
}

async function searchUiRuns(page: Page, runs: number, text: string, want: number) {
  const ms: number[] = [];
  let count = 0;
  for (let i = 0; i <= runs; i++) {
    const r = await searchUi(page, text, want);
    if (i > 0) ms.push(r.ms);
    count = r.shown;
  }
  return { ms, count };
}

/** Per keystroke of `text`, the median over `runs` (after a warm-up) of the search it runs. */
export async function keystrokeRuns(page: Page, runs: number, text: string): Promise<Keystroke[]> {
  const all: { prefix: string; ms: number; count: number }[][] = [];
  for (let i = 0; i <= runs; i++) {
    const r = await page.evaluate((t: string) => {
      const q = (globalThis as { patravaliBench?: PageQueries }).patravaliBench;
      if (q === undefined) throw new Error('page queries not loaded');
      return q.keystrokes(t);
    }, text);
    if (i > 0) all.push(r);
  }
  return (all[0] ?? []).map((k, j) => ({
    prefix: k.prefix,
    count: k.count,
    ms: all.map((run) => run[j]?.ms ?? NaN),
  }));
}

export interface Keystroke {
  readonly prefix: string;
  readonly count: number;
  readonly ms: number[];
}

type PageCall =
  | { readonly kind: 'search'; readonly text: string }
  | { readonly kind: 'pendency' | 'pendencyLive'; readonly offices: readonly string[] };

/** Runs one of the app's queries in the page `runs` times after a warm-up. */
async function inPage(
  page: Page,
  runs: number,
  call: PageCall,
): Promise<{ ms: number[]; count: number; starts: number[] }> {
  const ms: number[] = [];
  const starts: number[] = [];
  let count = 0;
  for (let i = 0; i <= runs; i++) {
    const r = await page.evaluate((c: PageCall): Promise<Timed> => {
      const q = (globalThis as { patravaliBench?: PageQueries }).patravaliBench;
      if (q === undefined) throw new Error('page queries not loaded');
      if (c.kind === 'search') return q.search(c.text);
      const offices = c.offices as Parameters<PageQueries['officePendency']>[0];
      return c.kind === 'pendency' ? q.officePendency(offices) : q.officePendencyLive(offices);
    }, call);
    if (i > 0) ms.push(r.ms);
    if (i > 0 && r.starts !== undefined) starts.push(r.starts);
    count = r.count;
  }
  return { ms, count, starts };
}

interface Measured {
  readonly joinMs: number;
  readonly records: number;
  /** Tap → painted, in the page; and as Playwright sees it. */
  readonly pendencyUi: number[];
  readonly pendencyHarness: number[];
  /** The office total the page showed. */
  readonly shown: number;
  readonly subjectUi: { ms: number[]; count: number };
  readonly numberUi: { ms: number[]; count: number };
  readonly romanUi: { ms: number[]; count: number };
  readonly subject: { ms: number[]; count: number };
  readonly number: { ms: number[]; count: number };
  readonly roman: { ms: number[]; count: number };
  readonly keystrokes: readonly (readonly [string, Keystroke[]])[];
  /** navigator.storage.estimate() of the synced store (bytes). */
  readonly storage: number;
  readonly pendencyRaw: { ms: number[]; count: number };
  readonly pendencyLive: { ms: number[]; count: number; starts: number[] };
  readonly phases: PendencyPhases;
  readonly want: ReturnType<typeof expected>;
}

async function measure(
  report: Report,
  tablet: Tablet,
  origin: string,
  office: GeneratedOffice,
  head: number,
  runs: number,
): Promise<Omit<Measured, 'records'>> {
  const { page } = tablet;
  const t0 = performance.now();
  await signInApp(page, origin, TEHSILDAR);
  await waitForCursor(page, head);
  const joinMs = performance.now() - t0;
  report.note(`(the tehsildar's tablet holds the office after ${(joinMs / 1000).toFixed(0)} s)`);
  const want = expected(office, Date.now());
  report.note(`(expected: ${JSON.stringify({ ...want, offices: undefined })})`);
  const pendencyUi: number[] = [];
  const pendencyHarness: number[] = [];
  let shown = NaN;
  for (let i = 0; i < runs; i++) {
    const opened = await openPendency(page);
    pendencyUi.push(opened.ms);
    pendencyHarness.push(opened.harnessMs);
    shown = opened.shown;
  }
  const subjectUi = await searchUiRuns(page, runs, SUBJECT_WORD, want.subject);
  const numberUi = await searchUiRuns(page, runs, NUMBER, want.number);
  const romanUi = await searchUiRuns(page, runs, ROMAN, want.roman);
  // Off the Pendency page, so the app's own live review does not run beside ours.
  await page.getByRole('link', { name: 'Inbox', exact: true }).click();
  await page.evaluate(await pageQueriesScript());
  const subject = await inPage(page, runs, { kind: 'search', text: SUBJECT_WORD });
  const number = await inPage(page, runs, { kind: 'search', text: NUMBER });
  const roman = await inPage(page, runs, { kind: 'search', text: ROMAN });
  const keystrokes: [string, Keystroke[]][] = [];
  for (const text of [SUBJECT_WORD, ROMAN, NUMBER]) {
    keystrokes.push([text, await keystrokeRuns(page, runs, text)]);
  }
  const storage = await page.evaluate(() => {
    const q = (globalThis as { patravaliBench?: PageQueries }).patravaliBench;
    if (q === undefined) throw new Error('page queries not loaded');
    return q.storageUsed();
  });
  const pendencyRaw = await inPage(page, runs, { kind: 'pendency', offices: want.offices });
  const pendencyLive = await inPage(page, runs, { kind: 'pendencyLive', offices: want.offices });
  const phases = await page.evaluate(() => {
    const q = (globalThis as { patravaliBench?: PageQueries }).patravaliBench;
    if (q === undefined) throw new Error('page queries not loaded');
    return q.pendencyPhases();
  });
  return {
    joinMs,
    pendencyUi,
    pendencyHarness,
    shown,
    subjectUi,
    numberUi,
    romanUi,
    subject,
    number,
    roman,
    keystrokes,
    storage,
    pendencyRaw,
    pendencyLive,
    phases,
    want,
  };
}

const times = (ms: readonly number[]): string => ms.map((m) => m.toFixed(0)).join(' / ');

function print(report: Report, size: number, runs: number, m: Measured): void {
  const row = (what: string, want: number, got: { ms: number[]; count: number }) => [
    what,
    want,
    got.count,
    times(got.ms),
    median(got.ms),
  ];
  report.table(
    `Search and pendency over ${size} records in Chromium (tehsildar's tablet, 800×1280; median of ${runs})`,
    ['query', 'expected', 'shown / returned', 'runs ms', 'median ms'],
    [
      [`join: the app syncs ${m.want.records} records`, m.want.records, m.records, '–', m.joinMs],
      row('UI: tap Pendency until the office total is painted', m.want.pendingInOffice, {
        ms: m.pendencyUi,
        count: m.shown,
      }),
      row(
        'UI: the same as Playwright waits for it (its click and role query)',
        m.want.pendingInOffice,
        {
          ms: m.pendencyHarness,
          count: m.shown,
        },
      ),
      row(
        `UI: type "${SUBJECT_WORD}" in Search until the results show`,
        m.want.subject,
        m.subjectUi,
      ),
      row(`UI: type "${NUMBER}" in Search until the results show`, m.want.number, m.numberUi),
      row(`UI: type "${ROMAN}" in Search until the results show`, m.want.roman, m.romanUi),
      row('in page: deviceReview (office reach)', m.want.pendingInOffice, m.pendencyRaw),
      row('in page: the same under liveQuery', m.want.pendingInOffice, m.pendencyLive),
      row(`in page: searchRecords subject "${SUBJECT_WORD}"`, m.want.subject, m.subject),
      row(`in page: searchRecords number "${NUMBER}"`, m.want.number, m.number),
      row(`in page: searchRecords Roman "${ROMAN}"`, m.want.roman, m.roman),
    ],
  );
  report.table(
    `Search per keystroke over ${size} records in Chromium: the query each prefix runs (median of ${runs})`,
    ['typed so far', 'results', 'runs ms', 'median ms'],
    m.keystrokes.flatMap(([, keys]) =>
      keys.map((k) => [`"${k.prefix}"`, k.count, times(k.ms), median(k.ms)]),
    ),
  );
  report.note(
    `(the synced store takes ${(m.storage / 1e6).toFixed(0)} MB as the browser counts it)`,
  );
  report.note(
    `(liveQuery: the querier started ${m.pendencyLive.starts.join(' / ')} times per answer)`,
  );
  const p = m.phases;
  report.table(
    `What folding every record would cost — the path for rows written before the spans projection (${p.candidates} records, ${p.updates} updates)`,
    ['step', 'ms'],
    [
      ['scan `records` for candidates (the projection path does only this)', p.scan],
      ['read updates, one request per record (before batching)', p.readPerRecord],
      ['read the same updates in batches of 500 ids', p.readBatched],
      ['build Y.Docs from the updates', p.docs],
      ['fold events + review item', p.fold],
    ],
  );
}

/** Counts the `records` rows the app's store holds, to show the join is complete. */
function storedRecords(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const req = indexedDB.open('patravali');
        req.onerror = () => reject(new Error('cannot open the store'));
        req.onsuccess = () => {
          const db = req.result;
          const count = db.transaction('records', 'readonly').objectStore('records').count();
          count.onsuccess = () => {
            resolve(count.result);
            db.close();
          };
        };
      }),
  );
}

export async function benchChromiumQueries(
  report: Report,
  appDir: string,
  size = 10_000,
  runs = 3,
  /** More measurements on the same tablet once it holds the office. */
  then?: (page: Page, origin: string, office: GeneratedOffice) => Promise<void>,
): Promise<void> {
  const executablePath = await ensureChromium();
  const server = await startPatravaliServer(appDir);
  const profile = mkdtempSync(join(tmpdir(), 'patravali-chromium-'));
  let tablet: Tablet | null = null;
  try {
    const bench = await setupOffice(server, VIKASNAGAR, size, 31, { longFile: LONG_FILE_NOTINGS });
    const head = await serverHead(bench);
    tablet = await launchTablet(executablePath, profile);
    const m = await measure(report, tablet, server.origin, bench.office, head, runs);
    const measured: Measured = { ...m, records: await storedRecords(tablet.page) };
    print(report, size, runs, measured);
    report.add(
      `device.search_${size}.time`,
      Math.max(median(m.subjectUi.ms), median(m.numberUi.ms)),
      'ms',
    );
    report.add(
      `device.search_${size}.query_time`,
      Math.max(median(m.subject.ms), median(m.number.ms), median(m.roman.ms)),
      'ms',
    );
    report.add(
      `device.search_${size}.keystroke_time`,
      Math.max(...m.keystrokes.flatMap(([, keys]) => keys.map((k) => median(k.ms)))),
      'ms',
    );
    report.add(`device.store_${size}.bytes_chromium`, m.storage, 'bytes');
    report.add(`device.pendency_${size}.time`, median(m.pendencyUi), 'ms');
    report.add(`device.pendency_${size}.query_time`, median(m.pendencyRaw.ms), 'ms');
    report.add(`device.join_${size}.time_chromium`, m.joinMs, 'ms');
    await then?.(tablet.page, server.origin, bench.office);
  } finally {
    await tablet?.context.close();
    await server.stop();
    rmSync(profile, { recursive: true, force: true });
  }
}
